// Redis dies mid-broadcast and comes back empty (no persistence): producers fail fast instead of
// hanging, nothing written to the outbox is lost, and nobody gets an invitation twice — the outbox
// relay queues again whatever Redis forgot. A private redis-server, so that killing it harms no one.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BroadcastAudience, seedBroadcastAudience } from '../../bench/broadcast/audience.ts';
import { TelegramChannel } from '../../bots/telegram/telegram-channel.ts';
import { enqueueDelivery } from '../../core/delivery/outbox.ts';
import { roadshowInvitation } from '../../core/roadshows/messages.ts';
import { invitationKey } from '../../core/roadshows/roadshows.ts';
import { scheduleDelivery } from '../../jobs/delivery-queues.ts';
import { relayDueDeliveries } from '../../jobs/outbox-relay.ts';
import { type JobRuntime, startJobRuntime } from '../../jobs/runtime.ts';
import { testClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import {
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../support/telegram-bot-api.ts';
import { waitFor } from '../support/wait-for.ts';

const TOKEN = `${STAND_IN_BOT_INFO.id}:redis-restart-token`;
const RECIPIENTS = 120;
const LATE_CHAT = 639_999_999;

/** The waits below poll at this pace, for at most 30 s unless said otherwise. */
const POLL = { timeoutMs: 30_000, intervalMs: 25 };

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * The environment for redis-server: on the machine's real clock, like the shared Redis. When the
 * suite runs under libfaketime (CI checks that no test depends on the date), preloading it into
 * redis-server makes it abort at start (recursive clock_gettime calls).
 */
function realClockEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')),
  );
}

/** A throwaway redis-server: in memory only, so that a restart comes back empty. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore', env: realClockEnv() },
  );
  const probe = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Refused connections while it starts are expected; they are reported by connect() below.
  probe.on('error', () => {});
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error('redis-server exited');
        return probe.connect().then(
          () => true,
          () => false,
        );
      },
      { ...POLL, message: 'redis-server answers' },
    );
  } finally {
    probe.disconnect();
  }
  return child;
}

async function kill9(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe('Redis restarted empty mid-broadcast', () => {
  let db: TestDatabase;
  let api: TelegramBotApiStandIn;
  let redisServer: ChildProcess | null = null;
  let runtime: JobRuntime | null = null;
  let port: number;
  // The program's clock stands still at a working morning: only Redis and the sends move.
  const clock = testClock();

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    api = await startTelegramBotApi({ rateLimit: { perSecond: 30, perChatPerSecond: 1 } });
    port = await freePort();
    redisServer = await startRedis(port);
  });
  afterAll(async () => {
    await runtime?.stop(2000);
    if (redisServer) await kill9(redisServer);
    await api?.close();
    await db?.close();
  });

  const invitations = (roadshowId: string) =>
    db.prisma.delivery.findMany({
      where: { kind: roadshowInvitation.kind, idempotencyKey: { startsWith: `roadshow:${roadshowId}:` } },
    });
  const received = (audience: BroadcastAudience) =>
    [...audience.chatOf.values()].reduce((sum, chat) => sum + (api.delivered.get(chat) ?? 0), 0);

  it('fails producers fast, loses nothing and doubles nothing; the relay restores the jobs', async () => {
    const audience = await seedBroadcastAudience(db.prisma, {
      recipients: RECIPIENTS,
      firstChatId: 630_000_000,
      ipc: 'Y03C',
      now: clock.now(),
    });
    await audience.publish();
    const logger = pino({ level: 'silent' });
    const telegram = new Telegram(TOKEN, { apiRoot: api.url, webhookReply: false });
    runtime = await startJobRuntime({
      db: db.prisma,
      redisUrl: `redis://127.0.0.1:${port}`,
      timeZone: 'Asia/Shanghai',
      logger,
      clock,
      ports: { TELEGRAM: new TelegramChannel(telegram, db.prisma, logger, clock) },
    });
    await relayDueDeliveries(db.prisma, runtime.queues, { now: clock.now() });
    await waitFor(() => received(audience) >= 30, { ...POLL, message: 'some invitations went out' });
    await kill9(redisServer!);
    redisServer = null;
    expect(received(audience)).toBeLessThan(RECIPIENTS);

    // Someone added to the audience while Redis is down: the outbox row is written, queueing it
    // fails at once (not after a hang), and the row waits as PENDING.
    const late = await db.prisma.person.create({
      data: {
        name: '迟到的观众',
        timeZone: (
          await db.prisma.person.findUniqueOrThrow({ where: { id: [...audience.chatOf.keys()][0]! } })
        ).timeZone,
        identities: {
          create: { channel: 'TELEGRAM', externalId: String(LATE_CHAT), address: String(LATE_CHAT) },
        },
      },
    });
    await db.prisma.invitation.create({ data: { roadshowId: audience.roadshowId, personId: late.id } });
    const { id: lateId } = await enqueueDelivery(
      db.prisma,
      roadshowInvitation.delivery({
        idempotencyKey: invitationKey(audience.roadshowId, late.id),
        personId: late.id,
        channel: 'TELEGRAM',
        payload: { roadshowId: audience.roadshowId },
        notBefore: clock.now(),
      }),
    );
    const queued = scheduleDelivery(
      runtime.queues,
      { id: lateId, channel: 'TELEGRAM', notBefore: clock.now() },
      clock.now(),
    ).then(
      () => 'queued',
      () => 'failed',
    );
    const hung = new Promise((resolve) => setTimeout(() => resolve('hung'), 10_000).unref());
    expect(await Promise.race([queued, hung])).toBe('failed');
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id: lateId } })).status).toBe('PENDING');

    redisServer = await startRedis(port);
    await waitFor(async () => (await invitations(audience.roadshowId)).every((d) => d.status === 'SENT'), {
      ...POLL,
      timeoutMs: 40_000,
      message: 'every invitation is sent',
    });
    for (const chat of [...audience.chatOf.values(), LATE_CHAT]) expect(api.delivered.get(chat)).toBe(1);
  }, 90_000);
});
