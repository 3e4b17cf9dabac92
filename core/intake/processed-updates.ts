// Platforms redeliver (Telegram retries a webhook, Slack retries events, a second instance sees the
// same update): the first claim of an update key wins and every later one is skipped.
// Claiming happens before handling, so a crash mid-handling loses that one input rather than
// applying it twice; the person simply sends it again.
import type { Db } from '../db/database.ts';

export async function claimUpdate(db: Db, source: string, key: string, now: Date): Promise<boolean> {
  const { count } = await db.processedUpdate.createMany({
    data: [{ source, key, processedAt: now }],
    skipDuplicates: true,
  });
  return count === 1;
}

/**
 * How long a claim is kept: longer than any platform redelivers (Telegram keeps an undelivered update
 * 24 h, Slack retries an event for about an hour), with a day's margin for an outage of ours.
 */
export const PROCESSED_UPDATE_RETENTION_MS = 2 * 86_400_000;

/** Old keys are only needed while a platform may still redeliver. */
export async function forgetProcessedBefore(db: Db, before: Date): Promise<number> {
  const { count } = await db.processedUpdate.deleteMany({ where: { processedAt: { lt: before } } });
  return count;
}

/** The daily housekeeping schedule: without it the table grows with every update ever received. */
export const forgetOldProcessedUpdates = (db: Db, now: Date): Promise<number> =>
  forgetProcessedBefore(db, new Date(now.getTime() - PROCESSED_UPDATE_RETENTION_MS));
