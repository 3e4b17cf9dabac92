// The public way in for an enterprise: `/start register` (Telegram `?start=register`, Slack
// `/revive start register`) from a chat account Revive does not know yet. The account becomes a
// person of its own, bound to this account only and allowed to act only in the enterprise roles
// (ChannelIdentity.allRoles false, grantedRoles ENTERPRISE_STAFF + ENTERPRISE_ADMIN); the person
// has no role until the registration is submitted, so nothing is visible to them before. The name
// is asked as the registration's first question.

import { audit } from '../audit.ts';
import type { IncomingMessage } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { DEFAULT_LOCALE, t, toLocale } from '../i18n.ts';
import { ENTERPRISE_ADMIN_ROLES } from './enterprises.ts';

/** The `/start` argument of the public registration link. */
export const REGISTER_START = 'register';
/** The chat command that opens (or resumes) the registration: what `/start register` runs. */
export const REGISTER_COMMAND = 'register';

export const isRegistrationStart = (args: string): boolean => args.trim().toLowerCase() === REGISTER_START;

/**
 * Makes sure the account belongs to a person: an unknown account gets a new person (named later,
 * in the registration) and its identity. An account already known is left as it is. Returns
 * whether a person was created.
 */
export async function joinToRegister(db: Db, message: IncomingMessage, now: Date): Promise<boolean> {
  const account = { channel: message.channel, externalId: message.userId };
  const known = await db.channelIdentity.findUnique({ where: { channel_externalId: account } });
  if (known) return false;
  const locale = toLocale(message.languageHint ?? DEFAULT_LOCALE);
  try {
    await db.$transaction(async (tx) => {
      const person = await tx.person.create({
        data: { name: t(locale, 'enterprises:register.unnamed'), locale, createdAt: now },
      });
      await tx.channelIdentity.create({
        data: {
          personId: person.id,
          ...account,
          address: message.address ?? null,
          allRoles: false,
          grantedRoles: [...ENTERPRISE_ADMIN_ROLES],
          createdAt: now,
        },
      });
      await audit(tx, {
        actorId: person.id,
        action: 'person.joined-to-register',
        subjectType: 'Person',
        subjectId: person.id,
        details: { channel: message.channel },
      });
    });
    return true;
  } catch (error) {
    // The same account's second `/start register` handled at the same time created it first.
    if (await db.channelIdentity.findUnique({ where: { channel_externalId: account } })) return false;
    throw error;
  }
}
