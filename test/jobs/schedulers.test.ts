import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEDULES, upsertSchedules } from '../../jobs/schedulers.ts';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

describe('job schedulers', () => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `revive-test-${randomBytes(4).toString('hex')}`;
  afterAll(() => redis.disconnect());

  it('fires the morning nudges at 10:00 in the campaign time zone, and upserting twice keeps one scheduler', async () => {
    const queue = await upsertSchedules(redis, 'Asia/Shanghai', prefix);
    await upsertSchedules(redis, 'Asia/Shanghai', prefix).then((q) => q.close());
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(Object.keys(SCHEDULES).sort());
      const nudges = schedulers.find((s) => s.key === 'self-assessment-nudges')!;
      expect(nudges.tz).toBe('Asia/Shanghai');
      const next = new Date(nudges.next!);
      // 10:00 in Shanghai is 02:00 UTC
      expect(next.getUTCHours()).toBe(2);
      expect(next.getUTCMinutes()).toBe(0);
      expect(next.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
