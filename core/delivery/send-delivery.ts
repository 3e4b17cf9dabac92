// Sends one Delivery through its channel, exactly once as far as we can know:
// - the row is claimed (PENDING → SENDING) atomically, so two workers never both send it;
// - a row found SENDING was claimed by a sender that died mid-send. Where the platform can be asked
//   (Slack keeps the idempotency key as message metadata) its answer decides: found → SENT with
//   that message, not found → sent now. Elsewhere (Telegram) whether it arrived is unknown, so it is
//   not sent again (no doubles) but marked DEAD for an admin to check;
// - quiet hours, the weekly reminder cap and mutes defer or skip instead of sending.

import { ChannelOutcomeUnknown, ChannelPermanentFailure } from '../channel/errors.ts';
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

export interface DeliveryContent {
  locale: Locale;
  payload: unknown;
  personId: string;
  /** The sender's clock when it renders: what "days left" or "tomorrow" count from. */
  now: Date;
}

/** Builds the message of a kind of delivery, or null when it no longer applies (obsolete). */
export type DeliveryRenderer = (db: Db, content: DeliveryContent) => Promise<OutgoingMessage | null>;

export interface SendDeps {
  db: Db;
  ports: Partial<Record<ChannelName, ChannelPort>>;
  renderers: Record<string, DeliveryRenderer>;
  clock: Clock;
  weeklyReminderCap?: number;
  /**
   * Per-chat rate limits (Telegram 1 message/s per chat, Slack 1/s per channel): milliseconds to
   * wait before this chat may receive another message, 0 when it may now (and the slot is taken).
   */
  chatGate?: (channel: ChannelName, address: string) => Promise<number>;
}

/** Kinds that nag (reminders, nudges) count against the weekly cap and respect mutes. */
export const isReminderKind = (kind: string) => kind.startsWith('reminder.');

export async function sendDelivery(deps: SendDeps, deliveryId: string): Promise<SendOutcome> {
  const { db } = deps;
  const now = deps.clock.now();
  const delivery = await db.delivery.findUnique({ where: { id: deliveryId }, include: { person: true } });
  if (!delivery) return { outcome: 'SKIPPED', reason: 'gone' };
  if (delivery.status === 'SENDING') {
    const settled = await settleInterrupted(deps, delivery);
    if (settled) return settled;
  } else if (delivery.status !== 'PENDING') return { outcome: 'ALREADY_DONE' };

  const skip = async (reason: string): Promise<SendOutcome> => {
    await db.delivery.updateMany({
      where: { id: deliveryId, status: 'PENDING' },
      data: { status: 'SKIPPED', lastError: reason },
    });
    return { outcome: 'SKIPPED', reason };
  };
  const defer = async (until: Date, reason: 'quiet-hours' | 'weekly-cap'): Promise<SendOutcome> => {
    await db.delivery.updateMany({
      where: { id: deliveryId, status: 'PENDING' },
      data: { notBefore: until },
    });
    return { outcome: 'DEFERRED', until, reason };
  };

  // A deactivated person receives nothing (core/people/manage.ts).
  if (delivery.person.deactivatedAt !== null) return skip('deactivated');
  if (isReminderKind(delivery.kind)) {
    const muted = await db.reminderMute.findUnique({
      where: { personId_kind: { personId: delivery.personId, kind: delivery.kind } },
    });
    if (muted) return skip('muted');
  }
  const sendable = nextSendableTime(now, delivery.person.timeZone);
  if (sendable > now) return defer(sendable, 'quiet-hours');
  if (isReminderKind(delivery.kind)) {
    const recent = await db.delivery.findMany({
      where: {
        personId: delivery.personId,
        status: 'SENT',
        kind: { startsWith: 'reminder.' },
        sentAt: { gt: new Date(now.getTime() - 7 * 86_400_000) },
      },
      select: { sentAt: true },
    });
    const cap = deps.weeklyReminderCap ?? DEFAULT_WEEKLY_REMINDER_CAP;
    const fits = nextUnderWeeklyCap(
      now,
      recent.map((r) => r.sentAt!),
      cap,
    );
    if (fits > now) return defer(fits, 'weekly-cap');
  }

  const renderer = deps.renderers[delivery.kind];
  if (!renderer) return fail(db, deliveryId, `no renderer for kind ${delivery.kind}`);
  const message = await renderer(db, {
    locale: toLocale(delivery.person.locale),
    payload: delivery.payload,
    personId: delivery.personId,
    now,
  });
  if (!message) return skip('obsolete');
  const port = deps.ports[delivery.channel];
  if (!port) return fail(db, deliveryId, `channel ${delivery.channel} is not running`);
  const identity = await db.channelIdentity.findFirst({
    where: { personId: delivery.personId, channel: delivery.channel },
  });
  if (!identity) return fail(db, deliveryId, `no ${delivery.channel} identity`);

  const wait = (await deps.chatGate?.(delivery.channel, identity.address ?? identity.externalId)) ?? 0;
  if (wait > 0) return { outcome: 'THROTTLED', retryInMs: wait };
  const claimed = await db.delivery.updateMany({
    where: { id: deliveryId, status: 'PENDING' },
    // updatedAt is when it was claimed: the relay's stale sweep and Slack reconciliation count from it.
    data: { status: 'SENDING', attempts: { increment: 1 }, updatedAt: now },
  });
  if (claimed.count === 0) return { outcome: 'ALREADY_DONE' };
  try {
    const { messageId } = await port.send(
      { channel: delivery.channel, userId: identity.externalId, address: identity.address },
      message,
      { deliveryKey: delivery.idempotencyKey },
    );
    await db.delivery.update({
      where: { id: deliveryId },
      data: { status: 'SENT', providerMessageId: messageId, sentAt: deps.clock.now(), lastError: null },
    });
    return { outcome: 'SENT', providerMessageId: messageId };
  } catch (error) {
    if (error instanceof ChannelPermanentFailure) return fail(db, deliveryId, error.message);
    if (error instanceof ChannelOutcomeUnknown) {
      // Perhaps sent: it stays SENDING, and the retry settles it as after a crash — reconciled
      // where the platform can be asked (Slack), dead-lettered where it cannot (Telegram).
      // Still SENDING: its updatedAt stays on the program's clock, which the stale sweep compares.
      await db.delivery.update({
        where: { id: deliveryId },
        data: { lastError: error.message, updatedAt: deps.clock.now() },
      });
      throw error;
    }
    // Not sent: back to PENDING so the retry (after a pause for rate limits) can claim it again.
    await db.delivery.update({
      where: { id: deliveryId },
      data: { status: 'PENDING', lastError: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
}

export const UNCERTAIN_ERROR = 'interrupted during send: unknown whether it arrived';
/** Slack's clock and ours may differ: look a little further back than the claim. */
const CLOCK_SKEW_MS = 60_000;

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

async function fail(db: Db, id: string, reason: string): Promise<SendOutcome> {
  await db.delivery.update({ where: { id }, data: { status: 'FAILED', lastError: reason } });
  return { outcome: 'FAILED', reason };
}
