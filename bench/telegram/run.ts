// Benchmark: answers per second through the whole Telegram path — an update posted to the real
// webhook → telegraf → claim → core (answer checked, persisted with its revision) → reply rendered
// and sent to the Bot API stand-in — beside a bare telegraf echo bot on the same harness (same
// stand-in, same webhook server, same load generator), so the two figures compare on one machine.
//
//   npm run bench:telegram [-- --duration 10 --connections 10 --db pglite|postgres]
//
// Each virtual inventor owns one demo patent with an open self-assessment and alternates two button
// presses on the question message: answer the first question, then "back" to it. Both are state
// changes persisted in one transaction, each followed by answerCallbackQuery and an edit in place.
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pino from 'pino';
import { Telegraf } from 'telegraf';
import { createTelegramBot } from '../../bots/telegram/create-bot.ts';
import { createWebhookHandler } from '../../bots/telegram/transport.ts';
import { createChatService } from '../../core/chat/chat-service.ts';
import { seedDemo } from '../../core/demo/seed.ts';
import { testClock } from '../../test/support/clock.ts';
import { createTestDatabase, type DatabaseKind } from '../../test/support/databases.ts';
import { STAND_IN_BOT_INFO, startTelegramBotApi } from '../../test/support/telegram-bot-api.ts';

const TOKEN = `${STAND_IN_BOT_INFO.id}:bench-token`;
const SECRET = 'bench-secret';
const PATH = '/telegram/webhook';
const FIRST_USER = 880_000_000;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    db: { type: 'string', default: 'pglite' },
  },
});
const duration = Math.min(Math.max(Number(values.duration) || 10, 1), 120);
const connections = Math.min(Math.max(Number(values.connections) || 10, 1), 100);
const kind = (values.db === 'postgres' ? 'postgres' : 'pglite') as DatabaseKind;
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
// The program's clock stands still at the tests' working morning: what the bot says and decides does
// not depend on when the benchmark runs. Timings are the machine's.
const clock = testClock();

