// Benchmark: a roadshow broadcast on Telegram, end to end, in three runs printed together:
//   1. no limit   — a Bot API stand-in that never says 429, the worker's rate set out of the way:
//                   how many messages/s one worker delivers, and its CPU per message;
//   2. 30/s       — the stand-in enforcing Telegram's limits (30 messages/s for the bot, 1/s per
//                   chat, 429 + retry_after beyond them), the worker at its default rate: the share
//                   of the limit reached;
//   3. 1 000/s    — the same with paid broadcast (allow_paid_broadcast) allowed for the roadshow and
//                   a spending cap configured: the stand-in lets paid messages through at 1 000/s.
// Each run starts a real worker process — `npm run worker:prod` (node's flags included) when `npm run
// build` has made dist/, else `npm run worker` through tsx — whose CPU and peak memory are read from
// /proc; the coordinator's confirm (publishing + their progress message, as in chat) is timed to the
// first invitation received. The worker's own schedules relay the outbox and edit the progress
// message, as in production. Duplicates and losses are counted per chat (both must be 0), with the
// 429s received; the progress message is checked: sent before the first invitation, edited, and
// final only after the last one.
//
//   npm run bench:broadcast [-- --recipients 5000 --limited 600 --only unlimited,30,1000 --tsx]
//
// The defaults take about a minute and a half on 2 cores; --recipients 10000 --limited 1000 is the
// size of the issue's measurements.
//
// PostgreSQL only (the worker is another process), on the local Redis.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { systemClock } from '../../core/clock.ts';
import { allowPaidBroadcast } from '../../core/delivery/paid-broadcast.ts';
import { roadshowInvitation } from '../../core/roadshows/messages.ts';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../../test/support/databases.ts';
import { deleteRedisKeys, redisTestPrefix } from '../../test/support/redis.ts';
import {
  STAND_IN_BOT_INFO,
  type StandInOptions,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../../test/support/telegram-bot-api.ts';
import { seedBroadcastAudience } from './audience.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOKEN = `${STAND_IN_BOT_INFO.id}:bench-token`;
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const TELEGRAM_LIMIT = 30;
const PAID_LIMIT = 1000;
/** Clock ticks per second of /proc/<pid>/stat (Linux: 100). */
const TICKS = 100;

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '5000' },
    limited: { type: 'string', default: '600' },
    only: { type: 'string', default: 'unlimited,30,1000' },
    tsx: { type: 'boolean', default: false },
  },
});
const count = (value: string | undefined, fallback: number) =>
  Math.min(Math.max(Math.trunc(Number(value)) || fallback, 10), 100_000);
const recipients = count(values.recipients, 5000);
const limitedRecipients = count(values.limited, 600);
const only = new Set(values.only!.split(','));
const compiled = !values.tsx && existsSync(path.join(ROOT, 'dist/scripts/worker.js'));
/** node's flags of `npm run worker:prod` (package.json), so that the benchmark measures what runs. */
const PROD_FLAGS: string[] = (() => {
  const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  const words = String(scripts['worker:prod'] ?? '').split(/\s+/);
  return words.filter((w) => w.startsWith('--'));
})();
const clock = systemClock;

interface Scenario {
  name: 'unlimited' | '30' | '1000';
  title: string;
  recipients: number;
  standIn: StandInOptions['rateLimit'];
  env: Record<string, string>;
  paid: boolean;
}

interface Figures {
  recipients: number;
  sent: number;
  rate: number;
  steady: number;
  elapsed: number;
  /** From the last invitation received to every row recorded. */
  settleMs: number;
  /** The confirm itself: publishing (audience, invitations written) and the progress message. */
  confirmMs: number;
  confirmToFirstMs: number;
  cpuMsPerMessage: number;
  /** The coordinator's progress message: sent before the first invitation? */
  progressFirst: boolean;
  /** Its edits while invitations went out, and after the last one. */
  editsDuring: number;
  editsAfter: number;
  /** Its final text ("finished") only after the last invitation, with every one counted? */
  progressFinal:
    | 'final after the last invitation'
    | 'never final'
    | 'FINAL TOO EARLY'
    | 'final but wrong counts';
  /** From the last invitation to the final edit. */
  finalEditMs: number | null;
  peakMb: number;
  startMs: number;
  tooMany: number;
  duplicates: number;
  losses: number;
  paid: number;
  outbox: string;
}

