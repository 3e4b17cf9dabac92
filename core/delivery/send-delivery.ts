// Sends Delivery rows through their channel, exactly once as far as we can know, many at a time:
// - the rows are claimed (PENDING → SENDING) atomically, so two workers never both send one;
// - a row found SENDING was claimed by a sender that died mid-send. Where the platform can be asked
//   (Slack keeps the idempotency key as message metadata) its answer decides: found → SENT with
//   that message, not found → sent now. Elsewhere (Telegram) whether it arrived is unknown, so it is
//   not sent again (no doubles) but marked DEAD for an admin to check;
// - quiet hours, the weekly reminder cap and mutes defer or skip instead of sending.
//
// A batch (what a worker's jobs bring within a moment) costs a few round trips however large: rows,
// people and chat identities read at once, mutes and the weekly cap read at once, what a kind's rows
// share rendered once (`renderMany`), the claims and the results written at once. Each message waits
// for its own slot of the channel's send rate right before its request (`pace`), and the rows are
// claimed in small groups just before their slots, so that a crash leaves few rows claimed but not
// sent.

import { ChannelOutcomeUnknown, ChannelPermanentFailure, ChannelRateLimited } from '../channel/errors.ts';
import type { ChannelName, ChannelPort, OutgoingMessage } from '../channel/messages.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { type Locale, toLocale } from '../i18n.ts';
import { DEFAULT_WEEKLY_REMINDER_CAP, nextSendableTime, nextUnderWeeklyCap } from './policy.ts';

export type SendOutcome =
  /** `reconciled`: sent before a crash, found on the platform afterwards, not sent again. */
  | { outcome: 'SENT'; providerMessageId: string; reconciled?: true }
  | { outcome: 'ALREADY_DONE' }
  | { outcome: 'DEFERRED'; until: Date; reason: 'quiet-hours' | 'weekly-cap' }
  | { outcome: 'SKIPPED'; reason: string }
  | { outcome: 'FAILED'; reason: string }
  | { outcome: 'UNCERTAIN' }
  /** The recipient's chat is at its per-chat rate; try again in `retryInMs` (nothing changed). */
  | { outcome: 'THROTTLED'; retryInMs: number };

/** A row's outcome, or the error its job should fail with (retried by the queue). */
export type SendResult = { ok: SendOutcome } | { error: unknown };

export interface DeliveryContent {
  locale: Locale;
  /** The recipient's time zone, as the sender read it with the row (a batch renderer needs no reload). */
  timeZone?: string;
  payload: unknown;
  personId: string;
  /** The sender's clock when it renders: what "days left" or "tomorrow" count from. */
  now: Date;
}

/** Builds the message of a kind of delivery, or null when it no longer applies (obsolete). */
export type DeliveryRenderer = (db: Db, content: DeliveryContent) => Promise<OutgoingMessage | null>;
/** Builds the messages of many rows of one kind at once (core/delivery/kinds.ts `renderMany`). */
export type DeliveryBatchRenderer = (
  db: Db,
  contents: DeliveryContent[],
) => Promise<(OutgoingMessage | null)[]>;

/** Which rate a message is sent at: Telegram's paid broadcast has its own, much higher one. */
export type SendTier = 'standard' | 'paid';

export interface SendDeps {
  db: Db;
  ports: Partial<Record<ChannelName, ChannelPort>>;
  renderers: Record<string, DeliveryRenderer>;
  /** Kinds that render many rows at once; the others render one by one. */
  batchRenderers?: Record<string, DeliveryBatchRenderer>;
  clock: Clock;
  weeklyReminderCap?: number;
  /**
   * Per-chat rate limits (Telegram 1 message/s per chat, Slack 1/s per channel): for each address,
   * milliseconds to wait before this chat may receive another message, 0 when it may now (and the
   * slot is taken).
   */
  chatGate?: (channel: ChannelName, addresses: readonly string[]) => Promise<number[]>;
  /**
   * The messages into these chats go in `inMs[i]` milliseconds (0: just went): their per-chat
   * spacing counts from then, not from when the chat was taken (a message waits for its slot of the
   * rate in between).
   */
  chatHold?: (channel: ChannelName, addresses: readonly string[], inMs: readonly number[]) => Promise<void>;
  /**
   * The channel's send rate: reserves a slot for each of `count` messages at this tier and says, for
   * each, how many milliseconds from now it may go. Without it, everything goes at once.
   */
  pace?: (channel: ChannelName, tier: SendTier, count: number) => Promise<number[]>;
  /** The platform answered 429: the channel's rate stops for everyone for `ms`. */
  rateLimited?: (channel: ChannelName, ms: number) => Promise<void>;
  /**
   * Which of these rows may go as a paid broadcast (Telegram's allow_paid_broadcast), within the
   * spending cap. Without it, none.
   */
  paidBroadcast?: (
    rows: readonly { id: string; channel: ChannelName; payload: unknown }[],
  ) => Promise<Set<string>>;
}

