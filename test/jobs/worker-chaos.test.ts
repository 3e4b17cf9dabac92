// Chaos, the short variant (the long one, with real `npm run worker` processes and SIGKILL, is
// `npm run bench:chaos`): delivery workers die three times in a row while they hold a roadshow
// broadcast's jobs, each behind a slow database (a proxy adding latency to every round trip). A
// worker "dies" as a killed process does: its database stops answering mid-work and never answers
// again, its Redis connections drop (no lock renewed, nothing recorded), its port sends nothing more.
// The second dies holding the jobs it took over from the first, so BullMQ fails them as "stalled
// more than allowable limit" — the case that used to leave rows PENDING forever; the third dies
// while the relay re-drives them. Then the outbox is checked: every recipient has the invitation
// exactly once, or a dead letter an operator can see (one that may have arrived says so), and
// nothing is left PENDING or SENDING.
import type { Redis } from 'ioredis';
import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBroadcastAudience } from '../../bench/broadcast/audience.ts';
import { TelegramChannel } from '../../bots/telegram/telegram-channel.ts';
import type { ChannelPort } from '../../core/channel/messages.ts';
import { type Database, openDatabase } from '../../core/db/database.ts';
import { mayHaveArrived } from '../../core/delivery/dead-letters.ts';
import { DELIVERY_RENDERERS } from '../../core/delivery-kinds.ts';
import { roadshowInvitation } from '../../core/roadshows/messages.ts';
import { deliveryJobId, openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { startDeliveryWorker } from '../../jobs/delivery-worker.ts';
import { relayDueDeliveries, STALE_SENDING_MS } from '../../jobs/outbox-relay.ts';
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

const TOKEN = `${STAND_IN_BOT_INFO.id}:chaos-test-token`;
/** A dead worker's jobs are taken over within about twice this. */
const LOCK_MS = 500;
/** Every chunk to and from PostgreSQL waits this long: each query costs at least twice this. */
const DB_DELAY_MS = 5;
/** Fewer than a worker takes at once, so that each worker holds all that is left when it dies. */
const RECIPIENTS = 20;
/** How often each worker runs the relay (the schedule's 5 s, shortened for the test). */
const RELAY_EVERY_MS = 200;
const POLL = { timeoutMs: 30_000, intervalMs: 20 };
const logger = pino({ level: 'silent' });
const clock = testClock();

interface TestWorker {
  /** As SIGKILL: everything stops where it is, nothing is recorded afterwards. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

describe('workers killed three times in a row, on a slow database', () => {
  let db: TestDatabase;
  let api: TelegramBotApiStandIn;
  let redis: TestRedis;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    api = await startTelegramBotApi({ record: false, rateLimit: { perSecond: 30, perChatPerSecond: 1 } });
    redis = openTestRedis();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await redis?.cleanup();
    await api?.close();
    await db?.close();
  });

  /** A worker as a process of its own would have it: its database connection, Redis, port and relay. */
  /**
   * `stuck`: its database stops answering as soon as it is open, before it takes any job.
   * `holdAfter`: its sends after that many hang until it dies (a process frozen mid-broadcast), so
   * that it dies holding the rest however fast the machine is.
   */
  async function startWorker(options: { stuck?: boolean; holdAfter?: number } = {}): Promise<TestWorker> {
    const proxy: DbProxy = await startDbProxy(
      { host: '127.0.0.1', port: Number(new URL(TEST_POSTGRES_URL).port || 5432) },
      DB_DELAY_MS,
    );
    const url = new URL(TEST_POSTGRES_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.pathname = `/${db.name}`;
    const database: Database = await openDatabase({ kind: 'postgres', url: url.toString() });
    if (options.stuck) proxy.freeze();
    const connections: Redis[] = [redis.connect(), redis.connect()];
    const [connection, producer] = connections as [Redis, Redis];
    const queues = openDeliveryQueues(producer, redis.prefix);
    let dead = false;
    const telegram = new TelegramChannel(
      new Telegram(TOKEN, { apiRoot: api.url, webhookReply: false }),
      database.prisma,
      logger,
      clock,
    );
    let sent = 0;
    const held: ((error: Error) => void)[] = [];
    const port: ChannelPort = {
      channel: 'TELEGRAM',
      send: (to, message) => {
        if (dead) return Promise.reject(new Error('the process is dead'));
        if (options.holdAfter !== undefined && sent >= options.holdAfter)
          return new Promise((_, reject) => held.push(reject));
        sent += 1;
        return telegram.send(to, message);
      },
    };
    const worker = startDeliveryWorker({
      db: database.prisma,
      channel: 'TELEGRAM',
      port,
      renderers: DELIVERY_RENDERERS,
      connection,
      redis: producer,
      queues,
      logger,
      prefix: redis.prefix,
      clock,
      lockDurationMs: LOCK_MS,
    });
    const relaying = (async () => {
      while (!dead) {
        await relayDueDeliveries(database.prisma, queues, { now: clock.now() }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, RELAY_EVERY_MS));
      }
    })();
    // What a dead process leaves open is closed at the very end: its stuck calls then fail, unheard.
    let alive = true;
    cleanups.push(async () => {
      await proxy.close();
      // A dead one's pool would wait for the client its stuck transaction holds: left as a killed
      // process leaves it (its sockets are closed).
      if (alive) await database.close();
    });
    return {
      async kill() {
        // Stopped where it is: no query answered, no lock renewed, nothing sent, then its
        // connections reset, as the system does for a killed process.
        proxy.freeze();
        dead = true;
        alive = false;
        for (const reject of held.splice(0)) reject(new Error('the process is dead'));
        await worker.close(true).catch(() => undefined);
        for (const c of connections) c.disconnect();
        await proxy.close();
      },
      async stop() {
        dead = true;
        await relaying;
        await worker.close();
        for (const queue of Object.values(queues)) await queue.close();
        for (const c of connections) c.disconnect();
      },
    };
  }

  it('settles every invitation: delivered once, or a visible dead letter; none left waiting', async () => {
    const audience = await seedBroadcastAudience(db.prisma, {
      recipients: RECIPIENTS,
      firstChatId: 630_000_000,
      ipc: 'Y03C',
      now: clock.now(),
    });
    await audience.publish();
    const queues = openDeliveryQueues(redis.redis, redis.prefix);
    cleanups.push(() => Promise.all(Object.values(queues).map((q) => q.close())));
    const received = () =>
      [...audience.chatOf.values()].reduce((sum, chat) => sum + (api.delivered.get(chat) ?? 0), 0);
    const invitations = () =>
      db.prisma.delivery.findMany({
        where: {
          kind: roadshowInvitation.kind,
          idempotencyKey: { startsWith: `roadshow:${audience.roadshowId}:` },
        },
      });

    // 1. The first worker sends a few and dies holding the rest of the broadcast.
    const first = await startWorker({ holdAfter: 3 });
    await waitFor(() => received() >= 3, { ...POLL, message: 'the first invitations went out' });
    await first.kill();

    // 2. The second takes them over once the first's locks expire (its database hangs, so it
    //    finishes none of them), and dies holding them.
    const second = await startWorker({ stuck: true });
    await waitFor(async () => (await queues.TELEGRAM.getActive()).some((job) => job.stalledCounter >= 1), {
      ...POLL,
      intervalMs: 5,
      message: 'the second worker holds the jobs of the first',
    });
    await second.kill();

    // 3. The third finds them stalled twice (BullMQ fails them); its relay queues them again under new
    //    job ids, and it dies in the middle of that.
    const third = await startWorker();
    let seen = '';
    await waitFor(
      async () => {
        const rows = await invitations();
        const failed = await queues.TELEGRAM.getFailed();
        const byStatus: Record<string, number> = {};
        for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
        seen = `rows ${JSON.stringify(byStatus)}, failed jobs ${failed.map((j) => j.failedReason).join(' | ')}, active ${(await queues.TELEGRAM.getActive()).length}, waiting ${await queues.TELEGRAM.getWaitingCount()}`;
        return (await db.prisma.delivery.count({ where: { requeues: { gte: 1 } } })) > 0;
      },
      { ...POLL, intervalMs: 5, message: () => `the relay re-drives the failed jobs (${seen})` },
    );
    await third.kill();

    // 4. The last one, left alone, settles everything: rows whose claim lost its job (a relay died
    //    between re-driving a row and queueing it) are re-checked once their claim is stale.
    clock.advance(STALE_SENDING_MS + 1000);
    const last = await startWorker();
    let open: string[] = [];
    await waitFor(
      async () => {
        const waiting = (await invitations()).filter((r) => r.status === 'PENDING' || r.status === 'SENDING');
        open = await Promise.all(
          waiting.map(
            async (r) =>
              `${r.status} requeues=${r.requeues} job ${await queues.TELEGRAM.getJobState(deliveryJobId(r))}`,
          ),
        );
        return waiting.length === 0;
      },
      { ...POLL, message: () => `every invitation reaches a final state (open: ${open.join('; ')})` },
    );
    await last.stop();

    const rows = await invitations();
    expect(rows).toHaveLength(RECIPIENTS);
    // The case of the issue happened: jobs failed for stalling were re-driven.
    expect(rows.some((row) => row.requeues >= 1)).toBe(true);
    for (const row of rows) {
      const got = api.delivered.get(audience.chatOf.get(row.personId)!) ?? 0;
      expect(got).toBeLessThanOrEqual(1);
      expect(['SENT', 'DEAD']).toContain(row.status);
      if (row.status === 'SENT') expect(got).toBe(1);
      // A dead letter that says "not sent" was not; one that may have arrived says so.
      if (row.status === 'DEAD' && !mayHaveArrived(row.lastError)) expect(got).toBe(0);
    }
  }, 60_000);
});
