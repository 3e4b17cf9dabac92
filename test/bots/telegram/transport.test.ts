// Transport and translation: the webhook's guards, long polling, the handler timeout, and updates
// turned into core's IncomingMessage (commands, deep links, files downloaded from the Bot API).

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../../bots/telegram/create-bot.ts';
import { parseCommand, toIncoming } from '../../../bots/telegram/to-incoming.ts';
import {
  createWebhookHandler,
  secretMatches,
  startPolling,
  startWebhook,
} from '../../../bots/telegram/transport.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import {
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../../support/telegram-bot-api.ts';
import { waitFor } from '../../support/wait-for.ts';
import { callbackUpdate, documentUpdate, SECRET, TOKEN, textUpdate } from './harness.ts';

const silent = pino({ level: 'silent' });

describe('secretMatches', () => {
  it('accepts only the exact secret, whatever the length of the attempt', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches(SECRET, `${SECRET} `)).toBe(false);
    expect(secretMatches(SECRET, SECRET.slice(0, -1))).toBe(false);
    expect(secretMatches(SECRET, '')).toBe(false);
    expect(secretMatches(SECRET, undefined)).toBe(false);
    expect(secretMatches(SECRET, [SECRET, SECRET])).toBe(false);
  });
});

describe('parseCommand', () => {
  it('reads commands, arguments and deep-link payloads', () => {
    expect(parseCommand('/start Abc_123-xyz', 'revive_bot')).toEqual({
      command: 'start',
      args: 'Abc_123-xyz',
    });
    expect(parseCommand('/LANG  en ', 'revive_bot')).toEqual({ command: 'lang', args: 'en' });
    expect(parseCommand('/help@Revive_Bot', 'revive_bot')).toEqual({ command: 'help', args: '' });
    expect(parseCommand('/help@other_bot', 'revive_bot')).toBeNull();
    expect(parseCommand('/ 123', 'revive_bot')).toBeNull();
  });
});

describe('toIncoming', () => {
  let api: TelegramBotApiStandIn;
  let telegram: Telegram;
  beforeAll(async () => {
    api = await startTelegramBotApi();
    telegram = new Telegram(TOKEN, { apiRoot: api.url });
  });
  afterAll(() => api?.close());

  it('translates a private text, a group command and a button press', () => {
    const text = toIncoming(textUpdate(5, '你好') as unknown as Update, telegram, 'revive_test_bot');
    expect(text).toMatchObject({
      chatId: 5,
      incoming: {
        channel: 'TELEGRAM',
        userId: '5',
        chatIsPrivate: true,
        address: '5',
        event: { kind: 'text', text: '你好' },
      },
    });
    expect(text?.incoming.languageHint).toBe('zh-hans');
    const group = toIncoming(textUpdate(5, '/start tok', { groupId: -42 }) as unknown as Update, telegram);
    expect(group).toMatchObject({
      chatId: -42,
      incoming: {
        chatIsPrivate: false,
        address: null,
        event: { kind: 'command', command: 'start', args: 'tok' },
      },
    });
    const press = toIncoming(callbackUpdate(5, 'm', 99) as unknown as Update, telegram);
    expect(press).toMatchObject({
      tappedMessageId: 99,
      incoming: { event: { kind: 'action', action: 'm' } },
    });
    expect(press?.callbackQueryId).toBeTruthy();
  });

  it('passes a sticker on as what core cannot read, and ignores edits', () => {
    const { text: _text, entities: _entities, ...withoutText } = textUpdate(5, '/x').message;
    const sticker = { update_id: 1, message: { ...withoutText, sticker: { file_id: 's' } } };
    expect(toIncoming(sticker as unknown as Update, telegram)).toMatchObject({
      incoming: { event: { kind: 'unsupported', what: 'sticker' } },
    });
    const edited = { update_id: 2, edited_message: textUpdate(5, 'x').message };
    expect(toIncoming(edited as unknown as Update, telegram)).toBeNull();
  });

  it('downloads an uploaded document only when core opens it', async () => {
    api.addFile('doc-1', '申请号,名称\nCN1,电池\n', 'documents/file_1.csv');
    const translated = toIncoming(documentUpdate(5, 'doc-1', '专利清单.csv') as unknown as Update, telegram);
    const event = translated!.incoming.event;
    if (event.kind !== 'file') throw new Error('expected a file event');
    expect(event).toMatchObject({ fileName: '专利清单.csv', mimeType: 'text/csv' });
    expect(api.callsOf('getFile')).toHaveLength(0);
    const chunks: Buffer[] = [];
    for await (const chunk of await event.open()) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(Buffer.concat(chunks).toString('utf8')).toBe('申请号,名称\nCN1,电池\n');
    expect(api.callsOf('getFile')).toHaveLength(1);
    api.failNext('getFile', { error_code: 400, description: 'Bad Request: file is too big' });
    await expect(event.open()).rejects.toThrow(/file is too big/);
  });
});