/** What Telegram received of the coordinator's progress message, in order with the invitations. */
function progressOf(api: TelegramBotApiStandIn, coordinatorChat: number, recipients: number) {
  const calls = api.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');
  const toCoordinator = (i: number) => Number(calls[i]!.body.chat_id) === coordinatorChat;
  const invitations = calls.flatMap((c, i) => (c.method === 'sendMessage' && !toCoordinator(i) ? [i] : []));
  const firstInvitation = invitations[0] ?? Number.POSITIVE_INFINITY;
  const lastInvitation = invitations.at(-1) ?? -1;
  const progressSent = calls.findIndex((c, i) => c.method === 'sendMessage' && toCoordinator(i));
  const edits = calls.flatMap((c, i) => (c.method === 'editMessageText' && toCoordinator(i) ? [i] : []));
  // The final text says "done" (邀请已发送完毕) with every invitation counted as sent.
  const finals = edits.filter((i) => String(calls[i]!.body.text).includes('邀请已发送完毕'));
  const lastEdit = edits.at(-1);
  return {
    progressFirst: progressSent >= 0 && progressSent < firstInvitation,
    editsDuring: edits.filter((i) => i < lastInvitation).length,
    editsAfter: edits.filter((i) => i > lastInvitation).length,
    progressFinal:
      finals.length === 0
        ? ('never final' as const)
        : finals.some((i) => i < lastInvitation)
          ? ('FINAL TOO EARLY' as const)
          : lastEdit !== undefined && String(calls[lastEdit]!.body.text).includes(`已发送 ${recipients}，`)
            ? ('final after the last invitation' as const)
            : ('final but wrong counts' as const),
  };
}

function procStats(pid: number): { cpuMs: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  return { cpuMs, peakMb: hwm ? Number(hwm[1]) / 1024 : 0 };
}

