// Deliveries through the real Telegram channel port and telegraf, against the local Bot API
// stand-in: a 429 pauses the queue and the message still goes out once; a blocked bot is recorded
// as a permanent failure and not retried; a send whose connection broke after Telegram read it is
// dead-lettered, never sent twice.
import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../bots/telegram/telegram-channel.ts';
import { selfAssessmentNudge } from '../../core/assessments/messages.ts';
import { enqueueDelivery } from '../../core/delivery/outbox.ts';
import { UNCERTAIN_ERROR } from '../../core/delivery/send-delivery.ts';
import { type DemoSeedResult, seedDemo } from '../../core/demo/seed.ts';
import { openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { startDeliveryWorker } from '../../jobs/delivery-worker.ts';
import { relayDueDeliveries } from '../../jobs/outbox-relay.ts';
import { TEST_NOW, testClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { openTestRedis } from '../support/redis.ts';
import {
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../support/telegram-bot-api.ts';

const TOKEN = `${STAND_IN_BOT_INFO.id}:test-token_ABCdef123`;
const CHAT = 9001;
// 10:00 in Shanghai: outside quiet hours
const MORNING = TEST_NOW;

describe('deliveries through Telegram', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let api: TelegramBotApiStandIn;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma, { now: MORNING });
    api = await startTelegramBotApi();
    await db.prisma.channelIdentity.create({
      data: {
        personId: demo.inventorPersonId,
        channel: 'TELEGRAM',
        externalId: String(CHAT),
        address: String(CHAT),
      },
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  async function runWorker(deliveryIds: string[], settle: (statuses: string[]) => boolean) {
    const { prefix, redis, cleanup } = openTestRedis();
    const queues = openDeliveryQueues(redis, prefix);
    const logger = pino({ level: 'silent' });
    const telegram = new Telegram(TOKEN, { apiRoot: api.url, webhookReply: false });
    const clock = testClock(MORNING);
    const worker = startDeliveryWorker({
      db: db.prisma,
      channel: 'TELEGRAM',
      port: new TelegramChannel(telegram, db.prisma, logger, clock),
      renderers: { [selfAssessmentNudge.kind]: selfAssessmentNudge.renderStored },
      connection: redis,
      redis,
      queues,
      logger,
      prefix,
      clock,
      weeklyReminderCap: 100,
    });
    try {
      await relayDueDeliveries(db.prisma, queues, { now: MORNING });
      const statuses = async () =>
        (await db.prisma.delivery.findMany({ where: { id: { in: deliveryIds } } })).map((r) => r.status);
      await expect.poll(statuses, { timeout: 20_000, interval: 50 }).toSatisfy(settle);
      return await statuses();
    } finally {
      await cleanup(worker, ...Object.values(queues));
    }
  }

  const nudge = async (patentId: string, key: string) =>
    (
      await enqueueDelivery(
        db.prisma,
        selfAssessmentNudge.delivery({
          idempotencyKey: key,
          personId: demo.inventorPersonId,
          channel: 'TELEGRAM',
          payload: { patentId },
          notBefore: MORNING,
        }),
      )
    ).id;

  it('after a 429 with retry_after, still sends every message exactly once', async () => {
    const patents = await db.prisma.patent.findMany({
      where: { responsibleInventorId: demo.inventorPersonId },
      take: 3,
      orderBy: { applicationNumber: 'asc' },
    });
    const ids = await Promise.all(patents.map((p) => nudge(p.id, `tg-429:${p.id}`)));
    api.reset();
    api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const statuses = await runWorker(ids, (s) => s.every((x) => x === 'SENT'));
    expect(statuses).toEqual(['SENT', 'SENT', 'SENT']);
    const sent = api.callsOf('sendMessage').filter((c) => c.body.chat_id === CHAT);
    // one refused with 429, then each message once
    expect(sent).toHaveLength(4);
    const delivered = sent.filter((c) => c.result !== undefined);
    for (const patent of patents) {
      expect(delivered.filter((c) => String(c.body.text).includes(`《${patent.title}》`))).toHaveLength(1);
    }
    const rows = await db.prisma.delivery.findMany({ where: { id: { in: ids } } });
    expect(new Set(rows.map((r) => r.providerMessageId)).size).toBe(3);
  });

  it('records a blocked bot as a permanent failure without retrying', async () => {
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: demo.inventorPersonId },
      orderBy: { applicationNumber: 'desc' },
    });
    const id = await nudge(patent.id, `tg-403:${patent.id}`);
    api.reset();
    api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const [status] = await runWorker([id], (s) => s[0] !== 'PENDING' && s[0] !== 'SENDING');
    expect(status).toBe('FAILED');
    expect(api.callsOf('sendMessage')).toHaveLength(1);
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).lastError).toMatch(/blocked/);
  });

  it('dead-letters a send whose connection broke after Telegram took it, instead of sending it twice', async () => {
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: demo.inventorPersonId },
      orderBy: { applicationNumber: 'asc' },
    });
    const id = await nudge(patent.id, `tg-reset:${patent.id}`);
    api.reset();
    api.dropNext('sendMessage');
    const [status] = await runWorker([id], (s) => s[0] !== 'PENDING' && s[0] !== 'SENDING');
    expect(status).toBe('DEAD');
    // Telegram got it once (on receipt); the retry settled it without a second send.
    expect(api.callsOf('sendMessage')).toHaveLength(1);
    const row = await db.prisma.delivery.findUniqueOrThrow({ where: { id } });
    expect(row.lastError).toBe(UNCERTAIN_ERROR);
    expect(row.attempts).toBe(1);
  });
});
