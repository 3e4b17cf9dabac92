// Benchmark: a roadshow invitation to N recipients on Telegram (10 000 by default), delivered by the
// real job runtime (BullMQ on the local Redis, the outbox in PostgreSQL or PGlite, the Telegram
// channel port through telegraf) to a Bot API stand-in that enforces Telegram's limits: 30 messages/s
// for the bot (token bucket) and 1/s per chat, with 429 + retry_after beyond them. The limit is the
// baseline: the figure is the achieved rate as a share of it, with the 429s provoked, and the
// duplicates and losses counted per chat (both must be 0).
//
//   npm run bench:broadcast [-- --recipients 1000 --db postgres|pglite]
//
// Publishing (the audience resolved, invitations and their deliveries written in bulk) is timed
// separately from the delivery.
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Telegram } from 'telegraf';
import { TelegramChannel } from '../../bots/telegram/telegram-channel.ts';
import { roadshowInvitation } from '../../core/roadshows/messages.ts';
import { CHANNEL_LIMITS } from '../../jobs/delivery-queues.ts';
import { relayDueDeliveries } from '../../jobs/outbox-relay.ts';
import { startJobRuntime } from '../../jobs/runtime.ts';
import { testClock } from '../../test/support/clock.ts';
import { createTestDatabase, type DatabaseKind } from '../../test/support/databases.ts';
import { deleteRedisKeys, redisTestPrefix } from '../../test/support/redis.ts';
import { STAND_IN_BOT_INFO, startTelegramBotApi } from '../../test/support/telegram-bot-api.ts';
import { seedBroadcastAudience } from './audience.ts';

const TELEGRAM_LIMIT_PER_SECOND = 30;
const TOKEN = `${STAND_IN_BOT_INFO.id}:bench-token`;
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '10000' },
    db: { type: 'string', default: 'postgres' },
  },
});
const recipients = Math.min(Math.max(Math.trunc(Number(values.recipients)) || 10_000, 10), 100_000);
const kind = (values.db === 'pglite' ? 'pglite' : 'postgres') as DatabaseKind;
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
// What the program decides by its clock (quiet hours, what is due) must not depend on the hour the
// benchmark runs at: it stands still at the tests' working morning. Rate limits, retries and the
// figures run on the machine's time, as they do in production.
const clock = testClock();

async function main() {
  const started = Date.now();
  const db = await createTestDatabase(kind);
  const api = await startTelegramBotApi({
    record: false,
    rateLimit: { perSecond: TELEGRAM_LIMIT_PER_SECOND, perChatPerSecond: 1 },
  });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = redisTestPrefix('revive-bench');
  try {
    const audience = await seedBroadcastAudience(db.prisma, {
      recipients,
      firstChatId: 700_000_000,
      ipc: 'Y09Z',
      now: clock.now(),
    });
    process.stdout.write(
      `${recipients} recipients seeded on ${kind} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const publishStarted = Date.now();
    const published = await audience.publish();
    process.stdout.write(
      `published: ${published.newInvitations} invitations in ${((Date.now() - publishStarted) / 1000).toFixed(1)} s\n`,
    );

    const telegram = new Telegram(TOKEN, { apiRoot: api.url, webhookReply: false });
    const runtime = await startJobRuntime({
      db: db.prisma,
      redisUrl: REDIS_URL,
      timeZone: 'Asia/Shanghai',
      logger,
      clock,
      ports: { TELEGRAM: new TelegramChannel(telegram, db.prisma, logger, clock) },
      prefix,
      schedules: false,
    });
    const t0 = Date.now();
    let settledAt = t0;
    // The steady rate, between 10 % and 90 % received: without the start-up and the last stragglers.
    let at10: number | null = null;
    let at90: number | null = null;
    try {
      // As the runtime's relay schedule does (every 5 s, at most 5000 rows a pass), without waiting
      // up to 5 s for its first pass.
      await relayDueDeliveries(db.prisma, runtime.queues, { now: clock.now() });
      let relayedAt = Date.now();
      let last = '';
      for (;;) {
        if (Date.now() - relayedAt >= 5000) {
          await relayDueDeliveries(db.prisma, runtime.queues, { now: clock.now() });
          relayedAt = Date.now();
        }
        const open = await db.prisma.delivery.count({
          where: { kind: roadshowInvitation.kind, status: { in: ['PENDING', 'SENDING'] } },
        });
        const received = [...api.delivered.values()].reduce((a, b) => a + b, 0);
        if (at10 === null && received >= recipients * 0.1) at10 = Date.now();
        if (at90 === null && received >= recipients * 0.9) at90 = Date.now();
        const line = `  ${((Date.now() - t0) / 1000).toFixed(0)} s: ${received} received, ${open} open, ${api.rateLimitedCount()} × 429\n`;
        if (line !== last && (Date.now() - t0) % 5000 < 250) process.stdout.write(line);
        last = line;
        if (open === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      settledAt = Date.now();
    } finally {
      await runtime.stop(5000);
    }

    const elapsed = (settledAt - t0) / 1000;
    const byStatus = await db.prisma.delivery.groupBy({
      by: ['status'],
      where: { kind: roadshowInvitation.kind },
      _count: true,
    });
    let duplicates = 0;
    let lost = 0;
    for (const chat of audience.chatOf.values()) {
      const n = api.delivered.get(chat) ?? 0;
      if (n > 1) duplicates += n - 1;
      if (n === 0) lost += 1;
    }
    const sent = [...api.delivered.values()].reduce((a, b) => a + b, 0);
    const rate = sent / elapsed;
    const limiter = CHANNEL_LIMITS.TELEGRAM;
    const steady =
      at10 !== null && at90 !== null && at90 > at10 ? (0.8 * recipients * 1000) / (at90 - at10) : rate;
    process.stdout.write(
      [
        '',
        `Broadcast of ${recipients} invitations (${kind}, worker limiter ${limiter.max} per ${limiter.duration} ms)`,
        `  baseline (the limit): ${TELEGRAM_LIMIT_PER_SECOND} messages/s → ${(recipients / TELEGRAM_LIMIT_PER_SECOND).toFixed(1)} s at best`,
        `  achieved:             ${rate.toFixed(1)} messages/s = ${((100 * rate) / TELEGRAM_LIMIT_PER_SECOND).toFixed(1)} % of the limit`,
        `  steady (10 %→90 %):   ${steady.toFixed(1)} messages/s = ${((100 * steady) / TELEGRAM_LIMIT_PER_SECOND).toFixed(1)} % of the limit`,
        `  elapsed:              ${elapsed.toFixed(1)} s (from the relay to the last invitation settled)`,
        `  429s received:        ${api.rateLimitedCount()}`,
        `  duplicates:           ${duplicates}`,
        `  losses:               ${lost}`,
        `  outbox:               ${byStatus.map((r) => `${r.status} ${r._count}`).join(', ')}`,
        '',
      ].join('\n'),
    );
    process.exitCode = duplicates === 0 && lost === 0 ? 0 : 1;
  } finally {
    await deleteRedisKeys(redis, prefix);
    redis.disconnect();
    await api.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:broadcast: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
