// `npm run worker`: the job layer alone (delivery workers and schedules), so that more machines can
// share one Redis and one PostgreSQL. Channels are those whose tokens are configured.

import { webApi } from '@slack/bolt';
import type pino from 'pino';
import { Telegram } from 'telegraf';
import { SlackHomePublisher } from '../bots/slack/home-publisher.ts';
import { createDeliveryClient, SlackChannel } from '../bots/slack/slack-channel.ts';
import { TelegramChannel } from '../bots/telegram/telegram-channel.ts';
import type { ChannelName, ChannelPort } from '../core/channel/messages.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import { type Config, ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db/database.ts';
import { createLogger } from '../core/logger.ts';
import { runtimeSettings, startJobRuntime } from '../jobs/runtime.ts';

const SHUTDOWN_GRACE_MS = 15_000;

function channelPorts(
  config: Config,
  db: Parameters<typeof startJobRuntime>[0]['db'],
  logger: pino.Logger,
  clock: Clock,
) {
  const ports: Partial<Record<ChannelName, ChannelPort>> = {};
  if (config.TELEGRAM_BOT_TOKEN) {
    const telegram = new Telegram(config.TELEGRAM_BOT_TOKEN, {
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      webhookReply: false,
    });
    ports.TELEGRAM = new TelegramChannel(telegram, db, logger, clock);
  }
  if (config.SLACK_BOT_TOKEN) {
    const client = createDeliveryClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL, logger);
    ports.SLACK = new SlackChannel(client, logger.child({ channel: 'SLACK' }));
  }
  return ports;
}

/** Slack's App Homes are republished from here too when a change concerns their owner. */
function overviewPublishers(config: Config, db: Parameters<typeof startJobRuntime>[0]['db'], clock: Clock) {
  if (!config.SLACK_BOT_TOKEN) return [];
  const client = new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
  });
  return [new SlackHomePublisher(client, db, clock)];
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
  const runtime = await startJobRuntime({
    db: db.prisma,
    redisUrl: config.REDIS_URL,
    timeZone: config.DEFAULT_TIME_ZONE,
    logger,
    clock,
    ports: channelPorts(config, db.prisma, logger, clock),
    overviewPublishers: overviewPublishers(config, db.prisma, clock),
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