/** Kinds that nag (reminders, nudges) count against the weekly cap and respect mutes. */
export const isReminderKind = (kind: string) => kind.startsWith('reminder.');

export const UNCERTAIN_ERROR = 'interrupted during send: unknown whether it arrived';
/** Slack's clock and ours may differ: look a little further back than the claim. */
const CLOCK_SKEW_MS = 60_000;
/** Rows claimed together: those whose slots fall within this span (a crash leaves at most these). */
const CLAIM_SPAN_MS = 50;

/** One row: its outcome, or the error its job fails with. */
export async function sendDelivery(deps: SendDeps, deliveryId: string): Promise<SendOutcome> {
  const result = (await sendDeliveries(deps, [deliveryId])).get(deliveryId)!;
  if ('error' in result) throw result.error;
  return result.ok;
}

/** A row to send, with what its recipient's person and chat identity say. */
interface Row {
  id: string;
  idempotencyKey: string;
  personId: string;
  channel: ChannelName;
  kind: string;
  payload: unknown;
  status: string;
  updatedAt: Date;
  person: { locale: string; timeZone: string; deactivatedAt: Date | null };
  /** The person's account on the row's channel, if any. */
  identity: { externalId: string; address: string | null } | null;
}

type RawRow = Omit<Row, 'person' | 'identity'> & {
  locale: string;
  timeZone: string;
  deactivatedAt: Date | null;
  externalId: string | null;
  address: string | null;
};

/**
 * The rows with their people and chat identities in one statement: the sender's hottest query, where
 * Prisma's query building costs several times the database's work (measured: 12 ms of CPU for 100
 * rows with their people, 4 ms for this).
 */
