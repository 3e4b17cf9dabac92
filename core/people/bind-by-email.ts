// First contact from a platform account we do not know yet: when the platform vouches for the
// account's email address (Slack: the workspace profile email, confirmed by Slack), the account is
// bound to the Person registered with that email. Invitations (/start <token>) remain the way in
// for everyone else. Each binding is audited.

import { audit } from '../audit.ts';
import type { ChannelName } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';

export interface VerifiedProfile {
  /** Only an address the platform has confirmed; null when it has none or has not confirmed it. */
  email: string | null;
  /** Where proactive messages reach this account (Slack: the DM channel id). */
  address: string | null;
}

export type BindByEmailOutcome =
  /** The account was bound already; nothing was looked up. */
  | { outcome: 'KNOWN'; personId: string }
  | { outcome: 'BOUND'; personId: string }
  /** No confirmed email, or nobody registered with it. */
  | { outcome: 'NO_MATCH' }
  /**
   * The Person already uses another account on this channel: a second one is not added silently
   * (that would let a renamed email take over an identity); an invitation can still add it.
   */
  | { outcome: 'TAKEN'; personId: string };

export async function bindByEmail(
  db: Db,
  account: { channel: ChannelName; externalId: string },
  lookup: () => Promise<VerifiedProfile | null>,
): Promise<BindByEmailOutcome> {
  const key = { channel_externalId: { channel: account.channel, externalId: account.externalId } };
  const existing = await db.channelIdentity.findUnique({ where: key });
  if (existing) return { outcome: 'KNOWN', personId: existing.personId };
  const profile = await lookup();
  const email = profile?.email?.trim();
  if (!profile || !email) return { outcome: 'NO_MATCH' };
  // Emails are unique as stored, but people type them with varying case.
  const people = await db.person.findMany({
    where: { email: { equals: email, mode: 'insensitive' } },
    take: 2,
  });
  // A deactivated person signs in nowhere.
  if (people.length !== 1 || people[0]!.deactivatedAt !== null) return { outcome: 'NO_MATCH' };
  const person = people[0]!;
  return db.$transaction(async (tx) => {
    const other = await tx.channelIdentity.findFirst({
      where: { personId: person.id, channel: account.channel },
    });
    if (other) return { outcome: 'TAKEN', personId: person.id } as const;
    const created = await tx.channelIdentity.createMany({
      data: [
        {
          personId: person.id,
          channel: account.channel,
          externalId: account.externalId,
          address: profile.address,
        },
      ],
      skipDuplicates: true,
    });
    // A concurrent first contact (two events at once) bound it already: same outcome.
    if (created.count === 0) return { outcome: 'BOUND', personId: person.id } as const;
    await audit(tx, {
      actorId: person.id,
      action: 'identity.bound-by-email',
      subjectType: 'Person',
      subjectId: person.id,
      details: { channel: account.channel, externalId: account.externalId },
    });
    return { outcome: 'BOUND', personId: person.id } as const;
  });
}
