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
});
