// The cadence shared by reminders that back off: reminder n is due `cadenceDays[n]` days after the
// later of the last reminder and the last activity, and there are at most `cadenceDays.length`.
// Reminders already enqueued are outbox rows keyed `<keyPrefix><n>`, so the count is read from there.
import type { Db } from '../db/database.ts';

const DAY = 86_400_000;

/** The number of the reminder due now under `keyPrefix`, or null when none is. */
export async function dueReminderStep(
  db: Db,
  keyPrefix: string,
  cadenceDays: readonly number[],
  lastActivity: Date,
  now: Date,
): Promise<number | null> {
  const previous = await db.delivery.findMany({
    where: { idempotencyKey: { startsWith: keyPrefix } },
    select: { notBefore: true },
    orderBy: { notBefore: 'desc' },
  });
  const n = previous.length;
  if (n >= cadenceDays.length) return null;
  const since = Math.max(lastActivity.getTime(), previous[0]?.notBefore.getTime() ?? 0);
  return now.getTime() - since >= cadenceDays[n]! * DAY ? n : null;
}
