// Coordinators with self-assessments waiting for their screening get a weekly reminder.
import { TZDate } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import type { Channel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { loadActor } from '../people/actor.ts';
import { screeningCounts } from '../screening/queue.ts';

export const SCREENING_REMINDER = 'reminder.screening';
const CHANNEL_PREFERENCE: Channel[] = ['TELEGRAM', 'SLACK', 'TERMINAL'];

export async function enqueueScreeningReminders(
  db: Db,
  now: Date = new Date(),
  timeZone = 'Asia/Shanghai',
): Promise<{ enqueued: number }> {
  const local = new TZDate(now.getTime(), timeZone);
  const week = `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`;
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
    const channel = CHANNEL_PREFERENCE.find((c) => identities.some((i) => i.channel === c));
    if (!channel) continue;
    const result = await enqueueDelivery(db, {
      idempotencyKey: `${SCREENING_REMINDER}:${personId}:${week}`,
      personId,
      channel,
      kind: SCREENING_REMINDER,
      payload: {},
      notBefore: now,
    });
    if (result.outcome === 'CREATED') enqueued += 1;
  }
  return { enqueued };
}
