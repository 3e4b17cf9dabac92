// The coordinator's progress message during a live broadcast, as production runs it: the relay and the
// progress refresh loop already running when the coordinator confirms (each on its own schedule), a
// delivery worker with the shared send rate, real PostgreSQL and Redis, telegraf against the Bot API
// stand-in enforcing 1 message/s per chat. The confirm goes through a slow database (so that the
// relay passes while it writes), the case that used to send the progress message after invitations,
// or mark it finished ("sent 0, remaining 0") before the invitations existed. Checked from what
// Telegram received, in order: the progress message is the first message of the broadcast, it is
// edited while invitations still go out, never says "finished" before the last invitation went, and
// its final edit reports every invitation.
import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBroadcastAudience } from '../../bench/broadcast/audience.ts';
import { TelegramChannel } from '../../bots/telegram/telegram-channel.ts';
import { type Database, openDatabase } from '../../core/db/database.ts';
import { deliveryBatchRenderers } from '../../core/delivery/kinds.ts';
import { DELIVERY_KINDS, DELIVERY_RENDERERS } from '../../core/delivery-kinds.ts';
import { refreshBroadcastProgress } from '../../jobs/broadcast-progress.ts';
import { openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { startDeliveryWorker } from '../../jobs/delivery-worker.ts';
import { relayDueDeliveries } from '../../jobs/outbox-relay.ts';
import { createSendRateLimiter } from '../../jobs/rate-limiter.ts';
import { testClock } from '../support/clock.ts';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/databases.ts';
import { openTestRedis, type TestRedis } from '../support/redis.ts';
import {
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../support/telegram-bot-api.ts';
import { waitFor } from '../support/wait-for.ts';
import { type DbProxy, startDbProxy } from './db-proxy.ts';

const TOKEN = `${STAND_IN_BOT_INFO.id}:live-progress-token`;
const RECIPIENTS = 150;
/** Invitations per second: the broadcast lasts about 1.5 s, long enough to be edited during it. */
const RATE = 100;
const logger = pino({ level: 'silent' });
const clock = testClock();

describe('the coordinator follows a live broadcast', () => {
  let db: TestDatabase;
  let slow: Database;
  let proxy: DbProxy;
  let api: TelegramBotApiStandIn;
  let redis: TestRedis;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    api = await startTelegramBotApi({ rateLimit: { perSecond: 1000, perChatPerSecond: 1 } });
    redis = openTestRedis();
    // Each round trip of the confirm costs at least 2 × 3 ms: the relay passes (every 10 ms) while
    // it writes.
    proxy = await startDbProxy(
      { host: '127.0.0.1', port: Number(new URL(TEST_POSTGRES_URL).port || 5432) },
      3,
    );
    const url = new URL(TEST_POSTGRES_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.pathname = `/${db.name}`;
    slow = await openDatabase({ kind: 'postgres', url: url.toString() });
  });
  afterAll(async () => {
    await slow?.close();
    await proxy?.close();
    await api?.close();
    await db?.close();
  });

  it('sees its progress message first, edited during the broadcast, final only after the last invitation', async () => {
    const audience = await seedBroadcastAudience(db.prisma, {
      recipients: RECIPIENTS,
      firstChatId: 640_000_000,
      ipc: 'Y04P',
      now: clock.now(),
    });
    const queues = openDeliveryQueues(redis.redis, redis.prefix);
    const limiter = createSendRateLimiter(redis.redis, { perSecond: { TELEGRAM: RATE } }, redis.prefix);
    const port = new TelegramChannel(
      new Telegram(TOKEN, { apiRoot: api.url, webhookReply: false }),
      db.prisma,
      logger,
      clock,
    );
    const worker = startDeliveryWorker({
      db: db.prisma,
      channel: 'TELEGRAM',
      port,
      renderers: DELIVERY_RENDERERS,
      batchRenderers: deliveryBatchRenderers(DELIVERY_KINDS),
      connection: redis.redis,
      redis: redis.redis,
      queues,
      logger,
      prefix: redis.prefix,
      clock,
      limiter,
    });
    let running = true;
    const loop = async (every: number, pass: () => Promise<unknown>) => {
      while (running) {
        await pass();
        await new Promise((resolve) => setTimeout(resolve, every));
      }
    };
    const lastShown = new Map<string, string>();
    const loops = [
      loop(10, () => relayDueDeliveries(db.prisma, queues, { now: clock.now() })),
      loop(100, () =>
        refreshBroadcastProgress({
          db: db.prisma,
          ports: { TELEGRAM: port },
          logger,
          lastShown,
          limiter,
          now: clock.now(),
        }),
      ),
    ];
    try {
      // Through the slow database: the relay and the progress loop pass while it writes.
      await audience.confirm(clock.now(), slow.prisma);
      await waitFor(
        async () =>
          (await db.prisma.roadshow.findUniqueOrThrow({ where: { id: audience.roadshowId } }))
            .broadcastFinishedAt,
        { timeoutMs: 30_000, message: 'the broadcast finished' },
      );
    } finally {
      running = false;
      await Promise.all(loops);
      await redis.cleanup(worker, ...Object.values(queues));
    }

    const coordinator = audience.coordinatorChat;
    const calls = api.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');
    const invitationSends = calls
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.method === 'sendMessage' && Number(c.body.chat_id) !== coordinator);
    expect(invitationSends).toHaveLength(RECIPIENTS);
    const firstInvitation = invitationSends[0]!.i;
    const lastInvitation = invitationSends.at(-1)!.i;
    // 1. Sent first: before any invitation.
    expect(calls[0]).toMatchObject({ method: 'sendMessage', body: { chat_id: coordinator } });
    expect(calls.findIndex((c) => Number(c.body.chat_id) === coordinator)).toBeLessThan(firstInvitation);
    const edits = calls
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.method === 'editMessageText' && Number(c.body.chat_id) === coordinator);
    // 2. Edited while invitations were still going out.
    expect(edits.some(({ i }) => i > firstInvitation && i < lastInvitation)).toBe(true);
    // 3. Never "finished" before the last invitation went; the final edit reports all of them.
    for (const { c, i } of edits)
      if (String(c.body.text).includes('邀请已发送完毕')) expect(i).toBeGreaterThan(lastInvitation);
    expect(String(edits.at(-1)!.c.body.text)).toContain(
      `邀请已发送完毕：已发送 ${RECIPIENTS}，失败 0，未发送 0`,
    );
    expect(api.rateLimitedCount()).toBe(0);
  });
});
