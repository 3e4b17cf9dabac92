import type { Msg } from './i18n.ts';

/** A refusal to show the person: not theirs, not allowed, gone. Carries a localized message. */
export class Refusal extends Error {
  constructor(
    readonly reason: Msg,
    detail?: string,
  ) {
    super(detail ?? reason.key);
  }
}

/** Refuses with the message at `key`, a full "namespace:key" ("screening:refusal.not_allowed"). */
export function refuseWith(key: string, detail?: string): never {
  throw new Refusal({ key }, detail);
}

/** The chat's own refusals: `refuse('not_your_patent')` is chat:refusal.not_your_patent. */
export const refuse = (key: string, detail?: string): never => refuseWith(`chat:refusal.${key}`, detail);
