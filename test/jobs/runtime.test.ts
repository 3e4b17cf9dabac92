import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalChannel } from '../../bots/terminal/terminal-channel.ts';
import { selfAssessmentNudge } from '../../core/assessments/messages.ts';
import { enqueueDelivery } from '../../core/delivery/outbox.ts';
import { type DemoSeedResult, seedDemo } from '../../core/demo/seed.ts';
import { startJobRuntime } from '../../jobs/runtime.ts';
import { TEST_NOW, testClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { openTestRedis } from '../support/redis.ts';

describe('job runtime', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
  });
  afterAll(() => db?.close());

  it('relays a written delivery to its channel without being told, and stops gracefully', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => {
      printed += chunk.toString();
    });
    // 10:00 in Shanghai, the inventor's time zone: outside quiet hours, whatever the hour of the run.
    const clock = testClock(TEST_NOW);
    const { url, prefix, cleanup } = openTestRedis();
    const runtime = await startJobRuntime({
      db: db.prisma,
      redisUrl: url,
      timeZone: 'Asia/Shanghai',
      logger: pino({ level: 'silent' }),
      clock,
      ports: { TERMINAL: new TerminalChannel({ output, color: false }) },
      prefix,
    });
    try {
      const patent = await db.prisma.patent.findFirstOrThrow({
        where: { responsibleInventorId: demo.inventorPersonId },
      });
      const { id } = await enqueueDelivery(
        db.prisma,
        selfAssessmentNudge.delivery({
          idempotencyKey: `runtime:${patent.id}`,
          personId: demo.inventorPersonId,
          channel: 'TERMINAL',
          payload: { patentId: patent.id },
          notBefore: clock.now(),
        }),
      );
      const status = async () => (await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).status;
      await expect.poll(status, { timeout: 20_000, interval: 50 }).toBe('SENT');
      expect(printed).toContain(patent.title);
    } finally {
      await runtime.stop(5000);
      await cleanup();
    }
  });
});
