// The delivery outbox: every outgoing proactive message is first a Delivery row with an
// idempotency key (e.g. "roadshow:<id>:person:<id>"), so enqueuing twice never sends twice.
// Rows are built by their kind (`kind.delivery(...)`, core/delivery/kinds.ts), which checks the
// payload against the kind's schema: nothing else can make a `NewDelivery`.

import type { Channel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** What a payload may be: a JSON object (of ids), stored as it is in the row's Json column. */
export type DeliveryPayload = { [key: string]: JsonValue };

/** An outbox row. */
export interface DeliveryRow {
  idempotencyKey: string;
  personId: string;
  channel: Channel;
  kind: string;
  /** Ids only: the sender reloads everything else when it sends. Checked by the kind's schema. */
  payload: DeliveryPayload;
  /** Not sent before this instant: the caller's clock's now for "as soon as allowed". */
  notBefore: Date;
}

declare const builtByItsKind: unique symbol;
/** A row made by its kind (`kind.delivery(...)`), its payload checked: what the outbox accepts. */
export type NewDelivery = DeliveryRow & { readonly [builtByItsKind]: true };

export type EnqueueOutcome = { outcome: 'CREATED' | 'EXISTS'; id: string };

export async function enqueueDelivery(db: Db, delivery: NewDelivery): Promise<EnqueueOutcome> {
  const { count } = await db.delivery.createMany({
    data: [delivery],
    skipDuplicates: true,
  });
  const row = await db.delivery.findUniqueOrThrow({
    where: { idempotencyKey: delivery.idempotencyKey },
    select: { id: true },
  });
  return { outcome: count === 1 ? 'CREATED' : 'EXISTS', id: row.id };
}

/** Rows per INSERT: well under PostgreSQL's 65 535 bind parameters (7 columns a row). */
const BULK_CHUNK = 1000;

/**
 * Many deliveries at once (a broadcast's invitations): a few INSERTs instead of two queries per
 * recipient, with the same idempotency as `enqueueDelivery`. Returns how many were new.
 */
export async function enqueueDeliveries(db: Db, deliveries: NewDelivery[]): Promise<number> {
  let created = 0;
  for (let i = 0; i < deliveries.length; i += BULK_CHUNK) {
    const { count } = await db.delivery.createMany({
      data: deliveries.slice(i, i + BULK_CHUNK),
      skipDuplicates: true,
    });
    created += count;
  }
  return created;
}

/**
 * A dead letter back to the queue, unaudited (tests, scripts of the program's own). Operators use
 * `retryDeadLetter` (dead-letters.ts): authorized and audited.
 */
export async function retryDeadDelivery(db: Db, id: string, now: Date): Promise<boolean> {
  const { count } = await db.delivery.updateMany({
    where: { id, status: 'DEAD' },
    data: {
      status: 'PENDING',
      attempts: 0,
      requeues: 0,
      resolvedAt: null,
      lastError: null,
      notBefore: now,
      updatedAt: now,
    },
  });
  return count === 1;
}
