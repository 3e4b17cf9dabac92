// Starts the job layer inside a process: delivery workers for the channels this process can send
// on, the schedules, and a bounded graceful stop. `npm start` runs it beside the bots; `npm run
// worker` runs it alone so that more machines can share one Redis and one PostgreSQL.
import type { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { ChannelName, ChannelPort } from '../core/channel/messages.ts';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Db } from '../core/db/database.ts';
import { deliveryBatchRenderers } from '../core/delivery/kinds.ts';
import { DELIVERY_KINDS, DELIVERY_RENDERERS } from '../core/delivery-kinds.ts';
import type { OverviewPublisher } from '../core/overview/publisher.ts';
import { type DeliveryQueues, openDeliveryQueues } from './delivery-queues.ts';
import { startDeliveryWorker } from './delivery-worker.ts';
import { type HomeRefreshRuntime, startHomeRefresh } from './home-refresh.ts';
import { forgetQueued } from './outbox-relay.ts';
import { paidBroadcastPolicy } from './paid-broadcast.ts';
import { createSendRateLimiter, type SendRates } from './rate-limiter.ts';
import { onReconnect, producerConnection, warnUnlessNoEviction, workerConnection } from './redis.ts';
import { startScheduleWorker, upsertSchedules } from './schedulers.ts';

export interface JobRuntimeOptions {
  db: Db;
  redisUrl: string;
  timeZone: string;
  logger: Logger;
  /** Decides what is due: the system clock in production, a manual one in tests. */
  clock: Clock;
  ports: Partial<Record<ChannelName, ChannelPort>>;
  /** Key prefix in Redis (tests isolate themselves with one). */
  prefix?: string;
  /** Whether this process runs the schedules too (every instance may; BullMQ runs each once). */
  schedules?: boolean;
  /** Platforms that keep an overview on screen (Slack's App Home): republished when it changes. */
  overviewPublishers?: OverviewPublisher[];
  /** How soon another worker takes over the deliveries of a worker that died (BullMQ default 30 s). */
  lockDurationMs?: number;
  /** The platforms' send rates (DEFAULT_SEND_RATES: Telegram 30/s, Slack 20/s). */
  rates?: SendRates;
  /** Telegram paid broadcast's daily spending cap; absent: no message is sent as paid broadcast. */
  paidBroadcast?: { starsPerDay: number };
}

/**
 * Telegram's documented ~30 messages/s per bot; Slack's chat.postMessage tier, and its chat.update
 * (Tier 3: 50 a minute) for progress edits.
 */
export const DEFAULT_SEND_RATES: SendRates = {
  perSecond: { TELEGRAM: 30, SLACK: 20 },
  editPerSecond: { SLACK: 50 / 60 },
};

const BATCH_RENDERERS = deliveryBatchRenderers(DELIVERY_KINDS);

/** What the job layer reads from the configuration, for `npm start` and `npm run worker` alike. */
export function runtimeSettings(
  config: Pick<
    Config,
    | 'REVIVE_REDIS_PREFIX'
    | 'REVIVE_JOB_LOCK_MS'
    | 'TELEGRAM_SEND_RATE'
    | 'SLACK_SEND_RATE'
    | 'TELEGRAM_PAID_BROADCAST_RATE'
    | 'TELEGRAM_PAID_BROADCAST_STARS_PER_DAY'
  >,
): Pick<JobRuntimeOptions, 'prefix' | 'lockDurationMs' | 'rates' | 'paidBroadcast'> {
  const stars = config.TELEGRAM_PAID_BROADCAST_STARS_PER_DAY;
  return {
    ...(config.REVIVE_REDIS_PREFIX ? { prefix: config.REVIVE_REDIS_PREFIX } : {}),
    ...(config.REVIVE_JOB_LOCK_MS ? { lockDurationMs: config.REVIVE_JOB_LOCK_MS } : {}),
    rates: {
      perSecond: {
        TELEGRAM: config.TELEGRAM_SEND_RATE ?? DEFAULT_SEND_RATES.perSecond.TELEGRAM!,
        SLACK: config.SLACK_SEND_RATE ?? DEFAULT_SEND_RATES.perSecond.SLACK!,
      },
      editPerSecond: DEFAULT_SEND_RATES.editPerSecond!,
      ...(stars ? { paidPerSecond: config.TELEGRAM_PAID_BROADCAST_RATE ?? 1000 } : {}),
    },
    ...(stars ? { paidBroadcast: { starsPerDay: stars } } : {}),
  };
}

