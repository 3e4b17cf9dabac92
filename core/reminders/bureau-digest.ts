// The weekly digest for provincial IP bureau officers: one per officer and ISO week.
import { TZDate } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import type { Channel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { BUREAU_DIGEST } from '../delivery/renderers/progress.ts';

const CHANNEL_PREFERENCE: Channel[] = ['TELEGRAM', 'SLACK', 'TERMINAL'];

export async function enqueueBureauDigests(
  db: Db,
  now: Date = new Date(),
  timeZone = 'Asia/Shanghai',
): Promise<{ enqueued: number }> {
  const local = new TZDate(now.getTime(), timeZone);
  const week = `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`;
  const officers = await db.roleAssignment.findMany({
    where: { role: 'BUREAU_OFFICER', province: { not: null } },
    include: { person: { include: { identities: { select: { channel: true } } } } },
  });
  let enqueued = 0;
  for (const officer of officers) {
    const channel = CHANNEL_PREFERENCE.find((c) => officer.person.identities.some((i) => i.channel === c));
    if (!channel) continue;
    const result = await enqueueDelivery(db, {
      idempotencyKey: `${BUREAU_DIGEST}:${officer.personId}:${officer.province}:${week}`,
      personId: officer.personId,
      channel,
      kind: BUREAU_DIGEST,
      payload: { province: officer.province! },
      notBefore: now,
    });
    if (result.outcome === 'CREATED') enqueued += 1;
  }
  return { enqueued };
}
