// `npm run worker`: the job layer alone (delivery workers and schedules), so that more machines can
// share one Redis and one PostgreSQL. Channels are those whose tokens are configured.

import type pino from 'pino';
import { Telegram } from 'telegraf';
import { TelegramChannel } from '../bots/telegram/telegram-channel.ts';
import type { ChannelName, ChannelPort } from '../core/channel/messages.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import { type Config, ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db/database.ts';
import { createLogger } from '../core/logger.ts';
import type { OverviewPublisher } from '../core/overview/publisher.ts';
import { runtimeSettings, startJobRuntime } from '../jobs/runtime.ts';

const SHUTDOWN_GRACE_MS = 15_000;

type Db = Parameters<typeof startJobRuntime>[0]['db'];

/**
 * The channels whose tokens are configured, with Slack's App Home publisher. Slack's SDK is loaded
 * only when Slack is configured: it is the slowest part of a start (about a second on 2 cores).
 */
async function channelPorts(config: Config, db: Db, logger: pino.Logger, clock: Clock) {
  const ports: Partial<Record<ChannelName, ChannelPort>> = {};
  const publishers: OverviewPublisher[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const telegram = new Telegram(config.TELEGRAM_BOT_TOKEN, {
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      webhookReply: false,
    });
    ports.TELEGRAM = new TelegramChannel(telegram, db, logger, clock);
  }
  if (config.SLACK_BOT_TOKEN) {
    const [{ webApi }, { createDeliveryClient, SlackChannel }, { SlackHomePublisher }] = await Promise.all([
      import('@slack/bolt'),
      import('../bots/slack/slack-channel.ts'),
      import('../bots/slack/home-publisher.ts'),
    ]);
    const client = createDeliveryClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL, logger);
    ports.SLACK = new SlackChannel(client, logger.child({ channel: 'SLACK' }));
    // Slack's App Homes are republished from here too when a change concerns their owner.
    const homeClient = new webApi.WebClient(config.SLACK_BOT_TOKEN, {
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    });
    publishers.push(new SlackHomePublisher(homeClient, db, clock));
  }
  return { ports, publishers };
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`revive: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  // A service: JSON logs on stdout, for the process supervisor to collect.
  const logger = createLogger(config);
  if (!config.DATABASE_URL) {
    // Several worker processes cannot share an embedded database directory.
    logger.warn('running the worker on the embedded database: only one process may use it');
  }
  const db = await openDatabase(databaseTarget(config));
  const clock = systemClock;
  const channels = await channelPorts(config, db.prisma, logger, clock);
  const runtime = await startJobRuntime({
    db: db.prisma,
    redisUrl: config.REDIS_URL,
    timeZone: config.DEFAULT_TIME_ZONE,
    logger,
    clock,
    ports: channels.ports,
    overviewPublishers: channels.publishers,
    ...runtimeSettings(config),
  });
  // Listening before saying so: a supervisor may send SIGTERM as soon as it reads the line.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  process.stdout.write('Revive worker running; Ctrl-C to stop.\n');
  await stopRequested;
  await runtime.stop(SHUTDOWN_GRACE_MS);
  await db.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`revive worker: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
