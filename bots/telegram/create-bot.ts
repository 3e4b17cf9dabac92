// The Telegram bot: telegraf, unmodified, with two composers installed in order —
//   1. once:  claims each update_id in the database; a redelivered update stops here
//   2. chat:  update → IncomingMessage → core → replies rendered into the chat
// Nothing about questionnaires, roles or rules lives here: core decides, the bot translates.
import type { Logger } from 'pino';
import { Composer, type Context, Telegraf } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import type { OutgoingMessage } from '../../core/channel/messages.ts';
import type { ChatService } from '../../core/chat/chat-service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/database.ts';
import { claimUpdate } from '../../core/intake/processed-updates.ts';
import { deliver } from './send.ts';
import { createSlotStore, type SlotStore } from './slots.ts';
import { toIncoming } from './to-incoming.ts';

export const DEFAULT_HANDLER_TIMEOUT_MS = 25_000;

export interface TelegramBotOptions {
  token: string;
  db: Db;
  chat: ChatService;
  logger: Logger;
  /** TELEGRAM_API_ROOT: a self-hosted Bot API server, or the tests' stand-in. */
  apiRoot?: string;
  /** Skips getMe (tests, benchmark); production bots ask Telegram once. */
  botInfo?: UserFromGetMe;
  /** After this long the webhook is answered and the update finishes in the background. */
  handlerTimeoutMs?: number;
  /** The program's clock: when updates were claimed and chat slots written. */
  clock: Clock;
}

export interface TelegramBot {
  bot: Telegraf;
  /** The numeric id in the token: ProcessedUpdate.source is `telegram:<botId>`. */
  botId: string;
}

export function botIdOf(token: string): string {
  const id = /^(\d+):/.exec(token)?.[1];
  if (!id) throw new Error('TELEGRAM_BOT_TOKEN must look like <bot id>:<secret>');
  return id;
}

export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const botId = botIdOf(options.token);
  const logger = options.logger.child({ channel: 'TELEGRAM', botId });
  const bot = new Telegraf(options.token, {
    handlerTimeout: options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS,
    telegram: {
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      // Every Bot API call is a real request whose result (message ids, errors) we need.
      webhookReply: false,
    },
  });
  if (options.botInfo) bot.botInfo = options.botInfo;
  bot.catch((error, ctx) => {
    const updateId = ctx.update.update_id;
    // telegraf stops waiting (the webhook is answered) but the update keeps running to its end:
    // a long import still delivers its report.
    if (error instanceof Error && error.name === 'TimeoutError') {
      logger.warn({ updateId }, 'update still running after the handler timeout');
      return;
    }
    logger.error({ err: error, updateId }, 'telegram update failed');
  });
  bot.use(onceComposer(options.db, `telegram:${botId}`, logger, options.clock));
  bot.use(chatComposer(options.chat, createSlotStore(options.db, options.clock), logger));
  return { bot, botId };
}

/** Claims the update before anything else happens: redeliveries and other instances skip it. */
export function onceComposer(db: Db, source: string, logger: Logger, clock: Clock): Composer<Context> {
  return new Composer<Context>(async (ctx, next) => {
    if (!(await claimUpdate(db, source, String(ctx.update.update_id), clock.now()))) {
      logger.info({ updateId: ctx.update.update_id }, 'update already handled, skipped');
      return;
    }
    await next();
  });
}

export function chatComposer(chat: ChatService, slots: SlotStore, logger: Logger): Composer<Context> {
  // Updates of one chat are handled one after another on this instance, so that replies keep their
  // order and the slot map is not written by two updates at once.
  const queues = new Map<number, Promise<unknown>>();
  return new Composer<Context>(async (ctx) => {
    const translated = toIncoming(ctx.update, ctx.telegram, ctx.botInfo?.username);
    if (!translated) return;
    const { incoming, chatId, tappedMessageId, callbackQueryId } = translated;
    const log = logger.child({ updateId: ctx.update.update_id, event: incoming.event.kind });
    if (callbackQueryId) {
      // Ack first: the spinner on the button stops at once, whatever happens next.
      await ctx.telegram.answerCbQuery(callbackQueryId).catch((error: unknown) => {
        log.warn({ err: error }, 'answerCallbackQuery failed');
      });
    }
    const previous = queues.get(chatId) ?? Promise.resolve();
    const running = previous
      .catch(() => {})
      .then(async () => {
        const target = { chatId, chatIsPrivate: incoming.chatIsPrivate, editable: [] as number[] };
        if (tappedMessageId) target.editable.push(tappedMessageId);
        const known = incoming.chatIsPrivate ? await slots.loadFor(incoming.userId) : null;
        const personId = known?.personId ?? null;
        let current = known?.slots ?? {};
        let changed = false;
        const send = async (replies: readonly OutgoingMessage[]) => {
          const delivery = await deliver(ctx.telegram, target, replies, current, log);
          current = delivery.slots;
          changed ||= delivery.slotsChanged;
          return delivery;
        };
        // Long operations (an import) report progress: one message, edited in place as it advances.
        const progress = async (message: OutgoingMessage) => {
          await send([message]);
          const shown = message.slot ? current[message.slot]?.messageId : undefined;
          if (shown !== undefined && !target.editable.includes(shown)) target.editable.push(shown);
        };
        const replies = await chat.handle({ ...incoming, progress });
        const delivery = await send(replies);
        // A person bound by this very update (/start <token>) has slots from now on.
        const owner = personId ?? (incoming.chatIsPrivate ? await slots.personOf(incoming.userId) : null);
        if (owner && changed) await slots.save(owner, current);
        log.debug({ replies: replies.length, messages: delivery.messageIds.length }, 'update handled');
      });
    queues.set(chatId, running);
    try {
      await running;
    } finally {
      if (queues.get(chatId) === running) queues.delete(chatId);
    }
  });
}