async function loadRows(db: Db, ids: readonly string[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT d."id", d."idempotencyKey", d."personId", d."channel"::text AS "channel", d."kind", d."payload",
           d."status"::text AS "status", d."updatedAt", p."locale", p."timeZone", p."deactivatedAt",
           i."externalId", i."address"
    FROM "Delivery" d
    JOIN "Person" p ON p."id" = d."personId"
    LEFT JOIN LATERAL (
      SELECT c."externalId", c."address" FROM "ChannelIdentity" c
      WHERE c."personId" = d."personId" AND c."channel" = d."channel"
      LIMIT 1
    ) i ON true
    WHERE d."id" = ANY(${[...ids]}::uuid[])`;
  return rows.map(({ locale, timeZone, deactivatedAt, externalId, address, ...row }) => ({
    ...row,
    person: { locale, timeZone, deactivatedAt },
    identity: externalId === null ? null : { externalId, address },
  }));
}

/** PENDING → SENDING for those still PENDING, stamped with the claim's time; returns their ids. */
async function claim(db: Db, ids: readonly string[], at: Date): Promise<Set<string>> {
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Delivery" SET "status" = 'SENDING', "attempts" = "attempts" + 1,
      "updatedAt" = ${at.toISOString()}::timestamp(3)
    WHERE "id" = ANY(${[...ids]}::uuid[]) AND "status" = 'PENDING'
    RETURNING "id"`;
  return new Set(claimed.map((r) => r.id));
}

interface Ready {
  row: Row;
  message: OutgoingMessage;
  to: { channel: ChannelName; userId: string; address: string | null };
  port: ChannelPort;
  tier: SendTier;
  /** Milliseconds from the batch's start until its slot of the send rate. */
  at: number;
}

/**
 * Many rows at once (see the top of this file); every id gets a result. `settled` hears each sent
 * (or refused) row as soon as its result is recorded, before the batch's last slot: the worker then
 * completes its job and takes another, so that the next batch reserves its slots while this one still
 * sends (waiting for the whole batch left the rate idle between batches).
 */
export async function sendDeliveries(
  deps: SendDeps,
  ids: readonly string[],
  settled?: (id: string, result: SendResult) => void,
): Promise<Map<string, SendResult>> {
  const { db } = deps;
  const now = deps.clock.now();
  const results = new Map<string, SendResult>();
  const done = (id: string, outcome: SendOutcome) => results.set(id, { ok: outcome });
  // In the order the jobs came (a coordinator's progress message queued ahead gets the first slot).
  const order = new Map([...new Set(ids)].map((id, i) => [id, i]));
  const rows = (await loadRows(db, [...order.keys()])).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const found = new Set(rows.map((r) => r.id));
  for (const id of ids) if (!found.has(id)) done(id, { outcome: 'SKIPPED', reason: 'gone' });

  const pending: Row[] = [];
  for (const row of rows) {
    if (row.status === 'SENDING') {
      try {
        const settled = await settleInterrupted(deps, row);
        if (settled) done(row.id, settled);
        else pending.push({ ...row, status: 'PENDING' });
      } catch (error) {
        results.set(row.id, { error });
      }
    } else if (row.status === 'PENDING') pending.push(row);
    else done(row.id, { outcome: 'ALREADY_DONE' });
  }

  const skips = new Map<string, string>();
  const defers: { row: Row; until: Date; reason: 'quiet-hours' | 'weekly-cap' }[] = [];
  const fails = new Map<string, string>();
  const decided = await decideByPolicy(deps, pending, now);
  const sendable: Row[] = [];
  for (const row of pending) {
    const decision = decided.get(row.id);
    if (decision?.skip) skips.set(row.id, decision.skip);
    else if (decision?.defer) defers.push({ row, ...decision.defer });
    else sendable.push(row);
  }

  const messages = await renderAll(deps, sendable, now);
  const ready: Omit<Ready, 'tier' | 'at'>[] = [];
  for (const [i, row] of sendable.entries()) {
    const message = messages[i];
    if (message instanceof MissingRenderer) fails.set(row.id, message.message);
    else if (message instanceof Error) results.set(row.id, { error: message });
    else if (message === null || message === undefined) skips.set(row.id, 'obsolete');
    else {
      const port = deps.ports[row.channel];
      const { identity } = row;
      if (!port) fails.set(row.id, `channel ${row.channel} is not running`);
      else if (!identity) fails.set(row.id, `no ${row.channel} identity`);
      else
        ready.push({
          row,
          message,
          port,
          to: { channel: row.channel, userId: identity.externalId, address: identity.address },
        });
    }
  }

  await Promise.all([
    ...[...groupBy(skips, (reason) => reason)].map(([reason, skipped]) =>
      db.delivery.updateMany({
        where: { id: { in: skipped }, status: 'PENDING' },
        data: { status: 'SKIPPED', lastError: reason },
      }),
    ),
    ...defers.map(({ row, until }) =>
      db.delivery.updateMany({
        where: { id: row.id, status: 'PENDING' },
        // A new due time is a new job (jobs/delivery-queues.ts): its count of lost jobs starts again.
        data: { notBefore: until, requeues: 0 },
      }),
    ),
    ...[...groupBy(fails, (reason) => reason)].map(([reason, failed]) =>
      db.delivery.updateMany({
        where: { id: { in: failed } },
        data: { status: 'FAILED', lastError: reason },
      }),
    ),
  ]);
  for (const [id, reason] of skips) done(id, { outcome: 'SKIPPED', reason });
  for (const { row, until, reason } of defers) done(row.id, { outcome: 'DEFERRED', until, reason });
  for (const [id, reason] of fails) done(id, { outcome: 'FAILED', reason });

  const paced = await gateAndPace(deps, ready, results);
  await Promise.all(chunks(paced).map((chunk) => sendChunk(deps, chunk, results, settled)));
  return results;
}

function groupBy<V>(entries: Map<string, V>, key: (value: V) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [id, value] of entries) groups.set(key(value), [...(groups.get(key(value)) ?? []), id]);
  return groups;
}

type Decision = { skip?: string; defer?: { until: Date; reason: 'quiet-hours' | 'weekly-cap' } };

