// The weekly digest for provincial IP bureau officers: one per officer and ISO week.

import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { isoWeekKey, preferredChannel } from '../delivery/recipients.ts';
import { bureauDigest } from '../progress/messages.ts';
import { DEFAULT_TIME_ZONE } from '../time-format.ts';

export async function enqueueBureauDigests(
  db: Db,
  now: Date,
  timeZone = DEFAULT_TIME_ZONE,
): Promise<{ enqueued: number }> {
  const week = isoWeekKey(now, timeZone);
  const officers = await db.roleAssignment.findMany({
    where: { role: 'BUREAU_OFFICER', province: { not: null } },
    include: { person: { include: { identities: { select: { channel: true } } } } },
  });
  let enqueued = 0;
  for (const officer of officers) {
    const channel = preferredChannel(officer.person.identities);
    if (!channel) continue;
    const result = await enqueueDelivery(
      db,
      bureauDigest.delivery({
        idempotencyKey: `${bureauDigest.kind}:${officer.personId}:${officer.province}:${week}`,
        personId: officer.personId,
        channel,
        payload: { province: officer.province! },
        notBefore: now,
      }),
    );
    if (result.outcome === 'CREATED') enqueued += 1;
  }
  return { enqueued };
}
