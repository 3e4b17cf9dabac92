// Chaos, the long variant of test/jobs/worker-chaos.test.ts: real `npm run worker` processes (the
// compiled ones when `npm run build` has made dist/) killed with SIGKILL again and again while they
// send a roadshow broadcast against a Bot API stand-in enforcing Telegram's limits, each behind a
// slow database (a proxy adding latency to every round trip). Every other worker is killed "stuck":
// its database stops answering as soon as it runs, so it dies holding whatever it took — the jobs of
// the one killed before it included when it got to them, which BullMQ then fails as stalled twice.
// After the last kill one worker is left alone; the outbox is then checked: every recipient has the
// invitation exactly once or a dead letter (one that may have arrived says so), none is left
// PENDING or SENDING, nobody got it twice. The workers' own schedules relay the outbox throughout.
//
//   npm run bench:chaos [-- --recipients 300 --kills 6 --tsx]
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock.ts';
import { mayHaveArrived } from '../../core/delivery/dead-letters.ts';
import { roadshowInvitation } from '../../core/roadshows/messages.ts';
import { openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { type DbProxy, startDbProxy } from '../../test/jobs/db-proxy.ts';
import { createTestDatabase, TEST_POSTGRES_URL } from '../../test/support/databases.ts';
import { openTestRedis } from '../../test/support/redis.ts';
import { STAND_IN_BOT_INFO, startTelegramBotApi } from '../../test/support/telegram-bot-api.ts';
import { seedBroadcastAudience } from './audience.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOKEN = `${STAND_IN_BOT_INFO.id}:chaos-bench-token`;
const LOCK_MS = 1000;
const DB_DELAY_MS = 5;

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '300' },
    kills: { type: 'string', default: '6' },
    tsx: { type: 'boolean', default: false },
  },
});
const recipients = Math.min(Math.max(Math.trunc(Number(values.recipients)) || 300, 10), 20_000);
const kills = Math.min(Math.max(Math.trunc(Number(values.kills)) || 6, 3), 50);
const compiled = !values.tsx && existsSync(path.join(ROOT, 'dist/scripts/worker.js'));
const clock = systemClock;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await sleep(20);
  }
  return false;
}

interface Worker {
  child: ChildProcessWithoutNullStreams;
  proxy: DbProxy;
  running: () => boolean;
}

