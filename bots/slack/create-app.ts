// The Slack bot: @slack/bolt, unmodified. Socket Mode when SLACK_APP_TOKEN is set (no public URL
// needed), otherwise bolt's HTTP receiver, whose signature check rejects forged requests and
// timestamps older than five minutes: on its own server (start) or mounted on the one HTTP server
// that also serves the Telegram webhook and the job dashboard (requestListener, bots/http/). SLACK_API_URL points the Web API client elsewhere (GovSlack,
// our tests). Listeners are registered by kind: commands, interactions (buttons, modals), events.
import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { ChatService } from '../../core/chat/chat-service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { Db } from '../../core/db/database.ts';
import type { Logger } from '../../core/logger.ts';
import { registerCommands } from './commands.ts';
import type { SlackDeps } from './deps.ts';
import { registerEvents } from './events.ts';
import { registerImport } from './import.ts';
import { registerInteractions } from './interactions.ts';
import { boltLogger } from './logger.ts';
import { registerStale } from './stale.ts';
import { installedWorkspace } from './workspace.ts';

export type SlackConfig = Pick<
  Config,
  'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL' | 'PORT'
>;

/** Where Slack posts commands, interactions and events (the manifest's request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAppOptions {
  config: SlackConfig;
  db: Db;
  chat: ChatService;
  logger: Logger;
  clock: Clock;
  /**
   * Tests: no auth.test at start (the bot's ids are given), no retries against the stand-in, and
   * the HTTP response waits for the listener so that its effects can be asserted on return.
   */
  offline?: { botId: string; botUserId: string };
}

export interface SlackBot {
  app: App;
  mode: 'socket' | 'http';
  /** HTTP mode: serves Slack's requests on a server of the caller's (SLACK_EVENTS_PATH). */
  requestListener: RequestListener | null;
  /** Starts listening on its own; resolves with the HTTP port in HTTP mode. */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

export function createSlackApp(options: SlackAppOptions): SlackBot {
  const { config, offline } = options;
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is required for the Slack bot');
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const logger = options.logger.child({ channel: 'SLACK' });
  const receiver = socketMode
    ? null
    : new HTTPReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET ?? '',
        endpoints: [SLACK_EVENTS_PATH],
        processBeforeResponse: offline !== undefined,
        logger: boltLogger(logger),
      });
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    logger: boltLogger(logger),
    logLevel: LogLevel.INFO,
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.SLACK_APP_TOKEN }),
    ...(offline
      ? { tokenVerificationEnabled: false, botId: offline.botId, botUserId: offline.botUserId }
      : {}),
    clientOptions: {
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
      ...(offline ? { retryConfig: { retries: 0 } } : {}),
    },
  });
  const deps: SlackDeps = {
    db: options.db,
    chat: options.chat,
    logger,
    clock: options.clock,
    apiUrl: config.SLACK_API_URL,
    workspace: installedWorkspace(app.client, logger),
  };
  registerEvents(app, deps);
  registerCommands(app, deps);
  registerInteractions(app, deps);
  registerImport(app, deps);
  registerStale(app, deps);
  app.error(async (error) => {
    logger.error({ err: error }, 'slack listener failed');
  });
  return {
    app,
    mode: socketMode ? 'socket' : 'http',
    requestListener: receiver?.requestListener ?? null,
    async start() {
      if (socketMode) {
        await app.start();
        logger.info('slack bot started (socket mode)');
        return { port: null };
      }
      const server = (await app.start(config.PORT)) as import('node:http').Server;
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      logger.info({ port }, 'slack bot started (http receiver)');
      return { port };
    },
    async stop() {
      await app.stop();
    },
  };
}
