// Telling people something through the outbox: one row of a kind per person who has a chat account
// (on their preferred channel), keyed by kind, a caller's key and the person, so that a repeated call
// sends nothing twice. Deactivated people are not told.
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { DeliveryKind, DeliveryPayloadSchema } from './kinds.ts';
import { enqueueDelivery } from './outbox.ts';
import { preferredChannel } from './recipients.ts';

/** Returns how many rows were new. `payload` may differ per person (what each is told). */
export async function notifyPeople<K extends string, S extends DeliveryPayloadSchema>(
  db: Db,
  kind: DeliveryKind<K, S>,
  personIds: readonly string[],
  payload: z.input<S> | ((personId: string) => z.input<S>),
  now: Date,
  key: string,
): Promise<number> {
  let created = 0;
  const people = await db.person.findMany({
    where: { id: { in: [...new Set(personIds)] }, deactivatedAt: null },
    select: { id: true, identities: { select: { channel: true } } },
  });
  for (const person of people) {
    const channel = preferredChannel(person.identities);
    if (!channel) continue;
    const result = await enqueueDelivery(
      db,
      kind.delivery({
        idempotencyKey: `${kind.kind}:${key}:person:${person.id}`,
        personId: person.id,
        channel,
        payload: typeof payload === 'function' ? payload(person.id) : payload,
        notBefore: now,
      }),
    );
    if (result.outcome === 'CREATED') created += 1;
  }
  return created;
}
