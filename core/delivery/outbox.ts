// The delivery outbox: every outgoing proactive message is first a Delivery row with an
// idempotency key (e.g. "roadshow:<id>:person:<id>"), so enqueuing twice never sends twice.
// Rows are built by their kind (`kind.delivery(...)`, core/delivery/kinds.ts), which checks the
// payload against the kind's schema: nothing else can make a `NewDelivery`.

import { randomUUID } from 'node:crypto';
import type { Channel } from '../../prisma/generated/client.ts';
import { machineTimeMs } from '../clock.ts';
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

/** Rows per INSERT: each column goes as one array parameter, so only the statement's size limits it. */
const BULK_CHUNK = 5000;

/**
 * Many deliveries at once (a broadcast's invitations): one INSERT per few thousand rows, with the
 * same idempotency as `enqueueDelivery`. Returns how many were new. In SQL, each column an array:
 * Prisma's createMany spends seconds of CPU building the statement for thousands of rows (measured:
 * a 5 000-recipient roadshow published in 9 s, most of it there), the database milliseconds.
 */
export async function enqueueDeliveries(db: Db, deliveries: NewDelivery[]): Promise<number> {
  let created = 0;
  // What Prisma's @updatedAt would write: the machine's time (a PENDING row's updatedAt decides nothing).
  const written = new Date(machineTimeMs()).toISOString();
  for (let i = 0; i < deliveries.length; i += BULK_CHUNK) {
    const chunk = deliveries.slice(i, i + BULK_CHUNK);
    created += await db.$executeRaw`
      INSERT INTO "Delivery" ("id", "idempotencyKey", "personId", "channel", "kind", "payload", "notBefore", "updatedAt")
      SELECT v."id", v."key", v."person", v."channel"::"Channel", v."kind", v."payload", v."notBefore", ${written}::timestamp(3)
      FROM unnest(
        ${chunk.map(() => randomUUID())}::uuid[],
        ${chunk.map((d) => d.idempotencyKey)}::text[],
        ${chunk.map((d) => d.personId)}::uuid[],
        ${chunk.map((d) => d.channel)}::text[],
        ${chunk.map((d) => d.kind)}::text[],
        ${chunk.map((d) => JSON.stringify(d.payload))}::jsonb[],
        ${chunk.map((d) => d.notBefore.toISOString())}::timestamp(3)[]
      ) AS v("id", "key", "person", "channel", "kind", "payload", "notBefore")
      ON CONFLICT ("idempotencyKey") DO NOTHING`;
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
