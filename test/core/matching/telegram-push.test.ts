// End to end through Telegram: a matching run, the delivery worker sending the push through the real
// Telegram port to the Bot API stand-in, and the recipient declining with a one-tap reason through
// the real bot's webhook.

import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../../bots/telegram/telegram-channel.ts';
import { DELIVERY_RENDERERS } from '../../../core/delivery-kinds.ts';
import { runMatching } from '../../../core/matching/run.ts';
import { openDeliveryQueues } from '../../../jobs/delivery-queues.ts';
import { startDeliveryWorker } from '../../../jobs/delivery-worker.ts';
import { relayDueDeliveries } from '../../../jobs/outbox-relay.ts';
import { callbackUpdate, Harness, TOKEN } from '../../bots/telegram/harness.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { openTestRedis } from '../../support/redis.ts';
import { waitFor } from '../../support/wait-for.ts';
import { buildMatchingWorld, type MatchingWorld } from './fixtures.ts';

// 10:00 in Shanghai: outside quiet hours
const MORNING = TEST_NOW;

describe('a match pushed through Telegram', () => {
  let harness: Harness;
  let world: MatchingWorld;
  let chatId: number;

  beforeAll(async () => {
    harness = await Harness.start('postgres');
    world = await buildMatchingWorld(harness.db.prisma);
    const identity = await harness.db.prisma.channelIdentity.findFirstOrThrow({
      where: { personId: world.staffEn, channel: 'TELEGRAM' },
    });
    chatId = Number(identity.externalId);
  });
  afterAll(() => harness?.close());

  async function deliver(deliveryId: string) {
    const testRedis = openTestRedis();
    const { redis, prefix } = testRedis;
    const queues = openDeliveryQueues(redis, prefix);
    const logger = pino({ level: 'silent' });
    const telegram = new Telegram(TOKEN, { apiRoot: harness.api.url, webhookReply: false });
    const clock = testClock(MORNING);
    const worker = startDeliveryWorker({
      db: harness.db.prisma,
      channel: 'TELEGRAM',
      port: new TelegramChannel(telegram, harness.db.prisma, logger, clock),
      renderers: DELIVERY_RENDERERS,
      connection: redis,
      redis,
      queues,
      logger,
      prefix,
      clock,
    });
    try {
      await relayDueDeliveries(harness.db.prisma, queues, { now: MORNING });
      return await waitFor(
        async () => {
          const row = await harness.db.prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
          return row.status !== 'PENDING' && row.status !== 'SENDING' ? row.status : null;
        },
        { timeoutMs: 20_000, intervalMs: 50, message: 'the delivery is sent or given up' },
      );
    } finally {
      await testRedis.cleanup(worker, ...Object.values(queues));
    }
  }

  it('arrives with its reasons, and one tap declines it with a reason', async () => {
    await runMatching(harness.db.prisma, { capPerEnterprise: 1, now: MORNING });
    const match = await harness.db.prisma.matchPush.findFirstOrThrow({
      where: { enterpriseId: world.enterpriseId },
    });
    expect(match.patentId).toBe(world.patents.electrolyte);
    const delivery = await harness.db.prisma.delivery.findUniqueOrThrow({
      where: { idempotencyKey: `match:${match.id}:person:${world.staffEn}` },
    });
    expect(await deliver(delivery.id)).toBe('SENT');

    const { message, action } = harness.messageWithButton(chatId, 'dc:');
    expect(message.text).toContain('A patent available for transfer matches your enterprise');
    expect(message.text).toContain('main IPC H01M 10/0562 is under your subgroup H01M 10/05');
    expect(message.text).toContain('the holder is in your province');
    expect(action).toBe(`dc:${world.patents.electrolyte}`);

    await harness.post(callbackUpdate(chatId, action, message.messageId, { languageCode: 'en' }));
    const reasons = harness.messageWithButton(chatId, 'dc:4:');
    expect(reasons.message.text).toContain('What is the main reason?');
    await harness.post(
      callbackUpdate(chatId, reasons.action, reasons.message.messageId, { languageCode: 'en' }),
    );
    expect((await harness.db.prisma.matchPush.findUniqueOrThrow({ where: { id: match.id } })).status).toBe(
      'DECLINED',
    );
    expect(harness.shown(chatId).at(-1)?.text).toContain('You will not be reminded of this patent again');
  });
});
