// The send rate shared by every process of a bot, applied at the moment of the request: slots are
// reserved in Redis and evenly spaced, a 429 pauses everyone, the keys live under the deployment's
// prefix (`<prefix>:rate:…`, so that `<prefix>:*` covers them). Lower bounds only: a loaded machine
// may be slower, never faster than the rate.
import { afterAll, describe, expect, it } from 'vitest';
import { createSendRateLimiter } from '../../jobs/rate-limiter.ts';
import { openTestRedis } from '../support/redis.ts';

describe('send rate limiter', () => {
  const redis = openTestRedis();
  afterAll(() => redis.cleanup());
  const limiter = createSendRateLimiter(
    redis.redis,
    { perSecond: { TELEGRAM: 20 }, paidPerSecond: 200 },
    redis.prefix,
  );

  it('spaces requests at the rate, whoever makes them, and keeps its keys under the prefix', async () => {
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => limiter.acquire('TELEGRAM')));
    // the first goes at once, the sixth five intervals (5 × 50 ms) later
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(await redis.redis.exists(`${redis.prefix}:rate:TELEGRAM:standard`)).toBe(1);
    // paid broadcast has a bucket of its own
    await limiter.acquire('TELEGRAM', 'paid');
    expect(await redis.redis.exists(`${redis.prefix}:rate:TELEGRAM:paid`)).toBe(1);
  });

  it('pauses every request of the channel after a 429, and leaves unlimited channels alone', async () => {
    await limiter.pause('TELEGRAM', 300);
    const started = performance.now();
    await limiter.acquire('TELEGRAM');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    await limiter.acquire('TERMINAL');
    expect(await redis.redis.exists(`${redis.prefix}:rate:TERMINAL:standard`)).toBe(0);
  });

  it("counts Slack's edits apart at their own rate, Telegram's with the messages", async () => {
    const slack = createSendRateLimiter(
      redis.redis,
      { perSecond: { TELEGRAM: 20, SLACK: 20 }, editPerSecond: { SLACK: 2 } },
      redis.prefix,
    );
    // chat.update's slots are half a second apart, and take none of chat.postMessage's.
    expect(await slack.reserve('SLACK', 'edit', 2)).toEqual([0, 500]);
    expect((await slack.reserve('SLACK', 'standard', 1))[0]).toBeLessThan(50);
    // A chat.update refused with 429 stops the edits only.
    await slack.pause('SLACK', 5000, 'edit');
    expect((await slack.reserve('SLACK', 'standard', 1))[0]).toBeLessThan(100);
    expect((await slack.reserve('SLACK', 'edit', 1))[0]).toBeGreaterThan(4000);
    // Telegram's edits wait behind its messages.
    const [message = 0] = await slack.reserve('TELEGRAM', 'standard', 1);
    const [edit = 0] = await slack.reserve('TELEGRAM', 'edit', 1);
    expect(edit - message).toBeGreaterThanOrEqual(49);
    expect(await redis.redis.exists(`${redis.prefix}:rate:TELEGRAM:edit`)).toBe(0);
    // …and a Telegram edit refused with 429 stops the messages too (Telegram does not say which limit).
    await slack.pause('TELEGRAM', 3000, 'edit');
    expect((await slack.reserve('TELEGRAM', 'standard', 1))[0]).toBeGreaterThan(2000);
  });

  it("holds a chat's one-a-second spacing from the request, not from when it was taken", async () => {
    const [taken] = await limiter.takeChats('TELEGRAM', ['4242']);
    expect(taken).toBe(0);
    // Its message waits 700 ms for its slot of the rate: the chat stays taken until 1 s after that.
    await limiter.holdChats('TELEGRAM', ['4242'], [700]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const [wait = 0] = await limiter.takeChats('TELEGRAM', ['4242']);
    expect(wait).toBeGreaterThan(0);
  });
});