describe.each(DATABASE_KINDS)('transport on %s', (kind) => {
  let db: TestDatabase;
  let api: TelegramBotApiStandIn;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    api = await startTelegramBotApi();
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  const makeBot = (
    options: { handlerTimeoutMs?: number; chat?: ReturnType<typeof createChatService> } = {},
  ) =>
    createTelegramBot({
      token: TOKEN,
      db: db.prisma,
      chat: options.chat ?? createChatService({ db: db.prisma, logger: silent, clock: testClock() }),
      logger: silent,
      clock: testClock(),
      apiRoot: api.url,
      botInfo: STAND_IN_BOT_INFO,
      ...(options.handlerTimeoutMs ? { handlerTimeoutMs: options.handlerTimeoutMs } : {}),
    }).bot;

  async function serve(handler: ReturnType<typeof createWebhookHandler>) {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      base,
      async close() {
        server.closeAllConnections();
        server.close();
        await once(server, 'close');
      },
    };
  }

  it('answers 404 off the webhook path, 413 to an oversized body, and handles a good update', async () => {
    const bot = makeBot();
    const server = await serve(
      createWebhookHandler(bot, { path: '/hook', secretToken: SECRET, logger: silent }),
    );
    try {
      const headers = { 'x-telegram-bot-api-secret-token': SECRET, 'content-type': 'application/json' };
      const update = textUpdate(9001, '/help', { languageCode: 'en' });
      expect((await fetch(`${server.base}/other`, { method: 'POST', headers, body: '{}' })).status).toBe(404);
      expect((await fetch(`${server.base}/hook`, { method: 'GET', headers })).status).toBe(404);
      const huge = JSON.stringify({ ...update, padding: 'x'.repeat(2 * 1024 * 1024) });
      const tooBig = await fetch(`${server.base}/hook`, { method: 'POST', headers, body: huge }).catch(
        () => null,
      );
      expect(tooBig === null || tooBig.status === 413).toBe(true);
      expect(await db.prisma.processedUpdate.count({ where: { key: String(update.update_id) } })).toBe(0);
      const ok = await fetch(`${server.base}/hook`, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
      });
      expect(ok.status).toBe(200);
      expect(api.outputTo(9001).at(-1)?.body.text).toBe(t('en', 'chat:onboarding.unknown'));
    } finally {
      await server.close();
    }
  });

  it('answers the webhook at the handler timeout and still finishes the update', async () => {
    const slow = {
      handle: async () => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        return [{ text: 'late but delivered' }];
      },
    };
    const bot = makeBot({ handlerTimeoutMs: 100, chat: slow });
    const server = await serve(
      createWebhookHandler(bot, { path: '/hook', secretToken: SECRET, logger: silent }),
    );
    try {
      const started = Date.now();
      const response = await fetch(`${server.base}/hook`, {
        method: 'POST',
        headers: { 'x-telegram-bot-api-secret-token': SECRET, 'content-type': 'application/json' },
        body: JSON.stringify(textUpdate(9002, 'hello')),
      });
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(550);
      expect(api.outputTo(9002)).toHaveLength(0);
      await waitFor(() => api.outputTo(9002).length > 0, {
        timeoutMs: 5_000,
        intervalMs: 20,
        message: 'the late reply is sent',
      });
      expect(api.outputTo(9002).map((c) => c.body.text)).toEqual(['late but delivered']);
    } finally {
      await server.close();
    }
  });

  it('registers the webhook with its secret and serves it on PORT', async () => {
    const bot = makeBot();
    const webhook = await startWebhook(bot, {
      url: 'https://bot.example.edu.cn/telegram/hook',
      secretToken: SECRET,
      port: 0,
      host: '127.0.0.1',
      logger: silent,
    });
    try {
      const [registration] = api.callsOf('setWebhook').slice(-1);
      expect(registration!.body).toMatchObject({
        url: 'https://bot.example.edu.cn/telegram/hook',
        secret_token: SECRET,
        allowed_updates: ['message', 'callback_query'],
      });
      const url = `http://127.0.0.1:${webhook.port}/telegram/hook`;
      const body = JSON.stringify(textUpdate(9004, '/start', { languageCode: 'en' }));
      const forged = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(forged.status).toBe(403);
      const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET };
      expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(200);
      expect(api.outputTo(9004).map((c) => c.body.text)).toEqual([t('en', 'chat:onboarding.unknown')]);
    } finally {
      await webhook.stop();
    }
  });

  it('receives updates by long polling, each once', async () => {
    const bot = makeBot();
    const polling = await startPolling(bot, { logger: silent });
    try {
      expect(api.callsOf('deleteWebhook')).toHaveLength(1);
      const update = textUpdate(9003, '/start', { languageCode: 'en' });
      api.pushUpdates(update, { ...update }); // redelivered in the same batch
      await waitFor(() => api.outputTo(9003).length > 0, {
        timeoutMs: 10_000,
        intervalMs: 20,
        message: 'the polled update is answered',
      });
      // A moment for a second answer, to the redelivered copy, to show up if there were one.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(api.outputTo(9003).map((c) => c.body.text)).toEqual([t('en', 'chat:onboarding.unknown')]);
    } finally {
      await polling.stop();
    }
  });
});
