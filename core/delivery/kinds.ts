// Delivery kinds, each declared once, in its feature folder beside its renderer:
//   export const roadshowInvitation = defineDeliveryKind({
//     kind: 'roadshow.invitation',
//     payload: z.object({ roadshowId: z.uuid() }),
//     render: async (db, { locale, payload, personId }) => ...,   // payload: { roadshowId: string }
//   });
//   export const deliveryKinds = [roadshowInvitation, ...];      // collected by core/delivery-kinds.ts
// The kind builds its outbox rows, `roadshowInvitation.delivery({ idempotencyKey, personId, channel,
// payload, notBefore })`, with the payload checked by TypeScript and by the schema; at send time the
// stored payload is parsed before `render` sees it. A stored payload that fails its schema throws, as
// an unparsable one always did: the delivery is retried, then dead-lettered with the reason.
// Kind strings are stored on rows: never rename one. Kinds starting with 'reminder.' are reminders
// (weekly cap, mutes; see send-delivery.ts).

import type { z } from 'zod';
import type { OutgoingMessage } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import type { DeliveryPayload, DeliveryRow, NewDelivery } from './outbox.ts';
import {
  type DeliveryBatchRenderer,
  type DeliveryContent,
  type DeliveryRenderer,
  isReminderKind,
} from './send-delivery.ts';

/** A payload schema: JSON objects in, JSON objects out (what is stored is what is read back). */
export type DeliveryPayloadSchema = z.ZodType<DeliveryPayload, DeliveryPayload>;

/** What a kind's renderer gets: the recipient, the sender's clock and the parsed payload. */
export interface KindContent<P> extends Omit<DeliveryContent, 'payload'> {
  payload: P;
}

/** One outbox row of a kind, as its caller describes it. */
export interface KindDelivery<P> extends Omit<DeliveryRow, 'kind' | 'payload'> {
  payload: P;
}

export interface DeliveryKindDefinition<K extends string, S extends DeliveryPayloadSchema> {
  /** Stored on every row of this kind: rows already written carry it, so it never changes. */
  kind: K;
  /** The payload: ids only, the renderer reloads the rest when it sends. */
  payload: S;
  /** The message, or null when it no longer applies (obsolete: skipped, not sent). */
  render(db: Db, content: KindContent<z.output<S>>): Promise<OutgoingMessage | null>;
  /**
   * Sent before whatever else waits on its channel (a coordinator watching their broadcast must not
   * wait behind its thousands of invitations). Default false.
   */
  first?: boolean;
  /**
   * Renders many rows of this kind at once (a batch the worker sends together), loading what they
   * share once — a broadcast's roadshow, the text per language and time zone — instead of once per
   * recipient. Each result is what `render` would give for that row. Optional: without it, `render`
   * runs per row.
   */
  renderMany?(db: Db, contents: KindContent<z.output<S>>[]): Promise<(OutgoingMessage | null)[]>;
}

/** What the sender needs of any kind: its name and how to render a stored row. */
export interface RegisteredDeliveryKind {
  readonly kind: string;
  /** Counts against the weekly reminder cap and can be muted ('reminder.' kinds). */
  readonly reminder: boolean;
  /** Renders a stored row: parses its payload with the schema (throws when it does not fit). */
  readonly renderStored: DeliveryRenderer;
  /** Queued ahead of what waits on its channel. */
  readonly first: boolean;
  /** Renders many stored rows at once, when the kind can share work between them. */
  readonly renderStoredMany?: DeliveryBatchRenderer;
}

export interface DeliveryKind<K extends string, S extends DeliveryPayloadSchema>
  extends Omit<DeliveryKindDefinition<K, S>, 'first' | 'renderMany'>,
    RegisteredDeliveryKind {
  readonly kind: K;
  /** An outbox row of this kind, for `enqueueDelivery`/`enqueueDeliveries`; throws on a bad payload. */
  delivery(row: KindDelivery<z.input<S>>): NewDelivery;
}

export function defineDeliveryKind<const K extends string, S extends DeliveryPayloadSchema>(
  definition: DeliveryKindDefinition<K, S>,
): DeliveryKind<K, S> {
  const { kind, payload: schema } = definition;
  const render = definition.render.bind(definition);
  const stored: DeliveryPayloadSchema = schema;
  return {
    kind,
    payload: schema,
    render,
    reminder: isReminderKind(kind),
    first: definition.first === true,
    delivery(row) {
      const checked: DeliveryRow = { ...row, kind, payload: stored.parse(row.payload) };
      return checked as NewDelivery;
    },
    renderStored: async (db, content) => render(db, { ...content, payload: schema.parse(content.payload) }),
    ...(definition.renderMany
      ? {
          renderStoredMany: async (db: Db, contents: DeliveryContent[]) =>
            definition.renderMany!(
              db,
              contents.map((content) => ({ ...content, payload: schema.parse(content.payload) })),
            ),
        }
      : {}),
  };
}

/**
 * Every feature's kinds in one list: a kind string declared twice (two features, or a copy and
 * paste) would send one kind's rows through the other's renderer, so it stops the program at load.
 */
export function collectDeliveryKinds(
  ...features: readonly (readonly RegisteredDeliveryKind[])[]
): readonly RegisteredDeliveryKind[] {
  const seen = new Set<string>();
  const all = features.flat();
  for (const { kind } of all) {
    if (seen.has(kind)) throw new Error(`delivery kind "${kind}" is declared twice`);
    seen.add(kind);
  }
  return all;
}

/** Kind → how a stored row of it renders: what the sender (`SendDeps.renderers`) looks up. */
export function deliveryRenderers(
  kinds: readonly RegisteredDeliveryKind[],
): Record<string, DeliveryRenderer> {
  return Object.fromEntries(kinds.map((k) => [k.kind, k.renderStored]));
}

/** Kind → how many stored rows of it render at once, for the kinds that can (`SendDeps.batchRenderers`). */
export function deliveryBatchRenderers(
  kinds: readonly RegisteredDeliveryKind[],
): Record<string, DeliveryBatchRenderer> {
  return Object.fromEntries(
    kinds.flatMap((k) => (k.renderStoredMany ? [[k.kind, k.renderStoredMany] as const] : [])),
  );
}
