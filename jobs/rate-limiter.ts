// A platform's send rate, shared by every process that sends as the same bot, applied at the moment
// of the request: each send (or edit) reserves the next free slot in Redis and waits for it, then
// goes. A generic cell rate algorithm (GCRA): one key per bucket holds the theoretical arrival time
// of the next request; a reservation moves it on by one interval and answers how long to wait. One
// round trip per message, no polling, and the slots are evenly spaced (Telegram asks for no bursts).
// Redis's own clock times it, so that processes on several machines agree.
//
// Limiting when a job starts (BullMQ's limiter) spaces the starts, not the requests: work done
// between the start and the request (reading, rendering, the claim) varies, and requests bunched.
import type { Redis } from 'ioredis';
import type { ChannelName } from '../core/channel/messages.ts';

/**
 * Telegram's paid broadcast (allow_paid_broadcast) has a bucket of its own, at its own rate; so do
 * edits where the platform limits them apart from messages (Slack's chat.update).
 */
export type RateTier = 'standard' | 'paid' | 'edit';

export interface SendRates {
  /** Messages per second per channel (standard tier); absent: not limited here. */
  perSecond: Partial<Record<ChannelName, number>>;
  /** Telegram's paid broadcast rate (up to 1 000/s), when paid broadcast is configured. */
  paidPerSecond?: number;
  /**
   * Edits per second where the platform counts them apart (Slack: chat.update is a Tier 3 method,
   * about 50 a minute, while chat.postMessage has a tier of its own); elsewhere edits take slots of
   * the channel's message rate (Telegram counts them with the messages).
   */
  editPerSecond?: Partial<Record<ChannelName, number>>;
}

export interface SendRateLimiter {
  /** Waits for this request's slot (reserved at once: the wait never has to be redone). */
  acquire(channel: ChannelName, tier?: RateTier): Promise<void>;
  /**
   * Reserves `count` consecutive slots in one round trip and says, for each, in how many
   * milliseconds it comes (the caller waits for each before its request).
   */
  reserve(channel: ChannelName, tier: RateTier, count: number): Promise<number[]>;
  /**
   * The platform said 429: nobody sends on this channel for `ms` (every process); with a tier,
   * only what takes that tier's slots (a Slack chat.update refused does not stop the messages).
   */
  pause(channel: ChannelName, ms: number, tier?: RateTier): Promise<void>;
  /**
   * Per-chat spacing (Telegram 1 message/s per chat, Slack 1/s per channel), for messages and edits
   * alike: takes each chat's next slot where it is free (one round trip for many) and says for the
   * others how many milliseconds until it is.
   */
  takeChats(channel: ChannelName, addresses: readonly string[]): Promise<number[]>;
  /**
   * The request into each chat goes in `inMs[i]` milliseconds (0: it just went): the chat stays
   * taken until the spacing after that (one round trip). The spacing counts from the request, which
   * comes after the chat was taken, once the message's slot of the rate is reached.
   */
  holdChats(channel: ChannelName, addresses: readonly string[], inMs: readonly number[]): Promise<void>;
}

/** Per-chat spacing in milliseconds (Telegram 1/s per private chat, Slack 1/s per channel). */
export const PER_CHAT_SPACING_MS: Record<ChannelName, number> = { TELEGRAM: 1000, SLACK: 1000, TERMINAL: 0 };

// KEYS[1] the bucket; ARGV[1] the interval in microseconds; ARGV[2] a pause in milliseconds (0: a
// reservation); ARGV[3] how many slots. Returns the wait for the first slot in microseconds.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local pause = tonumber(ARGV[2])
local count = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = 0
if pause > 0 then
  local resume = now + pause * 1000
  if resume > tat then tat = resume end
else
  wait = tat - now
  tat = tat + interval * count
