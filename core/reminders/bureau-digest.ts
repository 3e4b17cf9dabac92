// The weekly digests: a province's for each of its bureau officers, an institution's (by college)
// for each of its university coordinators. The schedule runs every hour on the hour; a person gets
// theirs in the hour of the weekday they chose (DigestPreference; default Monday 09:00 in the
// campaign's time zone), at most once per scope and ISO week (the outbox's idempotency key), never
// when muted. Quiet hours are the outbox's business (a digest due at night waits for the morning).
import { TZDate } from '@date-fns/tz';
import type { Db } from '../db/database.ts';
import { enqueueDeliveries } from '../delivery/outbox.ts';
import { isoWeekKey, preferredChannel } from '../delivery/recipients.ts';
import { bureauDigest, institutionDigest } from '../progress/messages.ts';
import { DEFAULT_TIME_ZONE } from '../time-format.ts';

export const DEFAULT_DIGEST_WEEKDAY = 1;
export const DEFAULT_DIGEST_HOUR = 9;

export async function enqueueBureauDigests(
  db: Db,
  now: Date,
  timeZone = DEFAULT_TIME_ZONE,
): Promise<{ enqueued: number }> {
  const local = new TZDate(now.getTime(), timeZone);
  const weekday = ((local.getDay() + 6) % 7) + 1;
  const hour = local.getHours();
  const week = isoWeekKey(now, timeZone);
  const recipients = await db.roleAssignment.findMany({
    where: {
      OR: [
        { role: 'BUREAU_OFFICER', province: { not: null } },
        { role: 'UNIVERSITY_COORDINATOR', institutionId: { not: null } },
      ],
      person: {
        deactivatedAt: null,
        // The default (no row) is Monday 09:00; a row says otherwise, or mutes.
        ...(weekday === DEFAULT_DIGEST_WEEKDAY && hour === DEFAULT_DIGEST_HOUR
          ? { OR: [{ digestPreference: null }, { digestPreference: { weekday, hour, muted: false } }] }
          : { digestPreference: { weekday, hour, muted: false } }),
      },
    },
    include: { person: { include: { identities: { select: { channel: true } } } } },
  });
  const rows = recipients.flatMap((r) => {
    const channel = preferredChannel(r.person.identities);
    if (!channel) return [];
    if (r.role === 'BUREAU_OFFICER')
      return [
        bureauDigest.delivery({
          idempotencyKey: `${bureauDigest.kind}:${r.personId}:${r.province}:${week}`,
          personId: r.personId,
          channel,
          payload: { province: r.province! },
          notBefore: now,
        }),
      ];
    return [
      institutionDigest.delivery({
        idempotencyKey: `${institutionDigest.kind}:${r.personId}:${r.institutionId}:${week}`,
        personId: r.personId,
        channel,
        payload: { institutionId: r.institutionId! },
        notBefore: now,
      }),
    ];
  });
  if (rows.length === 0) return { enqueued: 0 };
  return { enqueued: await enqueueDeliveries(db, rows) };
}
