// One HTTP server on one port: Slack's signed requests (bolt's receiver, unmodified) and the
// Telegram webhook (telegraf, unmodified) side by side, each with its own check of the caller;
// /healthz; and the job dashboard, absent without REVIVE_ADMIN_TOKEN, behind the token otherwise.

import { createHmac, randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttpServer, startHttpServer } from '../../../bots/http/server.ts';
import { createSlackApp } from '../../../bots/slack/create-app.ts';
import { createTelegramBot } from '../../../bots/telegram/create-bot.ts';
import { prepareWebhook } from '../../../bots/telegram/transport.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import {
  DASHBOARD_PATH,
  DASHBOARD_QUEUES,
  openQueueDashboard,
  type QueueDashboard,
} from '../../../jobs/dashboard.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { openTestRedis } from '../../support/redis.ts';
import { type SlackWebApiStandIn, startSlackWebApi } from '../../support/slack-web-api.ts';
import {
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../../support/telegram-bot-api.ts';
import { SIGNING_SECRET, sign, TEAM } from '../slack/harness.ts';
import { SECRET, TOKEN, textUpdate } from '../telegram/harness.ts';

const silent = pino({ level: 'silent' });
const WEBHOOK_URL = 'https://revive.example.edu.cn/telegram/hook';

describe.each(DATABASE_KINDS)('one HTTP server for Slack and Telegram on %s', (kind) => {
  let db: TestDatabase;
  let slackApi: SlackWebApiStandIn;
  let telegramApi: TelegramBotApiStandIn;
  let server: RunningHttpServer;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    slackApi = await startSlackWebApi();
    telegramApi = await startTelegramBotApi();
    const clock = testClock();
    const chat = createChatService({ db: db.prisma, logger: silent, clock });
    const slack = createSlackApp({
      config: {
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slackApi.apiUrl,
        SLACK_APP_TOKEN: undefined,
        PORT: 0,
      },
      db: db.prisma,
      chat,
      logger: silent,
      clock,
      offline: { botId: 'B0BOT', botUserId: 'U0BOT' },
    });
    const { bot } = createTelegramBot({
      token: TOKEN,
      db: db.prisma,
      chat,
      logger: silent,
      clock,
      apiRoot: telegramApi.url,
      botInfo: STAND_IN_BOT_INFO,
    });
    const webhook = await prepareWebhook(bot, { url: WEBHOOK_URL, secretToken: SECRET, logger: silent });
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: silent,
      routes: { slack: slack.requestListener, telegram: webhook },
    });
    base = `http://127.0.0.1:${server.port}`;
    await webhook.register();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await slackApi?.close();
    await telegramApi?.close();
    await db?.close();
  });

  const slashCommand = (user: string, text: string) =>
    new URLSearchParams({
      team_id: TEAM,
      channel_id: `D${user.slice(1)}`,
      user_id: user,
      command: '/revive',
      text,
      response_url: slackApi.responseUrl('cmd'),
      trigger_id: 'trigger.1',
    }).toString();

  const postSlack = (body: string, headers: Record<string, string> = {}) => {
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp),
        ...headers,
      },
      body,
    });
  };

  const postTelegram = (update: unknown, secret = SECRET) =>
    fetch(`${base}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    });

  it('answers /healthz and 404 elsewhere', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}${DASHBOARD_PATH}`)).status).toBe(404);
  });

  it('serves a signed Slack request and a Telegram update on the same port', async () => {
    slackApi.setUser('UNEW', { teamId: TEAM, email: 'nobody@example.org', locale: 'en-US' });
    const slack = await postSlack(slashCommand('UNEW', 'help'));
    expect(slack.status).toBe(200);
    // The unknown person is told how to join, in the DM.
    const slackText = slackApi
      .calls('chat.postMessage')
      .map((c) => c.body.text)
      .join('\n');
    expect(slackText).toContain(t('en', 'chat:onboarding.unknown').slice(0, 20));

    expect(telegramApi.callsOf('setWebhook').at(-1)?.body).toMatchObject({
      url: WEBHOOK_URL,
      secret_token: SECRET,
    });
    const telegram = await postTelegram(textUpdate(77_001, '/start', { languageCode: 'en' }));
    expect(telegram.status).toBe(200);
    expect(telegramApi.outputTo(77_001).map((c) => c.body.text)).toEqual([
      t('en', 'chat:onboarding.unknown'),
    ]);
  });

  it('rejects a bad Slack signature (401) and a stale one (401), and a wrong Telegram secret (403)', async () => {
    slackApi.reset();
    const body = slashCommand('UNEW', 'help');
    expect((await postSlack(body, { 'x-slack-signature': 'v0=deadbeef' })).status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 10 * 60;
    const stale = await postSlack(body, {
      'x-slack-request-timestamp': String(old),
      'x-slack-signature': sign(body, old),
    });
    expect(stale.status).toBe(401);
    expect(slackApi.calls('chat.postMessage')).toEqual([]);

    const update = textUpdate(77_002, '/start', { languageCode: 'en' });
    expect((await postTelegram(update, 'not-the-secret')).status).toBe(403);
    expect(telegramApi.outputTo(77_002)).toEqual([]);
    expect(await db.prisma.processedUpdate.count({ where: { key: String(update.update_id) } })).toBe(0);
  });
});

