// A real worker process (npm run worker) killed with SIGKILL in the middle of a roadshow broadcast,
// against a Bot API stand-in enforcing Telegram's limits: nobody gets the invitation twice, and
// nobody is silently left out — a send cut off mid-request is a dead letter an admin can see.
// PostgreSQL only: the worker is another process, and an in-memory PGlite cannot be shared.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BroadcastAudience, seedBroadcastAudience } from '../../bench/broadcast/audience.ts';
import { systemClock } from '../../core/clock.ts';
import { retryDeadDelivery } from '../../core/delivery/outbox.ts';
import { UNCERTAIN_ERROR } from '../../core/delivery/send-delivery.ts';
import { roadshowInvitation } from '../../core/roadshows/messages.ts';
import { type DeliveryQueues, openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { relayDueDeliveries } from '../../jobs/outbox-relay.ts';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/databases.ts';
import { openTestRedis, type TestRedis } from '../support/redis.ts';
import {
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../support/telegram-bot-api.ts';
import { waitFor } from '../support/wait-for.ts';

const TOKEN = `${STAND_IN_BOT_INFO.id}:crash-test-token`;
// A dead worker's jobs are taken over within about twice this.
const LOCK_MS = 1500;
// The worker under test is another process, running on the system clock as in production: what this
// test writes for it (due times, the roadshow's start, the recipients' daytime zone) is from the same
// clock, so that the worker finds it due and outside quiet hours whenever the test runs.
const clock = systemClock;

/** The waits below poll at this pace, for at most 40 s unless said otherwise. */
const POLL = { timeoutMs: 40_000, intervalMs: 50 };

describe('a worker killed mid-broadcast', () => {
  let db: TestDatabase;
  let databaseUrl: string;
  let api: TelegramBotApiStandIn;
  let redis: TestRedis;
  let queues: DeliveryQueues;
  const workers = new Set<ChildProcessWithoutNullStreams>();
  /** The worker left running by the first test is the one the second test kills: one start less. */
  let running: ChildProcessWithoutNullStreams | null = null;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${db.name}`;
    databaseUrl = url.toString();
    api = await startTelegramBotApi({ rateLimit: { perSecond: 30, perChatPerSecond: 1 } });
    redis = openTestRedis();
    queues = openDeliveryQueues(redis.redis, redis.prefix);
  });
  afterAll(async () => {
    await Promise.all([...workers].map(kill9));
    // Every key of this test, the queues' and the per-chat rate keys alike.
    await redis?.cleanup(...Object.values(queues ?? {}));
    await api?.close();
    await db?.close();
  });

  const env = () => {
    const { SLACK_BOT_TOKEN: _s, DATABASE_URL: _d, ...rest } = process.env;
    return {
      ...rest,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      REVIVE_REDIS_PREFIX: redis.prefix,
      REVIVE_JOB_LOCK_MS: String(LOCK_MS),
      DEFAULT_LOCALE: 'zh-CN',
      LOG_LEVEL: 'warn',
    };
  };

  async function startWorker(): Promise<ChildProcessWithoutNullStreams> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], { env: env() });
    workers.add(child);
    child.on('exit', () => workers.delete(child));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
    });
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`worker exited: ${stderr}`);
        return stdout.includes('Revive worker running');
      },
      { ...POLL, timeoutMs: 20_000, message: 'the worker runs' },
    );
    return child;
  }

  async function kill9(child: ChildProcessWithoutNullStreams) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  const invitations = (roadshowId: string) =>
    db.prisma.delivery.findMany({
      where: { kind: roadshowInvitation.kind, idempotencyKey: { startsWith: `roadshow:${roadshowId}:` } },
    });

  const drained = async (roadshowId: string) =>
    (await db.prisma.delivery.count({
      where: {
        kind: roadshowInvitation.kind,
        idempotencyKey: { startsWith: `roadshow:${roadshowId}:` },
        status: { in: ['PENDING', 'SENDING'] },
      },
    })) === 0;

  const received = (audience: BroadcastAudience) =>
    [...audience.chatOf.values()].reduce((sum, chat) => sum + (api.delivered.get(chat) ?? 0), 0);

  /**
   * Nobody got two messages; every SENT one got exactly its one; every other one is a dead letter of
   * a send cut off mid-request. Returns the dead letters.
   */
  async function checkNoDoubles(audience: BroadcastAudience) {
    const rows = await invitations(audience.roadshowId);
    expect(rows).toHaveLength(audience.chatOf.size);
    for (const chat of audience.chatOf.values()) expect(api.delivered.get(chat) ?? 0).toBeLessThanOrEqual(1);
    for (const row of rows) {
      expect(['SENT', 'DEAD']).toContain(row.status);
      const chat = audience.chatOf.get(row.personId)!;
      if (row.status === 'SENT') {
        expect(api.delivered.get(chat)).toBe(1);
        expect(api.lastMessageTo(chat)).toBe(Number(row.providerMessageId));
      } else {
        expect(row.lastError).toMatch(/^interrupted during send/);
      }
    }
    return rows.filter((r) => r.status === 'DEAD');
  }

  it('delivers every invitation exactly once across a SIGKILL and a restart', async () => {
    // The worker starts (a few seconds) while the roadshow is published.
    const [first, audience] = await Promise.all([
      startWorker(),
      seedBroadcastAudience(db.prisma, {
        recipients: 150,
        firstChatId: 610_000_000,
        ipc: 'Y01A',
        now: clock.now(),
      }),
    ]);
    expect((await audience.publish()).recipients).toBe(150);
    await relayDueDeliveries(db.prisma, queues, { now: clock.now() });
    await waitFor(() => received(audience) >= 40, { ...POLL, message: 'some invitations went out' });
    await kill9(first);
    expect(received(audience)).toBeLessThan(150);

    const second = await startWorker();
    await waitFor(() => drained(audience.roadshowId), { ...POLL, message: 'the outbox is drained' });
    const dead = await checkNoDoubles(audience);
    // A send cut off before it reached Telegram cannot be told from one cut off after: an admin
    // looks at the dead letters and retries those the person did not get.
    for (const row of dead) {
      if (!api.delivered.get(audience.chatOf.get(row.personId)!)) {
        await retryDeadDelivery(db.prisma, row.id, clock.now());
      }
    }
    await relayDueDeliveries(db.prisma, queues, { now: clock.now() });
    await waitFor(() => drained(audience.roadshowId), {
      ...POLL,
      message: 'the retried dead letters are sent',
    });
    for (const chat of audience.chatOf.values()) expect(api.delivered.get(chat)).toBe(1);
    running = second;
  }, 90_000);

  it('leaves a send held in flight at the kill as a dead letter listed by jobs:status, never resent', async () => {
    const audience = await seedBroadcastAudience(db.prisma, {
      recipients: 40,
      firstChatId: 620_000_000,
      ipc: 'Y02B',
      now: clock.now(),
    });
    await audience.publish();
    const held = api.holdNext('sendMessage');
    const first = running ?? (await startWorker());
    running = null;
    await relayDueDeliveries(db.prisma, queues, { now: clock.now() });
    const call = await held.arrived;
    await kill9(first);
    const heldChat = Number(call.body.chat_id);
    const heldPerson = [...audience.chatOf].find(([, chat]) => chat === heldChat)![0];

    const second = await startWorker();
    await waitFor(() => drained(audience.roadshowId), { ...POLL, message: 'the outbox is drained' });
    await checkNoDoubles(audience);
    const heldRow = (await invitations(audience.roadshowId)).find((r) => r.personId === heldPerson)!;
    expect(heldRow).toMatchObject({ status: 'DEAD', lastError: UNCERTAIN_ERROR });
    // Telegram had it: the person has the invitation once, although we could not record it.
    expect(api.delivered.get(heldChat)).toBe(1);

    // Listed with whom it was for, where, what about, and that it may have arrived.
    const status = await runJobsStatus();
    const roadshow = await db.prisma.roadshow.findUniqueOrThrow({ where: { id: audience.roadshowId } });
    const person = await db.prisma.person.findUniqueOrThrow({ where: { id: heldPerson } });
    const entry = status.slice(status.indexOf(heldRow.id)).split('\n').slice(0, 3).join('\n');
    expect(entry).toContain(person.name);
    expect(entry).toContain(`TELEGRAM ${heldChat}`);
    expect(entry).toContain(`${roadshowInvitation.kind}：${roadshow.title}`);
    expect(entry).toContain('⚠️');
    await kill9(second);
  }, 90_000);

  async function runJobsStatus(): Promise<string> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/jobs-status.ts'], { env: env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, stderr).toBe(0);
    return stdout;
  }
});
