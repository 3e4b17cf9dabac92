import type { Msg } from '../i18n.ts';

/** A refusal to show the person: not theirs, not allowed, gone. Carries a localized message. */
export class Refusal extends Error {
  constructor(
    readonly reason: Msg,
    detail?: string,
  ) {
    super(detail ?? reason.key);
  }
}

export const refuse = (key: string, detail?: string): never => {
  throw new Refusal({ key: `chat:refusal.${key}` }, detail);
};
