import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalChannel } from '../../bots/terminal/terminal-channel.ts';
import { enqueueDelivery } from '../../core/delivery/outbox.ts';
import { SELF_ASSESSMENT_NUDGE } from '../../core/delivery/renderers/self-assessment-nudge.ts';
import { type DemoSeedResult, seedDemo } from '../../core/demo/seed.ts';
import { startJobRuntime } from '../../jobs/runtime.ts';
import { SCHEDULER_QUEUE } from '../../jobs/schedulers.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** A zone where it is about noon now, so quiet hours never hold the test's message. */
function zoneAtNoon(now = new Date()): string {
  const offset = 12 - now.getUTCHours();
  return offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe('job runtime', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma);
    await db.prisma.person.update({ where: { id: demo.inventorPersonId }, data: { timeZone: zoneAtNoon() } });
  });
  afterAll(() => db?.close());

  it('relays a written delivery to its channel without being told, and stops gracefully', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => {
      printed += chunk.toString();
    });
    const prefix = `revive-test-${randomBytes(4).toString('hex')}`;
    const runtime = await startJobRuntime({
      db: db.prisma,
      redisUrl: REDIS_URL,
      timeZone: 'Asia/Shanghai',
      logger: pino({ level: 'silent' }),
      ports: { TERMINAL: new TerminalChannel({ output, color: false }) },
      prefix,
    });
    try {
      const patent = await db.prisma.patent.findFirstOrThrow({
        where: { responsibleInventorId: demo.inventorPersonId },
      });
      const { id } = await enqueueDelivery(db.prisma, {
        idempotencyKey: `runtime:${patent.id}`,
        personId: demo.inventorPersonId,
        channel: 'TERMINAL',
        kind: SELF_ASSESSMENT_NUDGE,
        payload: { patentId: patent.id },
      });
      const deadline = Date.now() + 20_000;
      let status = 'PENDING';
      while (Date.now() < deadline && status !== 'SENT') {
        await new Promise((r) => setTimeout(r, 200));
        status = (await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).status;
      }
      expect(status).toBe('SENT');
      expect(printed).toContain(patent.title);
    } finally {
      for (const queue of Object.values(runtime.queues)) await queue.obliterate({ force: true });
      await runtime.stop(5000);
      const schedules = new Queue(SCHEDULER_QUEUE, { connection: { url: REDIS_URL }, prefix });
      await schedules.obliterate({ force: true });
      await schedules.close();
    }
  });
});