describe('job dashboard', () => {
  const TOKEN_VALUE = `admin-${randomBytes(16).toString('hex')}`;
  const testRedis = openTestRedis('test-dash');
  const { prefix } = testRedis;
  const clock = testClock();
  let dashboard: QueueDashboard;
  let server: RunningHttpServer;
  let base: string;
  const others: RunningHttpServer[] = [];

  /** Another server on the same queues: a rotated token, or plain-HTTP development. */
  async function dashboardServer(token: string, secureCookie = true): Promise<string> {
    const other = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: silent,
      routes: { dashboard: { path: DASHBOARD_PATH, router: dashboard.router, token, clock, secureCookie } },
    });
    others.push(other);
    return `http://127.0.0.1:${other.port}`;
  }

  beforeAll(async () => {
    dashboard = openQueueDashboard({ redisUrl: testRedis.url, logger: silent, prefix });
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: silent,
      routes: {
        dashboard: {
          path: DASHBOARD_PATH,
          router: dashboard.router,
          token: TOKEN_VALUE,
          clock,
          secureCookie: true,
        },
      },
    });
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server?.close();
    for (const other of others) await other.close();
    await testRedis.cleanup(dashboard);
  });

  /** The session cookie `?token=` sets, as `name=value`, and the whole Set-Cookie header. */
  async function login(at = base, token = TOKEN_VALUE): Promise<{ session: string; header: string }> {
    const response = await fetch(`${at}${DASHBOARD_PATH}?token=${encodeURIComponent(token)}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const header = response.headers.get('set-cookie') ?? '';
    return { session: header.split(';')[0]!, header };
  }

  const api = `${DASHBOARD_PATH}/api/queues`;

  it('is not there at all without REVIVE_ADMIN_TOKEN', async () => {
    const bare = await startHttpServer({ port: 0, host: '127.0.0.1', logger: silent, routes: {} });
    try {
      expect((await fetch(`http://127.0.0.1:${bare.port}${DASHBOARD_PATH}`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${bare.port}${api}`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('refuses without a token or with a wrong one (401)', async () => {
    expect((await fetch(`${base}${api}`)).status).toBe(401);
    const wrong = await fetch(`${base}${api}`, { headers: { authorization: `Bearer ${TOKEN_VALUE}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${base}${DASHBOARD_PATH}?token=nope`, { redirect: 'manual' })).status).toBe(401);
    const forgedCookie = await fetch(`${base}${api}`, { headers: { cookie: `revive_admin=${TOKEN_VALUE}` } });
    expect(forgedCookie.status).toBe(401);
  });

  it('with the bearer token, lists the delivery, schedule and home-refresh queues', async () => {
    const response = await fetch(`${base}${api}`, { headers: { authorization: `Bearer ${TOKEN_VALUE}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...DASHBOARD_QUEUES].sort());
    expect(DASHBOARD_QUEUES).toEqual(
      expect.arrayContaining(['deliveries-telegram', 'deliveries-slack', 'schedules', 'home-refresh']),
    );
    const page = await fetch(`${base}${DASHBOARD_PATH}`, {
      headers: { authorization: `Bearer ${TOKEN_VALUE}` },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('takes ?token= once: an HttpOnly SameSite=Strict cookie and a redirect without the token', async () => {
    const first = await fetch(`${base}${DASHBOARD_PATH}?token=${encodeURIComponent(TOKEN_VALUE)}`, {
      redirect: 'manual',
    });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(DASHBOARD_PATH);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN_VALUE);
    const session = cookie.split(';')[0]!;
    const next = await fetch(`${base}${api}`, { headers: { cookie: session } });
    expect(next.status).toBe(200);
  });

  it("sends no framework banner, on its own pages, bull-board's, refusals and redirects", async () => {
    const bearer = { authorization: `Bearer ${TOKEN_VALUE}` };
    const responses = [
      await fetch(`${base}/healthz`),
      await fetch(`${base}/nowhere`),
      await fetch(`${base}${api}`),
      await fetch(`${base}${api}`, { headers: bearer }),
      await fetch(`${base}${DASHBOARD_PATH}`, { headers: bearer }),
      await fetch(`${base}${DASHBOARD_PATH}?token=${TOKEN_VALUE}`, { redirect: 'manual' }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 404, 401, 200, 200, 303]);
    for (const response of responses) expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('marks the session cookie Secure by default, even without X-Forwarded-Proto, unless opted out', async () => {
    const { header } = await login();
    expect(header).toMatch(/;\s*Secure\b/);
    expect(header).toMatch(/Max-Age=43200/);
    const development = await dashboardServer(TOKEN_VALUE, false);
    const plain = await login(development);
    expect(plain.header).not.toMatch(/Secure/);
    expect(plain.header).toMatch(/HttpOnly/);
  });

  it('ends a session after 12 hours by the injected clock, whatever the browser keeps', async () => {
    clock.set(TEST_NOW);
    const { session } = await login();
    const status = async () => (await fetch(`${base}${api}`, { headers: { cookie: session } })).status;
    expect(await status()).toBe(200);
    clock.advance(12 * 3600_000 - 60_000);
    expect(await status()).toBe(200);
    clock.advance(2 * 60_000);
    expect(await status()).toBe(401);
    // A fresh ?token= starts a new session.
    const renewed = await login();
    expect((await fetch(`${base}${api}`, { headers: { cookie: renewed.session } })).status).toBe(200);
    clock.set(TEST_NOW);
  });

  it('refuses a session whose times were changed, the old never-expiring cookie, and any after the token is rotated', async () => {
    clock.set(TEST_NOW);
    const { session } = await login();
    const [name, value] = session.split('=') as [string, string];
    const [version, issued, expires, mac] = value.split('.');
    const extended = `${name}=${version}.${issued}.${Number(expires) + 365 * 86_400_000}.${mac}`;
    expect((await fetch(`${base}${api}`, { headers: { cookie: extended } })).status).toBe(401);

    const fixed = createHmac('sha256', TOKEN_VALUE)
      .update('revive admin dashboard session')
      .digest('base64url');
    expect((await fetch(`${base}${api}`, { headers: { cookie: `revive_admin=${fixed}` } })).status).toBe(401);

    const rotated = await dashboardServer(`rotated-${randomBytes(16).toString('hex')}`);
    expect((await fetch(`${rotated}${api}`, { headers: { cookie: session } })).status).toBe(401);
    expect((await fetch(`${base}${api}`, { headers: { cookie: session } })).status).toBe(200);
  });
});