async function main() {
  const db = await createTestDatabase('postgres');
  const api = await startTelegramBotApi({ record: false, rateLimit: { perSecond: 30, perChatPerSecond: 1 } });
  const redis = openTestRedis('revive-chaos');
  const queues = openDeliveryQueues(redis.redis, redis.prefix);
  const children = new Set<ChildProcessWithoutNullStreams>();
  const proxies: DbProxy[] = [];
  const postgres = new URL(TEST_POSTGRES_URL);

  /** Started at once behind its own frozen proxy: it loads its code while it waits for its database. */
  async function prepare(): Promise<Worker> {
    const proxy = await startDbProxy({ host: '127.0.0.1', port: Number(postgres.port || 5432) }, DB_DELAY_MS);
    proxies.push(proxy);
    proxy.freeze();
    const url = new URL(TEST_POSTGRES_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.pathname = `/${db.name}`;
    const args = compiled ? ['dist/scripts/worker.js'] : ['--import', 'tsx', 'scripts/worker.ts'];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        REDIS_URL: redis.url,
        REVIVE_REDIS_PREFIX: redis.prefix,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: api.url,
        SLACK_BOT_TOKEN: '',
        REVIVE_JOB_LOCK_MS: String(LOCK_MS),
        LOG_LEVEL: 'error',
      },
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
    });
    child.stderr.resume();
    return { child, proxy, running: () => stdout.includes('Revive worker running') };
  }

  async function kill(worker: Worker) {
    if (worker.child.exitCode !== null) return;
    const exited = new Promise((resolve) => worker.child.once('exit', resolve));
    worker.child.kill('SIGKILL');
    await exited;
  }

  try {
    const audience = await seedBroadcastAudience(db.prisma, {
      recipients,
      firstChatId: 640_000_000,
      ipc: 'Y04D',
      now: clock.now(),
    });
    const chats = [...audience.chatOf.values()];
    const received = () => chats.reduce((sum, chat) => sum + (api.delivered.get(chat) ?? 0), 0);
    const invitations = () =>
      db.prisma.delivery.findMany({
        where: {
          kind: roadshowInvitation.kind,
          idempotencyKey: { startsWith: `roadshow:${audience.roadshowId}:` },
        },
      });
    const started = performance.now();
    await audience.confirm(clock.now());
    let next = await prepare();
    const log: string[] = [];
    for (let k = 1; k <= kills; k++) {
      const worker = next;
      next = await prepare();
      worker.proxy.thaw();
      await until(worker.running, 60_000);
      const stuck = k % 2 === 0;
      if (stuck) {
        // Dies holding what it took, its database hung from the start.
        worker.proxy.freeze();
        const tookOver = await until(
          async () => (await queues.TELEGRAM.getActive()).some((job) => job.stalledCounter >= 1),
          4000,
        );
        log.push(`kill ${k}: stuck worker, ${tookOver ? 'holding jobs taken over' : 'holding fresh jobs'}`);
      } else {
        const before = received();
        await until(() => received() >= before + Math.max(3, recipients / (2 * kills)), 10_000);
        worker.proxy.freeze();
        log.push(`kill ${k}: working worker, ${received()} received so far`);
      }
      await kill(worker);
    }
    const lastKill = performance.now();
    next.proxy.thaw();
    await until(next.running, 60_000);
    const settled = await until(
      async () => (await invitations()).every((r) => r.status !== 'PENDING' && r.status !== 'SENDING'),
      180_000,
    );
    const settledAfter = (performance.now() - lastKill) / 1000;
    await kill(next);

    const rows = await invitations();
    let once = 0;
    let twice = 0;
    let deadMaybe = 0;
    let deadNot = 0;
    let wrong = 0;
    for (const row of rows) {
      const got = api.delivered.get(audience.chatOf.get(row.personId)!) ?? 0;
      if (got > 1) twice += 1;
      if (row.status === 'SENT' && got === 1) once += 1;
      else if (row.status === 'DEAD' && mayHaveArrived(row.lastError)) deadMaybe += 1;
      else if (row.status === 'DEAD' && got === 0) deadNot += 1;
      else wrong += 1;
    }
    const open = rows.filter((r) => r.status === 'PENDING' || r.status === 'SENDING').length;
    const redriven = rows.filter((r) => r.requeues > 0).length;
    process.stdout.write(
      [
        '',
        `Chaos: ${recipients} invitations, ${kills} workers killed in a row (${compiled ? 'compiled' : 'tsx'}), database +${DB_DELAY_MS} ms each way`,
        ...log.map((line) => `  ${line}`),
        `  settled:                 ${settled ? `yes, ${settledAfter.toFixed(1)} s after the last kill` : 'NO'} (${((performance.now() - started) / 1000).toFixed(0)} s in all)`,
        `  delivered exactly once:  ${once}`,
        `  dead letters:            ${deadMaybe} may have arrived (cut off mid-send), ${deadNot} not sent`,
        `  re-driven by the relay:  ${redriven} (their job failed as stalled twice, or vanished)`,
        `  duplicates:              ${twice}`,
        `  left PENDING/SENDING:    ${open}`,
        `  inconsistent:            ${wrong}`,
        '',
      ].join('\n'),
    );
    process.exitCode = settled && twice === 0 && open === 0 && wrong === 0 ? 0 : 1;
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await redis.cleanup(...Object.values(queues));
    for (const proxy of proxies) await proxy.close();
    await api.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:chaos: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