/** Updates still being handled: the load generator may hang up before the bot has finished. */
let inFlight = 0;

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    inFlight++;
    try {
      await (handler(req, res) as unknown as Promise<void>);
    } finally {
      inFlight--;
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}` };
}

/** Waits for the updates still being handled: their replies must reach the stand-in before it closes. */
async function close(server: Server): Promise<void> {
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  server.close();
  server.closeIdleConnections();
  await once(server, 'close');
}

let updateId = 1;
const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET };

function callback(userId: number, data: string, messageId: number) {
  return {
    update_id: updateId++,
    callback_query: {
      id: `b${updateId}`,
      from: { id: userId, is_bot: false, first_name: 'Bench', language_code: 'zh' },
      chat_instance: `c${userId}`,
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: 'private', first_name: 'Bench' },
        text: '…',
      },
    },
  };
}

function report(name: string, result: autocannon.Result, extra: string): void {
  const rps = result.requests.average;
  const errors = result.non2xx + result.errors + result.timeouts;
  console.log(
    `${name.padEnd(28)} ${rps.toFixed(0).padStart(6)} updates/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   ${result.requests.total} requests, ${errors} failed   ${extra}`,
  );
}

async function main(): Promise<void> {
  const users = connections * 2; // every connection always finds an idle inventor
  console.log(
    `Telegram benchmark: ${duration} s per run, ${connections} connections, ${users} inventors, ${kind}`,
  );
  const db = await createTestDatabase(kind);
  const api = await startTelegramBotApi({ record: false });
  try {
    const demo = await seedDemo(db.prisma, { now: clock.now() });
    const patents = await db.prisma.patent.findMany({ orderBy: { applicationNumber: 'asc' }, take: users });
    if (patents.length < users)
      throw new Error(`the demo has ${patents.length} patents; use fewer connections`);
    // Virtual inventors, each responsible for one patent and bound to a Telegram user id.
    for (const [i, patent] of patents.entries()) {
      const person = await db.prisma.person.create({
        data: {
          name: `测试发明人${i + 1}`,
          email: `bench-${i}@bench.example.cn`,
          roles: { create: { role: 'INVENTOR', institutionId: demo.institutionId } },
          identities: {
            create: {
              channel: 'TELEGRAM',
              externalId: String(FIRST_USER + i),
              address: String(FIRST_USER + i),
            },
          },
        },
      });
      await db.prisma.patent.update({ where: { id: patent.id }, data: { responsibleInventorId: person.id } });
    }

    // --- Revive: the real bot
    const chat = createChatService({ db: db.prisma, logger, clock });
    const { bot } = createTelegramBot({
      token: TOKEN,
      db: db.prisma,
      chat,
      logger,
      clock,
      apiRoot: api.url,
      botInfo: STAND_IN_BOT_INFO,
    });
    const revive = await listen(createWebhookHandler(bot, { path: PATH, secretToken: SECRET, logger }));
    const post = (body: object) =>
      fetch(revive.url, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.arrayBuffer());
    // Each inventor opens the self-assessment of their patent: the question message to press on.
    for (const [i, patent] of patents.entries()) await post(callback(FIRST_USER + i, `sa:${patent.id}`, 1));

    const idle = patents.map((_, i) => ({ userId: FIRST_USER + i, answered: false }));
    const revisionsBefore = await db.prisma.selfAssessment.aggregate({ _sum: { revision: true } });
    const editsBefore = api.counts.get('editMessageText') ?? 0;
    const reviveResult = await autocannon({
      url: revive.url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (request, context) => {
            const user = idle.shift()!;
            context.user = user;
            const data = user.answered ? 'q:back' : 'q:a:governmentFunded:false';
            const messageId = api.lastMessageTo(user.userId) ?? 1;
            return { ...request, body: JSON.stringify(callback(user.userId, data, messageId)) };
          },
          onResponse: (_status, _body, context) => {
            const user = context.user as (typeof idle)[number];
            user.answered = !user.answered;
            idle.push(user);
          },
        },
      ],
    });
    await close(revive.server);
    const revisionsAfter = await db.prisma.selfAssessment.aggregate({ _sum: { revision: true } });
    const persisted = (revisionsAfter._sum.revision ?? 0) - (revisionsBefore._sum.revision ?? 0);
    const replies = (api.counts.get('editMessageText') ?? 0) - editsBefore;

    // --- The adapter alone: the same bot with core answering a fixed question without the database,
    // to show what the Telegram side (claim, slot lookup, ack, edit) costs on its own.
    const fixed = {
      handle: async () => [
        {
          text: '（1/9）是否受政府资助？',
          slot: 'question' as const,
          confidential: true,
          buttons: [[{ label: '是', action: 'q:back' }]],
        },
      ],
    };
    const adapterOnly = createTelegramBot({
      token: TOKEN,
      db: db.prisma,
      chat: fixed,
      logger,
      clock,
      apiRoot: api.url,
      botInfo: STAND_IN_BOT_INFO,
    });
    const thin = await listen(
      createWebhookHandler(adapterOnly.bot, { path: PATH, secretToken: SECRET, logger }),
    );
    const adapterResult = await autocannon({
      url: thin.url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (request) => {
            const userId = FIRST_USER + (updateId % users);
            return {
              ...request,
              body: JSON.stringify(callback(userId, 'q:back', api.lastMessageTo(userId) ?? 1)),
            };
          },
        },
      ],
    });
    await close(thin.server);

    // --- Baseline: a bare telegraf echo bot, same stand-in, same webhook server shape
    const echo = new Telegraf(TOKEN, { telegram: { apiRoot: api.url, webhookReply: false } });
    echo.botInfo = STAND_IN_BOT_INFO;
    echo.on('callback_query', async (ctx) => {
      await ctx.answerCbQuery();
      await ctx.reply('echo');
    });
    const baseline = await listen(createWebhookHandler(echo, { path: PATH, secretToken: SECRET, logger }));
    const sentBefore = api.counts.get('sendMessage') ?? 0;
    const echoResult = await autocannon({
      url: baseline.url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify(callback(FIRST_USER + (updateId % users), 'q:back', 1)),
          }),
        },
      ],
    });
    await close(baseline.server);
    const echoed = (api.counts.get('sendMessage') ?? 0) - sentBefore;

    console.log('');
    report(
      'Revive (answer → persisted)',
      reviveResult,
      `${persisted} answers persisted, ${replies} replies edited in place`,
    );
    report('adapter only (core fixed)', adapterResult, 'claim + slot lookup + ack + edit');
    report('bare telegraf echo', echoResult, `${echoed} replies sent`);
    console.log(
      `\nRevive runs at ${((reviveResult.requests.average / Math.max(echoResult.requests.average, 1)) * 100).toFixed(0)} % of the bare echo bot's rate on this machine.`,
    );
  } finally {
    await api.close();
    await db.close();
  }
}

await main();
process.exit(0);