async function startWorker(
  env: Record<string, string>,
): Promise<{ child: ChildProcessWithoutNullStreams; startMs: number }> {
  // BENCH_WORKER_NODE_OPTIONS: extra flags for the worker's node, e.g. --cpu-prof to profile it, or
  // another --heap-growing-percent to compare.
  const extra = process.env.BENCH_WORKER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  // The extra flags after worker:prod's: node takes the last of a flag given twice.
  const args = compiled
    ? [...PROD_FLAGS, ...extra, 'dist/scripts/worker.js']
    : [...extra, '--import', 'tsx', 'scripts/worker.ts'];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  // BENCH_WORKER_LOG: a file that gets the worker's log (warnings and errors).
  const log = process.env.BENCH_WORKER_LOG
    ? createWriteStream(process.env.BENCH_WORKER_LOG, { flags: 'a' })
    : null;
  child.stdout.on('data', (chunk) => {
    stdout += chunk.toString();
    log?.write(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk.toString();
  });
  while (!stdout.includes('Revive worker running')) {
    if (child.exitCode !== null) throw new Error(`the worker exited: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { child, startMs: performance.now() - started };
}

async function stopWorker(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function run(db: TestDatabase, scenario: Scenario, firstChatId: number, ipc: string): Promise<Figures> {
  // Recorded: the order of the coordinator's message and the invitations is checked afterwards.
  const api: TelegramBotApiStandIn = await startTelegramBotApi({
    record: true,
    ...(scenario.standIn ? { rateLimit: scenario.standIn } : {}),
  });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = redisTestPrefix('revive-bench');
  let worker: ChildProcessWithoutNullStreams | null = null;
  try {
    const audience = await seedBroadcastAudience(db.prisma, {
      recipients: scenario.recipients,
      firstChatId,
      ipc,
      now: clock.now(),
    });
    if (scenario.paid) await allowPaidBroadcast(db.prisma, null, audience.roadshowId, true, clock.now());
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${db.name}`;
    const started = await startWorker({
      DATABASE_URL: url.toString(),
      REDIS_URL,
      REVIVE_REDIS_PREFIX: prefix,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      SLACK_BOT_TOKEN: '',
      LOG_LEVEL: 'warn',
      ...scenario.env,
    });
    worker = started.child;
    const pid = worker.pid!;
    const chats = [...audience.chatOf.values()];
    const received = () => chats.reduce((sum, chat) => sum + (api.delivered.get(chat) ?? 0), 0);

    // The coordinator confirms in chat: publishing and their progress message, then the worker's
    // own relay (every second) and delivery workers take it from there.
    const cpuBefore = procStats(pid).cpuMs;
    const confirmed = performance.now();
    await audience.confirm(clock.now());
    const confirmMs = performance.now() - confirmed;
    let first: number | null = null;
    let last = confirmed;
    let seen = 0;
    let at10: number | null = null;
    let at90: number | null = null;
    const open = () =>
      db.prisma.delivery.count({
        where: {
          kind: roadshowInvitation.kind,
          idempotencyKey: { startsWith: `roadshow:${audience.roadshowId}:` },
          status: { in: ['PENDING', 'SENDING'] },
        },
      });
    let lastCheck = 0;
    let lastLine = 0;
    for (;;) {
      const now = performance.now();
      const got = received();
      if (got > seen) {
        seen = got;
        last = now;
      }
      if (first === null && got > 0) first = now;
      if (at10 === null && got >= scenario.recipients * 0.1) at10 = now;
      if (at90 === null && got >= scenario.recipients * 0.9) at90 = now;
      if (now - lastLine > 5000 && first !== null) {
        lastLine = now;
        process.stdout.write(
          `    ${((now - confirmed) / 1000).toFixed(0)} s: ${got} received, ${api.rateLimitedCount()} × 429\n`,
        );
      }
      if ((got >= scenario.recipients && now - lastCheck > 20) || now - lastCheck > 1000) {
        lastCheck = now;
        if ((await open()) === 0) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const settled = performance.now();
    const { cpuMs, peakMb } = procStats(pid);
    // The progress message's final edit: the worker's schedule edits it every 5 s.
    const finished = () =>
      db.prisma.roadshow
        .findUniqueOrThrow({ where: { id: audience.roadshowId }, select: { broadcastFinishedAt: true } })
        .then((r) => r.broadcastFinishedAt !== null);
    while (!(await finished()) && performance.now() - settled < 15_000)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const finalSeenMs = (await finished()) ? performance.now() - last : null;
    const progress = progressOf(api, audience.coordinatorChat, scenario.recipients);
    const sent = received();
    // From the first invitation received to the last one.
    const elapsed = Math.max(0.001, (last - (first ?? confirmed)) / 1000);
    let duplicates = 0;
    let losses = 0;
    for (const chat of chats) {
      const n = api.delivered.get(chat) ?? 0;
      if (n > 1) duplicates += n - 1;
      if (n === 0) losses += 1;
    }
    const byStatus = await db.prisma.delivery.groupBy({
      by: ['status'],
      where: {
        kind: roadshowInvitation.kind,
        idempotencyKey: { startsWith: `roadshow:${audience.roadshowId}:` },
      },
      _count: true,
    });
    return {
      recipients: scenario.recipients,
      sent,
      rate: sent / elapsed,
      steady:
        at10 !== null && at90 !== null && at90 > at10
          ? (0.8 * scenario.recipients * 1000) / (at90 - at10)
          : sent / elapsed,
      elapsed,
      settleMs: settled - last,
      confirmMs,
      confirmToFirstMs: (first ?? settled) - confirmed,
      cpuMsPerMessage: (cpuMs - cpuBefore) / Math.max(1, sent),
      ...progress,
      finalEditMs: progress.progressFinal === 'final after the last invitation' ? finalSeenMs : null,
      peakMb,
      startMs: started.startMs,
      tooMany: api.rateLimitedCount(),
      duplicates,
      losses,
      paid: api.paidCount(),
      outbox: byStatus.map((r) => `${r.status} ${r._count}`).join(', '),
    };
  } finally {
    if (worker) await stopWorker(worker);
    // Its progress message lived on this run's stand-in: the next run's worker must not follow it.
    await db.prisma.roadshow.updateMany({
      where: { broadcastFinishedAt: null },
      data: { broadcastFinishedAt: clock.now() },
    });
    await deleteRedisKeys(redis, prefix);
    redis.disconnect();
    await api.close();
  }
}

const SCENARIOS: Scenario[] = [
  {
    name: 'unlimited',
    title: 'no limit (stand-in without limits, TELEGRAM_SEND_RATE=100000)',
    recipients,
    standIn: undefined,
    env: { TELEGRAM_SEND_RATE: '100000' },
    paid: false,
  },
  {
    name: '30',
    title: `Telegram's limit: ${TELEGRAM_LIMIT}/s per bot, 1/s per chat (default rate)`,
    recipients: limitedRecipients,
    standIn: { perSecond: TELEGRAM_LIMIT, perChatPerSecond: 1 },
    env: {},
    paid: false,
  },
  {
    name: '1000',
    title: `paid broadcast: ${PAID_LIMIT}/s (allowed for the roadshow, cap 100 000 Stars a day)`,
    recipients,
    standIn: { perSecond: TELEGRAM_LIMIT, perChatPerSecond: 1, paidPerSecond: PAID_LIMIT },
    env: {
      TELEGRAM_PAID_BROADCAST_STARS_PER_DAY: '100000',
      TELEGRAM_PAID_BROADCAST_RATE: String(PAID_LIMIT),
    },
    paid: true,
  },
];

function report(scenario: Scenario, f: Figures): string {
  const limit = scenario.name === '30' ? TELEGRAM_LIMIT : scenario.name === '1000' ? PAID_LIMIT : null;
  const share = (r: number) => (limit ? ` = ${((100 * r) / limit).toFixed(1)} % of ${limit}/s` : '');
  return [
    `  ${scenario.title}`,
    `    messages/s:            ${f.rate.toFixed(1)}${share(f.rate)} (steady 10 %→90 %: ${f.steady.toFixed(1)}${share(f.steady)})`,
    `    elapsed:               ${f.elapsed.toFixed(1)} s for ${f.sent} of ${f.recipients} (first invitation to last; all recorded ${f.settleMs.toFixed(0)} ms later)`,
    `    confirm → first:       ${f.confirmToFirstMs.toFixed(0)} ms (the confirm itself: ${f.confirmMs.toFixed(0)} ms)`,
    `    worker CPU/message:    ${f.cpuMsPerMessage.toFixed(3)} ms`,
    `    worker peak memory:    ${f.peakMb.toFixed(0)} MB (started in ${f.startMs.toFixed(0)} ms, ${compiled ? `compiled, node ${PROD_FLAGS.join(' ')}` : 'tsx'})`,
    `    429s:                  ${f.tooMany}`,
    `    duplicates / losses:   ${f.duplicates} / ${f.losses}`,
    ...(scenario.paid ? [`    paid messages:         ${f.paid}`] : []),
    `    progress message:      ${f.progressFirst ? 'sent before the first invitation' : 'NOT FIRST'}; edited ${f.editsDuring}× during the broadcast, ${f.editsAfter}× after; ${f.progressFinal}${f.finalEditMs !== null ? ` (${(f.finalEditMs / 1000).toFixed(1)} s after it)` : ''}`,
    `    outbox:                ${f.outbox}`,
  ].join('\n');
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main() {
  const loadBefore = load();
  const db = await createTestDatabase('postgres');
  const lines: string[] = [];
  let failed = false;
  try {
    let firstChatId = 700_000_000;
    for (const [i, scenario] of SCENARIOS.entries()) {
      if (!only.has(scenario.name)) continue;
      process.stdout.write(`${scenario.title}: ${scenario.recipients} recipients …\n`);
      const figures = await run(db, scenario, firstChatId, `Y${String(i + 1).padStart(2, '0')}Z`);
      firstChatId += 1_000_000;
      lines.push(report(scenario, figures));
      if (figures.duplicates > 0 || figures.losses > 0) failed = true;
      if (!figures.progressFirst || figures.progressFinal !== 'final after the last invitation')
        failed = true;
    }
  } finally {
    await db.close();
  }
  process.stdout.write(
    `\nBroadcast benchmark (${recipients} recipients; ${limitedRecipients} at 30/s), ${new Date().toISOString()}, ` +
      `${os.cpus().length} cores, load average ${loadBefore} before, ${load()} after\n${lines.join('\n')}\n`,
  );
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:broadcast: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
