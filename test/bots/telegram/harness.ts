// End-to-end harness: the real bot (telegraf, unmodified) behind its real webhook handler on a local
// HTTP server, talking to the Bot API stand-in, on a real database seeded with the demo university.
// Updates are posted as Telegram would post them; what the bot "sent" is read back from the stand-in.

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Telegraf } from 'telegraf';
import { createTelegramBot } from '../../../bots/telegram/create-bot.ts';
import { createWebhookHandler } from '../../../bots/telegram/transport.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { createInvite } from '../../../core/invites/invites.ts';
import type { Role } from '../../../prisma/generated/client.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../support/databases.ts';
import {
  type RecordedCall,
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../../support/telegram-bot-api.ts';

export const TOKEN = `${STAND_IN_BOT_INFO.id}:test-token_ABCdef123`;
export const SECRET = 'webhook-secret_0123456789';
export const WEBHOOK_PATH = '/telegram/webhook';

let nextUpdateId = 100_000;
export const newUpdateId = () => nextUpdateId++;

export interface UserOptions {
  languageCode?: string;
  /** A group chat (negative id) instead of the private chat. */
  groupId?: number;
}

const from = (userId: number, languageCode = 'zh-hans') => ({
  id: userId,
  is_bot: false,
  first_name: `User${userId}`,
  language_code: languageCode,
});

const chatOf = (userId: number, options: UserOptions) =>
  options.groupId
    ? { id: options.groupId, type: 'group', title: 'Transfer office' }
    : { id: userId, type: 'private', first_name: `User${userId}` };

export function textUpdate(userId: number, text: string, options: UserOptions = {}) {
  const command = /^\/\S+/.exec(text)?.[0];
  return {
    update_id: newUpdateId(),
    message: {
      message_id: Math.floor(Math.random() * 1e9),
      date: Math.floor(Date.now() / 1000),
      from: from(userId, options.languageCode),
      chat: chatOf(userId, options),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
    },
  };
}

export function callbackUpdate(userId: number, data: string, messageId: number, options: UserOptions = {}) {
  return {
    update_id: newUpdateId(),
    callback_query: {
      id: `cq${newUpdateId()}`,
      from: from(userId, options.languageCode),
      chat_instance: `ci${userId}`,
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: chatOf(userId, options),
        from: { id: STAND_IN_BOT_INFO.id, is_bot: true, first_name: 'Revive' },
        text: '…',
      },
    },
  };
}

export function documentUpdate(userId: number, fileId: string, fileName: string) {
  return {
    update_id: newUpdateId(),
    message: {
      message_id: Math.floor(Math.random() * 1e9),
      date: Math.floor(Date.now() / 1000),
      from: from(userId),
      chat: chatOf(userId, {}),
      document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: fileName, mime_type: 'text/csv' },
    },
  };
}

/** A message as the person sees it now: its latest text and keyboard, whether sent or edited. */
export interface ShownMessage {
  messageId: number;
  text: string;
  buttons: { text: string; callback_data: string }[];
  protected: boolean;
  edits: number;
}

export class Harness {
  api!: TelegramBotApiStandIn;
  db!: TestDatabase;
  demo!: DemoSeedResult;
  bot!: Telegraf;
  clock = testClock();
  url = '';
  private server: Server | null = null;

  static async start(kind: DatabaseKind): Promise<Harness> {
    const harness = new Harness();
    harness.db = await createTestDatabase(kind);
    harness.demo = await seedDemo(harness.db.prisma, { now: harness.clock.now() });
    harness.api = await startTelegramBotApi();
    await harness.startBot();
    return harness;
  }

  /** A new bot instance (new telegraf, new chat service) on the same database: a restart. */
  async startBot(): Promise<void> {
    await this.stopBot();
    const logger = pino({ level: 'silent' });
    const { bot } = createTelegramBot({
      token: TOKEN,
      db: this.db.prisma,
      chat: createChatService({ db: this.db.prisma, logger, clock: this.clock }),
      logger,
      clock: this.clock,
      apiRoot: this.api.url,
      botInfo: STAND_IN_BOT_INFO,
    });
    this.bot = bot;
    const server = createServer(
      createWebhookHandler(bot, { path: WEBHOOK_PATH, secretToken: SECRET, logger }),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  }

  /** Another bot instance on the same database and Bot API (as behind a load balancer). */
  async secondInstance(): Promise<{ post(update: object): Promise<number>; close(): Promise<void> }> {
    const logger = pino({ level: 'silent' });
    const { bot } = createTelegramBot({
      token: TOKEN,
      db: this.db.prisma,
      chat: createChatService({ db: this.db.prisma, logger, clock: this.clock }),
      logger,
      clock: this.clock,
      apiRoot: this.api.url,
      botInfo: STAND_IN_BOT_INFO,
    });
    const server = createServer(
      createWebhookHandler(bot, { path: WEBHOOK_PATH, secretToken: SECRET, logger }),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
    return {
      post: async (update) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify(update),
        });
        await response.arrayBuffer();
        return response.status;
      },
      async close() {
        server.closeAllConnections();
        server.close();
        await once(server, 'close');
      },
    };
  }

  async stopBot(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }

  async close(): Promise<void> {
    await this.stopBot();
    await this.api?.close();
    await this.db?.close();
  }

  /** Posts an update like Telegram does; resolves with the HTTP status once the bot has answered. */
  async post(update: object, secret: string | null = SECRET): Promise<number> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}),
      },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** Binds a Telegram user to a demo person with an invitation, through /start <token>. */
  async bind(
    userId: number,
    personId: string,
    role: Role,
    scope: { institutionId?: string; enterpriseId?: string },
  ) {
    const { token } = await createInvite(this.db.prisma, {
      personId,
      role,
      ...scope,
      now: this.clock.now(),
    });
    expect200(await this.post(textUpdate(userId, `/start ${token}`)));
  }

  /** Everything sent to or edited in a chat, as the person sees it now, oldest first. */
  shown(chatId: number): ShownMessage[] {
    const byId = new Map<number, ShownMessage>();
    for (const call of this.api.outputTo(chatId)) {
      if (!call.result) continue;
      const id = call.result.message_id as number;
      const existing = byId.get(id);
      byId.set(id, {
        messageId: id,
        text: call.body.text,
        buttons: (call.body.reply_markup?.inline_keyboard ?? []).flat(),
        protected: existing?.protected ?? call.body.protect_content === true,
        edits: existing ? existing.edits + (call.method === 'editMessageText' ? 1 : 0) : 0,
      });
    }
    return [...byId.values()].sort((a, b) => a.messageId - b.messageId);
  }

  /** Output calls (send/edit) since index `since` in the recorded calls. */
  outputSince(chatId: number, since: number): RecordedCall[] {
    return this.api.calls
      .slice(since)
      .filter(
        (c) =>
          (c.method === 'sendMessage' || c.method === 'editMessageText') && Number(c.body.chat_id) === chatId,
      );
  }

  /** The latest message in the chat carrying a button whose action starts with `prefix`. */
  messageWithButton(chatId: number, prefix: string): { message: ShownMessage; action: string } {
    const messages = this.shown(chatId).reverse();
    for (const message of messages) {
      const button = message.buttons.find((b) => b.callback_data.startsWith(prefix));
      if (button) return { message, action: button.callback_data };
    }
    throw new Error(`no message in chat ${chatId} has a button starting with ${prefix}`);
  }
}

function expect200(status: number) {
  if (status !== 200) throw new Error(`webhook answered ${status}`);
}