/** Deactivated people, mutes, quiet hours and the weekly reminder cap, for all rows at once. */
async function decideByPolicy(
  deps: SendDeps,
  rows: readonly Row[],
  now: Date,
): Promise<Map<string, Decision>> {
  const { db } = deps;
  const decided = new Map<string, Decision>();
  const reminders = rows.filter((r) => isReminderKind(r.kind) && r.person.deactivatedAt === null);
  const people = [...new Set(reminders.map((r) => r.personId))];
  const [mutes, recent] =
    reminders.length === 0
      ? [[], []]
      : await Promise.all([
          db.reminderMute.findMany({
            where: { personId: { in: people }, kind: { in: [...new Set(reminders.map((r) => r.kind))] } },
            select: { personId: true, kind: true },
          }),
          db.delivery.findMany({
            where: {
              personId: { in: people },
              status: 'SENT',
              kind: { startsWith: 'reminder.' },
              sentAt: { gt: new Date(now.getTime() - 7 * 86_400_000) },
            },
            select: { personId: true, sentAt: true },
          }),
        ]);
  const cap = deps.weeklyReminderCap ?? DEFAULT_WEEKLY_REMINDER_CAP;
  // Once per time zone: a broadcast's batch is mostly one or two zones, and each costs Intl work.
  const sendableIn = new Map<string, Date>();
  for (const row of rows) {
    // A deactivated person receives nothing (core/people/manage.ts).
    if (row.person.deactivatedAt !== null) {
      decided.set(row.id, { skip: 'deactivated' });
      continue;
    }
    const reminder = isReminderKind(row.kind);
    if (reminder && mutes.some((m) => m.personId === row.personId && m.kind === row.kind)) {
      decided.set(row.id, { skip: 'muted' });
      continue;
    }
    let sendable = sendableIn.get(row.person.timeZone);
    if (!sendable) {
      sendable = nextSendableTime(now, row.person.timeZone);
      sendableIn.set(row.person.timeZone, sendable);
    }
    if (sendable > now) {
      decided.set(row.id, { defer: { until: sendable, reason: 'quiet-hours' } });
      continue;
    }
    if (reminder) {
      const sent = recent.filter((r) => r.personId === row.personId).map((r) => r.sentAt!);
      const fits = nextUnderWeeklyCap(now, sent, cap);
      if (fits > now) decided.set(row.id, { defer: { until: fits, reason: 'weekly-cap' } });
    }
  }
  return decided;
}

/** Each row's message (null: obsolete), or the error its renderer threw; kinds that can, in one go. */
async function renderAll(
  deps: SendDeps,
  rows: readonly Row[],
  now: Date,
): Promise<(OutgoingMessage | null | Error)[]> {
  const content = (row: Row): DeliveryContent => ({
    locale: toLocale(row.person.locale),
    timeZone: row.person.timeZone,
    payload: row.payload,
    personId: row.personId,
    now,
  });
  const out: (OutgoingMessage | null | Error)[] = new Array(rows.length).fill(null);
  const byKind = new Map<string, number[]>();
  rows.forEach((row, i) => {
    byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), i]);
  });
  const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
  await Promise.all(
    [...byKind].map(async ([kind, indexes]) => {
      const many = deps.batchRenderers?.[kind];
      const one = deps.renderers[kind];
      if (many && indexes.length > 1) {
        try {
          const messages = await many(
            deps.db,
            indexes.map((i) => content(rows[i]!)),
          );
          for (const [j, i] of indexes.entries()) out[i] = messages[j] ?? null;
        } catch (error) {
          for (const i of indexes) out[i] = asError(error);
        }
        return;
      }
      if (!one) {
        // A kind nobody renders is a permanent failure of its rows, not an error to retry.
        for (const i of indexes) out[i] = new MissingRenderer(kind);
        return;
      }
      await Promise.all(
        indexes.map(async (i) => {
          out[i] = await one(deps.db, content(rows[i]!)).catch(asError);
        }),
      );
    }),
  );
  return out;
}

class MissingRenderer extends Error {
  constructor(kind: string) {
    super(`no renderer for kind ${kind}`);
  }
}

