// Coordinators with self-assessments waiting for their screening get a weekly reminder.

import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { isoWeekKey, preferredChannel } from '../delivery/recipients.ts';
import { loadActor } from '../people/actor.ts';
import { screeningReminder } from '../screening/messages.ts';
import { screeningCounts } from '../screening/queue.ts';
import { DEFAULT_TIME_ZONE } from '../time-format.ts';

export async function enqueueScreeningReminders(
  db: Db,
  now: Date,
  timeZone = DEFAULT_TIME_ZONE,
): Promise<{ enqueued: number }> {
  const week = isoWeekKey(now, timeZone);
  const coordinators = await db.roleAssignment.findMany({
    where: { role: { in: ['COLLEGE_COORDINATOR', 'UNIVERSITY_COORDINATOR'] } },
    select: { personId: true },
    distinct: ['personId'],
  });
  let enqueued = 0;
  for (const { personId } of coordinators) {
    const actor = await loadActor(db, personId);
    if (!actor) continue;
    const counts = await screeningCounts(db, actor);
    if (counts.COLLEGE + counts.UNIVERSITY === 0) continue;
    const identities = await db.channelIdentity.findMany({ where: { personId }, select: { channel: true } });
    const channel = preferredChannel(identities);
    if (!channel) continue;
    const result = await enqueueDelivery(
      db,
      screeningReminder.delivery({
        idempotencyKey: `${screeningReminder.kind}:${personId}:${week}`,
        personId,
        channel,
        payload: {},
        notBefore: now,
      }),
    );
    if (result.outcome === 'CREATED') enqueued += 1;
  }
  return { enqueued };
}
