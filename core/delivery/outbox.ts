// The delivery outbox: every outgoing proactive message is first a Delivery row with an
// idempotency key (e.g. "roadshow:<id>:person:<id>"), so enqueuing twice never sends twice.

import type { Channel, Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';

export interface NewDelivery {
  idempotencyKey: string;
  personId: string;
  channel: Channel;
  kind: string;
  /** Ids only: the sender reloads everything else when it sends. */
  payload: Prisma.InputJsonValue;
  notBefore?: Date;
}

export type EnqueueOutcome = { outcome: 'CREATED' | 'EXISTS'; id: string };

export async function enqueueDelivery(db: Db, delivery: NewDelivery): Promise<EnqueueOutcome> {
  const { count } = await db.delivery.createMany({
    data: [{ ...delivery, notBefore: delivery.notBefore ?? new Date() }],
    skipDuplicates: true,
  });
  const row = await db.delivery.findUniqueOrThrow({
    where: { idempotencyKey: delivery.idempotencyKey },
    select: { id: true },
  });
  return { outcome: count === 1 ? 'CREATED' : 'EXISTS', id: row.id };
}

/** Dead letters back to the queue, by an admin. */
export async function retryDeadDelivery(db: Db, id: string): Promise<boolean> {
  const { count } = await db.delivery.updateMany({
    where: { id, status: 'DEAD' },
    data: { status: 'PENDING', attempts: 0, lastError: null, notBefore: new Date() },
  });
  return count === 1;
}