/** Per-chat spacing, paid broadcast and a slot of the send rate for every row that goes now. */
async function gateAndPace(
  deps: SendDeps,
  ready: Omit<Ready, 'tier' | 'at'>[],
  results: Map<string, SendResult>,
): Promise<Ready[]> {
  const out: Ready[] = [];
  for (const channel of new Set(ready.map((r) => r.row.channel))) {
    const onChannel = ready.filter((r) => r.row.channel === channel);
    const waits = deps.chatGate
      ? await deps.chatGate(
          channel,
          onChannel.map((r) => r.to.address ?? r.to.userId),
        )
      : onChannel.map(() => 0);
    const going = onChannel.filter((r, i) => {
      if ((waits[i] ?? 0) <= 0) return true;
      results.set(r.row.id, { ok: { outcome: 'THROTTLED', retryInMs: waits[i]! } });
      return false;
    });
    const paid = deps.paidBroadcast ? await deps.paidBroadcast(going.map((r) => r.row)) : new Set<string>();
    for (const tier of ['standard', 'paid'] as const) {
      const ofTier = going.filter((r) => paid.has(r.row.id) === (tier === 'paid'));
      if (ofTier.length === 0) continue;
      const at = deps.pace ? await deps.pace(channel, tier, ofTier.length) : ofTier.map(() => 0);
      for (const [i, r] of ofTier.entries()) out.push({ ...r, tier, at: at[i] ?? 0 });
    }
    const paced = out.filter((r) => r.row.channel === channel);
    await deps.chatHold?.(
      channel,
      paced.map((r) => r.to.address ?? r.to.userId),
      paced.map((r) => r.at),
    );
  }
  return out;
}

/** Groups rows whose slots are close, to be claimed together right before the first of them. */
function chunks(ready: Ready[]): Ready[][] {
  const sorted = [...ready].sort((a, b) => a.at - b.at);
  const out: Ready[][] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.at - last[0]!.at <= CLAIM_SPAN_MS) last.push(r);
    else out.push([r]);
  }
  return out;
}

const sleep = (ms: number) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

async function sendChunk(
  deps: SendDeps,
  chunk: Ready[],
  results: Map<string, SendResult>,
  settled?: (id: string, result: SendResult) => void,
): Promise<void> {
  const { db } = deps;
  const started = performance.now();
  await sleep(chunk[0]!.at);
  // updatedAt is when it was claimed: the relay's re-check and Slack reconciliation count from it.
  const claimed = await claim(
    db,
    chunk.map((r) => r.row.id),
    deps.clock.now(),
  );
  const sent: { id: string; messageId: string }[] = [];
  const back: { id: string; error: string }[] = [];
  const failed: { id: string; reason: string }[] = [];
  const unknown: { id: string; error: string }[] = [];
  await Promise.all(
    chunk.map(async ({ row, port, to, message, tier, at }) => {
      if (!claimed.has(row.id)) {
        results.set(row.id, { ok: { outcome: 'ALREADY_DONE' } });
        return;
      }
      await sleep(at - (performance.now() - started));
      try {
        const { messageId } = await port.send(to, message, {
          deliveryKey: row.idempotencyKey,
          ...(tier === 'paid' ? { paidBroadcast: true } : {}),
        });
        sent.push({ id: row.id, messageId });
        results.set(row.id, { ok: { outcome: 'SENT', providerMessageId: messageId } });
      } catch (error) {
        results.set(row.id, { error });
        const text = error instanceof Error ? error.message : String(error);
        if (error instanceof ChannelPermanentFailure) {
          failed.push({ id: row.id, reason: text });
          results.set(row.id, { ok: { outcome: 'FAILED', reason: text } });
        } else if (error instanceof ChannelOutcomeUnknown) {
          // Perhaps sent: it stays SENDING, and the retry settles it as after a crash — reconciled
          // where the platform can be asked (Slack), dead-lettered where it cannot (Telegram).
          unknown.push({ id: row.id, error: text });
        } else {
          // Not sent: back to PENDING so the retry (after a pause for rate limits) can claim it.
          if (error instanceof ChannelRateLimited) await deps.rateLimited?.(row.channel, error.retryAfterMs);
          back.push({ id: row.id, error: text });
        }
      }
    }),
  );
  const recordedAt = deps.clock.now();
  const sentIds = new Set(sent.map((s) => s.id));
  const into = chunk.filter(({ row }) => sentIds.has(row.id));
  await Promise.all([
    // The spacing from the answer too: the request may have gone later than its slot.
    ...[...new Set(into.map(({ row }) => row.channel))].map((channel) => {
      const chats = into
        .filter(({ row }) => row.channel === channel)
        .map(({ to }) => to.address ?? to.userId);
      // Sent and about to be recorded: a spacing hint that fails must not fail the batch.
      return deps
        .chatHold?.(
          channel,
          chats,
          chats.map(() => 0),
        )
        .catch(() => undefined);
    }),
    markSent(db, sent, recordedAt),
    ...failed.map(({ id, reason }) =>
      db.delivery.update({ where: { id }, data: { status: 'FAILED', lastError: reason } }),
    ),
    // Still SENDING: its updatedAt stays on the program's clock, which the relay's re-check compares.
    ...unknown.map(({ id, error }) =>
      db.delivery.update({ where: { id }, data: { lastError: error, updatedAt: recordedAt } }),
    ),
    ...back.map(({ id, error }) =>
      db.delivery.update({ where: { id }, data: { status: 'PENDING', lastError: error } }),
    ),
  ]);
  // Recorded: each job may complete now.
  if (settled) for (const { row } of chunk) settled(row.id, results.get(row.id)!);
}

