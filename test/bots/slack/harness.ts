// Drives the real Slack bot (unmodified @slack/bolt, HTTP receiver) the way Slack does: signed HTTP
// requests in, Web API calls out to a local stand-in that records them. Real database, real core.

import { createHmac } from 'node:crypto';
import pino from 'pino';
import { createSlackApp, type SlackBot } from '../../../bots/slack/create-app.ts';
import { type ChatService, createChatService } from '../../../core/chat/chat-service.ts';
import type { ManualClock } from '../../../core/clock.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../support/databases.ts';
import { type SlackWebApiStandIn, startSlackWebApi } from '../../support/slack-web-api.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEAM = 'T0TEAM';

// biome-ignore lint/suspicious/noExplicitAny: Slack JSON.
export type Json = Record<string, any>;

export interface PostOptions {
  timestamp?: number;
  signature?: string;
  retryNum?: number;
}

export interface SlackHarness {
  db: TestDatabase;
  demo: DemoSeedResult;
  api: SlackWebApiStandIn;
  chat: ChatService;
  bot: SlackBot;
  clock: ManualClock;
  url: string;
  post(raw: string, contentType: string, options?: PostOptions): Promise<{ status: number; body: string }>;
  command(user: string, text: string, channelId?: string): Promise<{ status: number; body: string }>;
  press(
    user: string,
    value: string,
    where?: { channel?: string; home?: boolean; message?: Json; actionId?: string },
  ): Promise<{ status: number }>;
  submitView(user: string, view: Json, values: Json): Promise<{ status: number; json: Json | null }>;
  event(event: Json, options?: { eventId?: string; retryNum?: number }): Promise<{ status: number }>;
  close(): Promise<void>;
}

export function sign(raw: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function startSlackHarness(kind: DatabaseKind): Promise<SlackHarness> {
  const db = await createTestDatabase(kind);
  const clock = testClock();
  const demo = await seedDemo(db.prisma, { now: clock.now() });
  const api = await startSlackWebApi();
  const logger = pino({ level: 'silent' });
  const chat = createChatService({ db: db.prisma, logger, clock });
  const bot = createSlackApp({
    config: {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.apiUrl,
      SLACK_APP_TOKEN: undefined,
      PORT: 0,
    },
    db: db.prisma,
    chat,
    logger,
    clock,
    offline: { botId: 'B0BOT', botUserId: 'U0BOT' },
  });
  const { port } = await bot.start();
  const url = `http://127.0.0.1:${port}/slack/events`;

  const post: SlackHarness['post'] = async (raw, contentType, options = {}) => {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(raw, timestamp),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const response = await fetch(url, { method: 'POST', headers, body: raw });
    return { status: response.status, body: await response.text() };
  };

  const interactive = (payload: Json) =>
    post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );

  return {
    db,
    demo,
    api,
    chat,
    bot,
    clock,
    url,
    post,
    command: (user, text, channelId = `D${user.replace(/^U/, '')}`) =>
      post(
        new URLSearchParams({
          token: 'legacy-verification-token',
          team_id: TEAM,
          team_domain: 'donghai',
          channel_id: channelId,
          channel_name: channelId.startsWith('D') ? 'directmessage' : 'general',
          user_id: user,
          user_name: user.toLowerCase(),
          command: '/revive',
          text,
          api_app_id: 'A0APP',
          response_url: api.responseUrl(nextId('cmd')),
          trigger_id: nextId('trigger.'),
        }).toString(),
        'application/x-www-form-urlencoded',
      ),
    press: (user, value, where = {}) =>
      interactive({
        type: 'block_actions',
        team: { id: TEAM, domain: 'donghai' },
        user: { id: user, team_id: TEAM, username: user.toLowerCase() },
        api_app_id: 'A0APP',
        token: 'legacy-verification-token',
        trigger_id: nextId('trigger.'),
        ...(where.home
          ? { container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home', blocks: [] } }
          : {
              container: { type: 'message', channel_id: where.channel, message_ts: '1.0' },
              channel: { id: where.channel ?? `D${user.replace(/^U/, '')}`, name: 'directmessage' },
              message: where.message ?? { type: 'message', ts: '1.0', text: '' },
              response_url: api.responseUrl(nextId('act')),
            }),
        actions: [
          {
            type: 'button',
            action_id: where.actionId ?? 'rv:0',
            block_id: 'b0',
            value,
            action_ts: String(Date.now() / 1000),
          },
        ],
      }),
    async submitView(user, view, values) {
      const response = await interactive({
        type: 'view_submission',
        team: { id: TEAM, domain: 'donghai' },
        user: { id: user, team_id: TEAM, username: user.toLowerCase() },
        api_app_id: 'A0APP',
        token: 'legacy-verification-token',
        trigger_id: nextId('trigger.'),
        view: { id: 'VMODAL', team_id: TEAM, hash: nextId('h'), state: { values }, ...view },
        response_urls: [],
      });
      return { status: response.status, json: response.body ? (JSON.parse(response.body) as Json) : null };
    },
    event: (event, options = {}) =>
      post(
        JSON.stringify({
          token: 'legacy-verification-token',
          team_id: TEAM,
          api_app_id: 'A0APP',
          event: { event_ts: `${Date.now() / 1000}`, ...event },
          type: 'event_callback',
          event_id: options.eventId ?? nextId('Ev'),
          event_time: Math.floor(Date.now() / 1000),
        }),
        'application/json',
        options.retryNum !== undefined ? { retryNum: options.retryNum } : {},
      ),
    async close() {
      await bot.stop();
      await api.close();
      await db.close();
    },
  };
}

/** Every text a set of recorded calls would show: message text, blocks, views. */
export function shownText(calls: { body: Json }[]): string {
  return calls.map((c) => JSON.stringify(c.body)).join('\n');
}
