// `npm start` with SLACK_BOT_TOKEN set: the Slack bot on the shared core, until the process stops.
import { createChatService } from '../../core/chat/chat-service.ts';
import type { Db } from '../../core/db/database.ts';
import type { Logger } from '../../core/logger.ts';
import { createSlackApp, type SlackConfig } from './create-app.ts';
import { SlackChannel } from './slack-channel.ts';

export interface RunningSlackBot {
  mode: 'socket' | 'http';
  /** For the job layer: proactive DMs through the same app. */
  channel: SlackChannel;
  port: number | null;
  stop(): Promise<void>;
  /** Keeps running until the signal aborts (SIGINT, SIGTERM), then stops; resolves with exit code 0. */
  runUntil(signal: AbortSignal): Promise<number>;
}

export async function startSlackBot(options: {
  config: SlackConfig;
  db: Db;
  logger: Logger;
}): Promise<RunningSlackBot> {
  const chat = createChatService({ db: options.db, logger: options.logger });
  const bot = createSlackApp({ ...options, chat });
  const { port } = await bot.start();
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= bot.stop().catch((error) => options.logger.warn({ err: error }, 'slack bot stop failed'));
    return stopped;
  };
  return {
    mode: bot.mode,
    channel: new SlackChannel(bot.app.client, options.logger.child({ channel: 'SLACK' })),
    port,
    stop,
    async runUntil(signal) {
      if (!signal.aborted)
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      await stop();
      return 0;
    },
  };
}