end
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.floor((tat - now) / 1000) + 1000)
return wait
`;

type ReservingRedis = Redis & {
  reserveSendSlot(key: string, intervalUs: number, pauseMs: number, count: number): Promise<number>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `prefix`: the deployment's Redis key prefix (REVIVE_REDIS_PREFIX), under which the buckets live
 * beside BullMQ's keys: `<prefix>:rate:<CHANNEL>:<tier>` ('bull' when none, as BullMQ does).
 */
export function createSendRateLimiter(redis: Redis, rates: SendRates, prefix?: string): SendRateLimiter {
  const client = redis as ReservingRedis;
  if (!client.reserveSendSlot) client.defineCommand('reserveSendSlot', { numberOfKeys: 1, lua: RESERVE });
  // Edits share the messages' bucket unless the platform limits them apart.
  const bucketOf = (channel: ChannelName, tier: RateTier): RateTier =>
    tier === 'edit' && !rates.editPerSecond?.[channel] ? 'standard' : tier;
  const key = (channel: ChannelName, tier: RateTier) =>
    `${prefix || 'bull'}:rate:${channel}:${bucketOf(channel, tier)}`;
  // Beside the buckets: `<prefix>:rate:<CHANNEL>:<chat>`.
  const chatKey = (channel: ChannelName, address: string) => `${prefix || 'bull'}:rate:${channel}:${address}`;
  const rateOf = (channel: ChannelName, tier: RateTier) =>
    tier === 'paid' && channel === 'TELEGRAM' && rates.paidPerSecond
      ? rates.paidPerSecond
      : tier === 'edit' && rates.editPerSecond?.[channel]
        ? rates.editPerSecond[channel]
        : rates.perSecond[channel];
  const limiter: SendRateLimiter = {
    async reserve(channel, tier, count) {
      const rate = rateOf(channel, tier);
      if (!rate || count === 0) return new Array<number>(count).fill(0);
      const intervalUs = Math.round(1_000_000 / rate);
      const firstUs = await client.reserveSendSlot(key(channel, tier), intervalUs, 0, count);
      return Array.from({ length: count }, (_, i) => (firstUs + i * intervalUs) / 1000);
    },
    async acquire(channel, tier = 'standard') {
      const [waitMs = 0] = await limiter.reserve(channel, tier, 1);
      if (waitMs > 0) await sleep(waitMs);
    },
    async takeChats(channel, addresses) {
      const spacingMs = PER_CHAT_SPACING_MS[channel];
      if (spacingMs <= 0 || addresses.length === 0) return addresses.map(() => 0);
      const keys = addresses.map((address) => chatKey(channel, address));
      const taking = redis.pipeline();
      for (const k of keys) taking.set(k, '1', 'PX', spacingMs, 'NX');
      const taken = ((await taking.exec()) ?? []).map((reply) => reply?.[1] === 'OK');
      const busy = keys.filter((_, i) => !taken[i]);
      const ttls = busy.length > 0 ? await Promise.all(busy.map((k) => redis.pttl(k))) : [];
      let b = 0;
      return keys.map((_, i) => (taken[i] ? 0 : Math.max(1, ttls[b++] ?? 1)));
    },
    async holdChats(channel, addresses, inMs) {
      const spacingMs = PER_CHAT_SPACING_MS[channel];
      if (spacingMs <= 0 || addresses.length === 0) return;
      const holding = redis.pipeline();
      for (const [i, address] of addresses.entries())
        holding.set(chatKey(channel, address), '1', 'PX', Math.ceil(Math.max(0, inMs[i] ?? 0) + spacingMs));
      await holding.exec();
    },
    async pause(channel, ms, tier) {
      // A tier of its own (Slack's edits) stops alone; otherwise a 429 stops every bucket: Telegram's
      // answer does not say which limit was hit.
      const alone = tier !== undefined && tier !== 'standard' && bucketOf(channel, tier) === tier;
      const keys = new Set(
        (alone ? [tier] : (['standard', 'paid', 'edit'] as const)).map((t) => key(channel, t)),
      );
      await Promise.all([...keys].map((k) => client.reserveSendSlot(k, 1, ms, 0)));
    },
  };
  return limiter;
}
