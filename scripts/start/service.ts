// The service of `npm start` (a Telegram or Slack token set): the configured bots and the job layer
// beside them (reminders, invitations, digests through the same bots). Slack over HTTP, the Telegram
// webhook and the job dashboard share one HTTP server on PORT.
import { HEALTH_PATH, startHttpServer } from '../../bots/http/server.ts';
import { SLACK_EVENTS_PATH } from '../../bots/slack/create-app.ts';
import { startSlackBot } from '../../bots/slack/start.ts';
import { startTelegram } from '../../bots/telegram/serve.ts';
import type { ChannelName, ChannelPort } from '../../core/channel/messages.ts';
import { sweepChatFiles } from '../../core/chat/files.ts';
import type { Clock } from '../../core/clock.ts';
import { type Config, databaseTarget } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import type { Logger } from '../../core/logger.ts';
import { DASHBOARD_PATH, openQueueDashboard } from '../../jobs/dashboard.ts';
import { runtimeSettings, startJobRuntime } from '../../jobs/runtime.ts';
import { serviceSummary } from './banner.ts';
import { fail } from './output.ts';

/** How long running jobs may take to finish when the process is asked to stop. */
const SHUTDOWN_GRACE_MS = 10_000;
const SWEEP_INTERVAL_MS = 3600_000;

const { stdout } = process;

export interface ServiceOptions {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
}

/**
 * Runs the configured bots and the job layer until Ctrl-C or SIGTERM, or until Telegram stops the
 * polling (revoked token, another poller); returns the exit code. REVIVE_JOBS=0 leaves the jobs to
 * `npm run worker`.
 */
export async function runService({ config, db, logger, clock, signal }: ServiceOptions): Promise<number> {
  const ports: Partial<Record<ChannelName, ChannelPort>> = {};
  const slack = config.SLACK_BOT_TOKEN
    ? await startSlackBot({ config, db: db.prisma, logger, clock, sharedServer: true })
    : null;
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? await startTelegram(config, db.prisma, logger, clock, { sharedServer: true })
    : null;
  const dashboard = config.REVIVE_ADMIN_TOKEN
    ? openQueueDashboard({
        redisUrl: config.REDIS_URL,
        logger,
        ...(config.REVIVE_REDIS_PREFIX ? { prefix: config.REVIVE_REDIS_PREFIX } : {}),
      })
    : null;
  const http =
    slack?.requestListener || telegram?.webhook || dashboard
      ? await startHttpServer({
          port: config.PORT,
          logger,
          routes: {
            slack: slack?.requestListener ?? null,
            telegram: telegram?.webhook ?? null,
            dashboard:
              dashboard && config.REVIVE_ADMIN_TOKEN
                ? {
                    path: DASHBOARD_PATH,
                    router: dashboard.router,
                    token: config.REVIVE_ADMIN_TOKEN,
                    clock,
                    secureCookie: config.REVIVE_ADMIN_ALLOW_HTTP !== true,
                  }
                : null,
          },
        })
      : null;
  // Registered once the server listens, so that Telegram's first post finds it.
  await telegram?.webhook?.register();
  if (slack) ports.SLACK = slack.channel;
  if (telegram) ports.TELEGRAM = telegram.channel;
  const jobs =
    process.env.REVIVE_JOBS?.trim() === '0'
      ? null
      : await startJobRuntime({
          db: db.prisma,
          redisUrl: config.REDIS_URL,
          timeZone: config.DEFAULT_TIME_ZONE,
          logger,
          clock,
          ports,
          overviewPublishers: slack ? [slack.homePublisher] : [],
          ...runtimeSettings(config),
        });
  const webhookPath = telegram?.webhook?.path ?? null;
  const summary = serviceSummary({
    telegram: telegram
      ? {
          mode: telegram.transport.mode,
          port: telegram.webhook ? (http?.port ?? null) : telegram.transport.port,
        }
      : null,
    slack: slack
      ? {
          mode: slack.mode,
          port: slack.port ?? (slack.requestListener ? (http?.port ?? null) : null),
        }
      : null,
    http: http
      ? {
          port: http.port,
          paths: [
            HEALTH_PATH,
            ...(slack?.requestListener ? [SLACK_EVENTS_PATH] : []),
            ...(webhookPath ? [webhookPath] : []),
            ...(dashboard ? [DASHBOARD_PATH] : []),
          ],
        }
      : null,
    database: databaseTarget(config),
    redisUrl: jobs || dashboard ? config.REDIS_URL : null,
    jobs: jobs !== null,
    dashboard: dashboard ? { secureCookie: config.REVIVE_ADMIN_ALLOW_HTTP !== true } : null,
  });
  stdout.write(`${summary.join('\n')}\n\n`);
  // Reply files never sent go after a day (core/chat/files.ts); checked every hour while running.
  const sweeper = setInterval(() => {
    sweepChatFiles(clock.now()).then(
      (removed) => removed > 0 && logger.info({ removed }, 'old reply files removed'),
      (error: unknown) => logger.warn({ err: error }, 'reply files sweep failed'),
    );
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  const aborted = new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  const error = await Promise.race([
    aborted.then(() => undefined),
    telegram?.stopped ?? new Promise(() => {}),
  ]);
  clearInterval(sweeper);
  await http?.close();
  await telegram?.stop();
  await slack?.stop();
  await jobs?.stop(SHUTDOWN_GRACE_MS);
  await dashboard?.close();
  return error ? fail(`Telegram: ${(error as Error).message}`) : 0;
}