/** SENT with each one's message id, in one statement. */
async function markSent(db: Db, sent: { id: string; messageId: string }[], at: Date): Promise<void> {
  if (sent.length === 0) return;
  if (sent.length === 1) {
    await db.delivery.update({
      where: { id: sent[0]!.id },
      data: {
        status: 'SENT',
        providerMessageId: sent[0]!.messageId,
        sentAt: at,
        lastError: null,
        updatedAt: at,
      },
    });
    return;
  }
  // timestamp(3) columns hold UTC: the instant goes in as its UTC text, never through a time zone.
  const stamp = at.toISOString();
  await db.$executeRaw`
    UPDATE "Delivery" AS d
    SET "status" = 'SENT', "providerMessageId" = v.mid, "sentAt" = ${stamp}::timestamp(3),
        "lastError" = NULL, "updatedAt" = ${stamp}::timestamp(3)
    FROM unnest(${sent.map((s) => s.id)}::uuid[], ${sent.map((s) => s.messageId)}::text[]) AS v(id, mid)
    WHERE d."id" = v.id`;
}

/**
 * A delivery left SENDING by a sender that died. Returns the outcome when settled here, or null
 * when the platform says the message never arrived: the row is PENDING again, to be sent normally
 * (the claim that follows is atomic, so a concurrent sender still cannot double it).
 */
async function settleInterrupted(
  deps: SendDeps,
  delivery: { id: string; idempotencyKey: string; personId: string; channel: ChannelName; updatedAt: Date },
): Promise<SendOutcome | null> {
  const { db } = deps;
  const port = deps.ports[delivery.channel];
  const identity = port?.findDelivered
    ? await db.channelIdentity.findFirst({
        where: { personId: delivery.personId, channel: delivery.channel },
      })
    : null;
  if (!port?.findDelivered || !identity) {
    await db.delivery.updateMany({
      where: { id: delivery.id, status: 'SENDING' },
      data: { status: 'DEAD', lastError: UNCERTAIN_ERROR },
    });
    return { outcome: 'UNCERTAIN' };
  }
  // The claim is the row's last update: nothing sent for this delivery can be older.
  const since = new Date(delivery.updatedAt.getTime() - CLOCK_SKEW_MS);
  const to = { channel: delivery.channel, userId: identity.externalId, address: identity.address };
  const found = await port.findDelivered(to, delivery.idempotencyKey, since);
  if (found) {
    await db.delivery.updateMany({
      where: { id: delivery.id, status: 'SENDING' },
      data: { status: 'SENT', providerMessageId: found, sentAt: deps.clock.now(), lastError: null },
    });
    return { outcome: 'SENT', providerMessageId: found, reconciled: true };
  }
  const reset = await db.delivery.updateMany({
    where: { id: delivery.id, status: 'SENDING' },
    data: { status: 'PENDING', lastError: 'interrupted during send; not found on the platform' },
  });
  return reset.count === 1 ? null : { outcome: 'ALREADY_DONE' };
}
