// Moves due outbox rows into the queues. The database is the source of truth: if Redis lost its
// jobs (a restart without persistence) or a process died between writing a Delivery and queueing
// it, the next relay pass queues it again — and the Delivery's status makes sending idempotent.
// A row left SENDING long ago whose job is gone too (the whole machine restarted, Redis empty) is
// queued once more so that a worker settles it (reconciled, or a dead letter), instead of never.
import type { Db } from '../core/db/database.ts';
import { DELIVERY_JOB_OPTIONS, type DeliveryQueues, scheduleDeliveries } from './delivery-queues.ts';

const HORIZON_MS = 60 * 60 * 1000;
/** Far longer than any send takes: a row SENDING for this long has lost its sender. */
export const STALE_SENDING_MS = 10 * 60 * 1000;

export async function relayDueDeliveries(
  db: Db,
  queues: DeliveryQueues,
  options: { now: Date; batch?: number },
): Promise<number> {
  const { now } = options;
  const due = await db.delivery.findMany({
    where: { status: 'PENDING', notBefore: { lte: new Date(now.getTime() + HORIZON_MS) } },
    orderBy: { notBefore: 'asc' },
    take: options.batch ?? 5000,
    select: { id: true, channel: true, notBefore: true },
  });
  await scheduleDeliveries(queues, due, now);
  const stale = await db.delivery.findMany({
    // A claim stamps updatedAt with the same clock (send-delivery.ts).
    where: { status: 'SENDING', updatedAt: { lt: new Date(now.getTime() - STALE_SENDING_MS) } },
    take: options.batch ?? 5000,
    select: { id: true, channel: true, updatedAt: true },
  });
  for (const delivery of stale) {
    // Its own job id: the original job may still be kept as completed or failed under the usual one.
    await queues[delivery.channel].add(
      'send',
      { deliveryId: delivery.id },
      { ...DELIVERY_JOB_OPTIONS, jobId: `${delivery.id}-stale-${delivery.updatedAt.getTime()}` },
    );
  }
  return due.length + stale.length;
}
