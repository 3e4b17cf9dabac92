// Moves due outbox rows into the queues. The database is the source of truth: if Redis lost its
// jobs (a restart without persistence) or a process died between writing a Delivery and queueing
// it, the next relay pass queues it again — and the Delivery's status makes sending idempotent.
import type { Db } from '../core/db/database.ts';
import { type DeliveryQueues, scheduleDelivery } from './delivery-queues.ts';

const HORIZON_MS = 60 * 60 * 1000;

export async function relayDueDeliveries(
  db: Db,
  queues: DeliveryQueues,
  options: { now?: Date; batch?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const due = await db.delivery.findMany({
    where: { status: 'PENDING', notBefore: { lte: new Date(now.getTime() + HORIZON_MS) } },
    orderBy: { notBefore: 'asc' },
    take: options.batch ?? 5000,
    select: { id: true, channel: true, notBefore: true },
  });
  for (const delivery of due) await scheduleDelivery(queues, delivery, now);
  return due.length;
}
