// Runs the Telegram bot for `npm start` until the signal aborts: the bot, its command menu, and the
// transport (long polling by default, the webhook when TELEGRAM_WEBHOOK_URL is set, on its own
// server or, with `sharedServer`, handed to the one HTTP server of bots/http/ to mount and register).

import { createChatService } from '../../core/chat/chat-service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { Db } from '../../core/db/database.ts';
import type { Logger } from '../../core/logger.ts';
import { registerCommands } from './commands.ts';
import { createTelegramBot } from './create-bot.ts';
import { TelegramChannel } from './telegram-channel.ts';
import {
  type PreparedWebhook,
  prepareWebhook,
  type RunningTransport,
  startPolling,
  startWebhook,
} from './transport.ts';

export interface TelegramService {
  transport: RunningTransport;
  /** With `sharedServer` and a webhook: mount `handler` at `path`, then call `register()`. */
  webhook: PreparedWebhook | null;
  /** For the job layer: proactive messages through the same bot. */
  channel: TelegramChannel;
  /** Resolves when polling stops on its own (revoked token, another poller). */
  stopped: Promise<unknown>;
  stop(): Promise<void>;
}

type TelegramConfig = Pick<
  Config,
  'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET' | 'TELEGRAM_API_ROOT' | 'PORT'
>;

export async function startTelegram(
  config: TelegramConfig,
  db: Db,
  logger: Logger,
  clock: Clock,
  options: { sharedServer?: boolean } = {},
): Promise<TelegramService> {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const { bot } = createTelegramBot({
    token,
    db,
    chat: createChatService({ db, logger, clock }),
    logger,
    clock,
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
  });
  const log = logger.child({ channel: 'TELEGRAM' });
  // The menu is a convenience: a failure here must not keep the bot from answering.
  await registerCommands(bot.telegram).catch((error: unknown) => {
    log.warn({ err: error }, 'setMyCommands failed');
  });
  let onStopped: (error?: unknown) => void = () => {};
  const stopped = new Promise<unknown>((resolve) => {
    onStopped = resolve;
  });
  const webhookConfig =
    config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
      ? { url: config.TELEGRAM_WEBHOOK_URL, secretToken: config.TELEGRAM_WEBHOOK_SECRET, logger: log }
      : null;
  const webhook = webhookConfig && options.sharedServer ? await prepareWebhook(bot, webhookConfig) : null;
  const transport: RunningTransport = webhook
    ? { mode: 'webhook', port: 0, stop: async () => {} }
    : webhookConfig
      ? await startWebhook(bot, { ...webhookConfig, port: config.PORT })
      : await startPolling(bot, { logger: log, onStopped });
  return {
    transport,
    webhook,
    channel: new TelegramChannel(bot.telegram, db, log, clock),
    stopped,
    stop: () => transport.stop(),
  };
}
