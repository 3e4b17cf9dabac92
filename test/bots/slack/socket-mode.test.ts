// Socket Mode (SLACK_APP_TOKEN set): the same bot over a WebSocket. apps.connections.open on the Web
// API stand-in hands out a local WebSocket server, which plays Slack: hello, then envelopes; the bot
// acks each envelope by id and answers through the Web API as in HTTP mode.

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackBot } from '../../../bots/slack/create-app.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { DEMO_INVENTOR } from '../../../core/demo/demo-data.ts';
import { seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { type SlackWebApiStandIn, startSlackWebApi } from '../../support/slack-web-api.ts';
import { waitFor, waitForQuiet } from '../../support/wait-for.ts';
import {
  startWebSocketServer,
  type TestSocket,
  type TestWebSocketServer,
} from '../../support/websocket-server.ts';

describe.each(DATABASE_KINDS)('Slack bot in Socket Mode on %s', (kind) => {
  let db: TestDatabase;
  let api: SlackWebApiStandIn;
  let ws: TestWebSocketServer;
  let bot: SlackBot;
  let socket: TestSocket;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await seedDemo(db.prisma, { now: TEST_NOW });
    api = await startSlackWebApi();
    ws = await startWebSocketServer();
    api.answer('apps.connections.open', () => ({ ok: true, url: ws.url }));
    api.setUser('UINV', { teamId: 'T0TEAM', email: DEMO_INVENTOR.email });
    const logger = pino({ level: 'silent' });
    bot = createSlackApp({
      config: {
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_APP_TOKEN: 'xapp-1-test',
        SLACK_SIGNING_SECRET: undefined,
        SLACK_API_URL: api.apiUrl,
        PORT: 0,
      },
      db: db.prisma,
      chat: createChatService({ db: db.prisma, logger, clock: testClock() }),
      logger,
      clock: testClock(),
      offline: { botId: 'B0BOT', botUserId: 'U0BOT' },
    });
    expect(bot.mode).toBe('socket');
    const started = bot.start();
    socket = await ws.connection();
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' } }));
    expect(await started).toEqual({ port: null });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await ws?.close();
    await api?.close();
    await db?.close();
  });

  it('connects with the app-level token and acks a slash command envelope, then answers', async () => {
    const [open] = api.calls('apps.connections.open');
    expect(open?.token).toBe('xapp-1-test');
    socket.send(
      JSON.stringify({
        envelope_id: 'env-cmd-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          team_id: 'T0TEAM',
          channel_id: 'DINV',
          channel_name: 'directmessage',
          user_id: 'UINV',
          command: '/revive',
          text: 'help',
          api_app_id: 'A0APP',
          response_url: api.responseUrl('sm-1'),
          trigger_id: 'trigger.sm.1',
        },
      }),
    );
    const ack = JSON.parse(await socket.next((text) => text.includes('env-cmd-1')));
    expect(ack.envelope_id).toBe('env-cmd-1');
    await waitFor(() => api.calls('chat.postMessage').length > 0, {
      timeoutMs: 5000,
      message: 'the help is posted',
    });
    const [posted] = api.calls('chat.postMessage');
    expect(posted?.token).toBe('xoxb-test-token');
    expect(posted?.body.channel).toBe('DINV');
    expect(JSON.stringify(posted?.body)).toContain(t('zh-CN', 'chat:help.intro').slice(0, 20));
  });

  it('a redelivered event (retry_attempt 1, same event_id) has no second effect', async () => {
    api.reset();
    const payload = {
      token: 'legacy',
      team_id: 'T0TEAM',
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: 'EvSOCKET1',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'message', channel_type: 'im', channel: 'DINV', user: 'UINV', text: 'hi', ts: '9.1' },
    };
    socket.send(
      JSON.stringify({
        envelope_id: 'env-ev-1',
        type: 'events_api',
        payload,
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    await socket.next((text) => text.includes('env-ev-1'));
    await waitFor(() => api.calls('chat.postMessage').length > 0, {
      timeoutMs: 5000,
      message: 'the event is answered',
    });
    // The answer may be several messages: let them all arrive before counting (a generous quiet
    // window: on a loaded machine the replies of one event can be far apart).
    await waitForQuiet(() => api.calls('chat.postMessage').length, {
      quietMs: 1000,
      message: 'the answer to the event is complete',
    });
    const first = api.calls('chat.postMessage').length;
    socket.send(
      JSON.stringify({
        envelope_id: 'env-ev-2',
        type: 'events_api',
        payload,
        retry_attempt: 1,
        retry_reason: 'timeout',
      }),
    );
    await socket.next((text) => text.includes('env-ev-2'));
    await waitForQuiet(() => api.calls('chat.postMessage').length, {
      quietMs: 1000,
      message: 'nothing more is posted after the redelivery',
    });
    expect(api.calls('chat.postMessage').length).toBe(first);
  });
});