/**
 * Jobs a channel's worker holds at once: about half a second of its rate (each waits for
 * its slot, claimed only right before it), so that the rate is never starved by the round trips of
 * fetching jobs; at least 20, at most 500.
 */
export function concurrencyFor(channel: ChannelName, rates: SendRates, paid: boolean): number {
  const rate = Math.max(
    rates.perSecond[channel] ?? 1000,
    paid && channel === 'TELEGRAM' ? (rates.paidPerSecond ?? 0) : 0,
  );
  return Math.min(500, Math.max(20, Math.ceil(rate / 2)));
}

export interface JobRuntime {
  queues: DeliveryQueues;
  /** Stops taking jobs, lets running ones finish for at most `timeoutMs`, closes connections. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startJobRuntime(options: JobRuntimeOptions): Promise<JobRuntime> {
  const log = options.logger.child({ component: 'jobs' });
  const workerRedis = workerConnection(options.redisUrl);
  const producerRedis = producerConnection(options.redisUrl);
  workerRedis.on('error', (error) => log.error({ err: error }, 'redis (workers) error'));
  producerRedis.on('error', (error) => log.error({ err: error }, 'redis (producers) error'));
  await warnUnlessNoEviction(workerRedis, log);

  const queues = openDeliveryQueues(producerRedis, options.prefix, log);
  const limiter = createSendRateLimiter(producerRedis, options.rates ?? DEFAULT_SEND_RATES, options.prefix);
  const rates = options.rates ?? DEFAULT_SEND_RATES;
  const paidBroadcast = options.paidBroadcast
    ? paidBroadcastPolicy(options.db, producerRedis, options.clock, {
        starsPerDay: options.paidBroadcast.starsPerDay,
        ...(options.prefix ? { prefix: options.prefix } : {}),
      })
    : undefined;
  const workers: Worker[] = [];
  for (const [channel, port] of Object.entries(options.ports) as [ChannelName, ChannelPort][]) {
    workers.push(
      startDeliveryWorker({
        db: options.db,
        channel,
        port,
        renderers: DELIVERY_RENDERERS,
        batchRenderers: BATCH_RENDERERS,
        limiter,
        concurrency: concurrencyFor(channel, rates, paidBroadcast !== undefined),
        ...(paidBroadcast && channel === 'TELEGRAM' ? { paidBroadcast } : {}),
        connection: workerRedis,
        redis: producerRedis,
        queues,
        logger: log,
        clock: options.clock,
        ...(options.prefix ? { prefix: options.prefix } : {}),
        ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
      }),
    );
  }
  const scheduleQueue =
    options.schedules === false
      ? null
      : await upsertSchedules(producerRedis, options.timeZone, options.prefix);
  if (scheduleQueue) {
    scheduleQueue.on('error', (error) => log.warn({ err: error }, 'schedule queue error'));
    // Without them after an empty restart, the relay would never run again and queue nothing.
    onReconnect(
      producerRedis,
      () => {
        // Its jobs may be gone too: the next relay pass offers every due row again.
        forgetQueued(queues);
        return upsertSchedules(producerRedis, options.timeZone, options.prefix).then((queue) =>
          queue.close(),
        );
      },
      log,
    );
    workers.push(
      startScheduleWorker({
        db: options.db,
        queues,
        connection: workerRedis,
        logger: log,
        clock: options.clock,
        timeZone: options.timeZone,
        ports: options.ports,
        limiter,
        ...(options.prefix ? { prefix: options.prefix } : {}),
      }),
    );
  }
  const homeRefresh: HomeRefreshRuntime | null =
    scheduleQueue && options.overviewPublishers?.length
      ? await startHomeRefresh({
          db: options.db,
          redis: producerRedis,
          connection: workerRedis,
          publishers: options.overviewPublishers,
          logger: log,
          ...(options.prefix ? { prefix: options.prefix } : {}),
        })
      : null;
  log.info({ channels: Object.keys(options.ports), schedules: scheduleQueue !== null }, 'job layer started');

  return {
    queues,
    async stop(timeoutMs = 10_000) {
      const closing = Promise.all([...workers.map((w) => w.close()), homeRefresh?.close()]);
      const timedOut = await Promise.race([
        closing.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), timeoutMs).unref()),
      ]);
      if (timedOut) {
        log.warn({ timeoutMs }, 'workers did not finish in time; forcing close');
        await Promise.all([...workers.map((w) => w.close(true)), homeRefresh?.close(true)]);
      }
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await scheduleQueue?.close();
      workerRedis.disconnect();
      producerRedis.disconnect();
    },
  };
}
