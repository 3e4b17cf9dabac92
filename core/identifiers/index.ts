export * from './cn-application-number.ts';
export * from './credit-code.ts';
export * from './ipc.ts';
export * from './locarno.ts';
export * from './publication-number.ts';
