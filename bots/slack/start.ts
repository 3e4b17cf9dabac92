// `npm start` with SLACK_BOT_TOKEN set: the Slack bot on the shared core, until the process stops.
// Over HTTP it is normally mounted on the one HTTP server of bots/http/ (`sharedServer`: its
// requestListener is served there); otherwise it listens on PORT itself.
import type { RequestListener } from 'node:http';
import { createChatService } from '../../core/chat/chat-service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/database.ts';
import type { Logger } from '../../core/logger.ts';
import { createSlackApp, type SlackConfig } from './create-app.ts';
import { SlackHomePublisher } from './home-publisher.ts';
import { createDeliveryClient, SlackChannel } from './slack-channel.ts';

export interface RunningSlackBot {
  mode: 'socket' | 'http';
  /** For the job layer: proactive DMs through the same app. */
  channel: SlackChannel;
  /** For the job layer: App Homes republished when a change concerns their owner. */
  homePublisher: SlackHomePublisher;
  /** HTTP mode with `sharedServer`: what the shared server mounts at SLACK_EVENTS_PATH. */
  requestListener: RequestListener | null;
  /** The port of its own server (HTTP mode without `sharedServer`), else null. */
  port: number | null;
  stop(): Promise<void>;
  /** Keeps running until the signal aborts (SIGINT, SIGTERM), then stops; resolves with exit code 0. */
  runUntil(signal: AbortSignal): Promise<number>;
}

export async function startSlackBot(options: {
  config: SlackConfig;
  db: Db;
  logger: Logger;
  clock: Clock;
  sharedServer?: boolean;
}): Promise<RunningSlackBot> {
  const chat = createChatService({ db: options.db, logger: options.logger, clock: options.clock });
  const bot = createSlackApp({ ...options, chat });
  const shared = options.sharedServer === true && bot.mode === 'http';
  const { port } = shared ? { port: null } : await bot.start();
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= shared
      ? Promise.resolve()
      : bot.stop().catch((error) => options.logger.warn({ err: error }, 'slack bot stop failed'));
    return stopped;
  };
  return {
    mode: bot.mode,
    channel: new SlackChannel(
      createDeliveryClient(options.config.SLACK_BOT_TOKEN!, options.config.SLACK_API_URL, options.logger),
      options.logger.child({ channel: 'SLACK' }),
    ),
    homePublisher: new SlackHomePublisher(bot.app.client, options.db, options.clock),
    requestListener: shared ? bot.requestListener : null,
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
