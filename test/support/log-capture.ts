// The project's logger writing into memory: each test reads the JSON lines it logged.
import { Writable } from 'node:stream';
import { createLogger } from '../../core/logger.ts';

export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // pino writes synchronously to a plain Writable: the line is there when the call returns.
  const logger = createLogger({ LOG_LEVEL: 'info' }, stream);
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, entries };
}
