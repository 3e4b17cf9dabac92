import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { machineTimeMs } from '../../core/clock.ts';
import { SCHEDULES, upsertSchedules } from '../../jobs/schedulers.ts';
import { openTestRedis } from '../support/redis.ts';

describe('job schedulers', () => {
  const { redis, prefix, cleanup } = openTestRedis();
  afterAll(() => cleanup());

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
      // BullMQ fires its schedulers by the machine's clock, not the program's.
      expect(next.getTime()).toBeGreaterThan(machineTimeMs());
    } finally {
      await queue.close();
    }
  });

  it('jobs/README.md lists every schedule of the table', async () => {
    const readme = await readFile(new URL('../../jobs/README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(SCHEDULES)) expect(readme).toContain(`| \`${name}\` |`);
  });
});
