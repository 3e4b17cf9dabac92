// Sends deliveries of one channel. A 429 from the platform pauses the whole queue for the time
// the platform asked (every send of that bot waits, not only the job that got it); a per-chat
// limit only delays that one job; failures retry with backoff and end as visible dead letters.
import { type ConnectionOptions, DelayedError, type Job, type Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ChannelRateLimited } from '../core/channel/errors.ts';
import type { ChannelName, ChannelPort } from '../core/channel/messages.ts';
import { type Clock, machineTimeMs } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import {
  type DeliveryRenderer,
  type SendOutcome,
  sendDelivery,
  UNCERTAIN_ERROR,
} from '../core/delivery/send-delivery.ts';
import {
  CHANNEL_LIMITS,
  type DeliveryJob,
  type DeliveryQueues,
  deliveryQueueName,
  PER_CHAT_SPACING_MS,
  scheduleDelivery,
} from './delivery-queues.ts';

export interface DeliveryWorkerOptions {
  db: Db;
  channel: ChannelName;
  port: ChannelPort;
  renderers: Record<string, DeliveryRenderer>;
  connection: ConnectionOptions;
  /** For per-chat rate keys. */
  redis: Redis;
  queues: DeliveryQueues;
  logger: Logger;
  prefix?: string;
  concurrency?: number;
  clock: Clock;
  weeklyReminderCap?: number;
  /**
   * How long a job stays claimed without its worker renewing it; after a crash its jobs wait this
   * long (at most twice) before another worker takes them over. BullMQ's default is 30 s.
   */
  lockDurationMs?: number;
}

/** Takes the chat's next send slot if it is free; otherwise says how long until it is. */
function chatGate(redis: Redis, spacingMs: number, prefix: string) {
  return async (channel: ChannelName, address: string): Promise<number> => {
    if (spacingMs <= 0) return 0;
    const key = `${prefix}rate:${channel}:${address}`;
    const taken = await redis.set(key, '1', 'PX', spacingMs, 'NX');
    if (taken === 'OK') return 0;
    return Math.max(1, await redis.pttl(key));
  };
}

export function startDeliveryWorker(options: DeliveryWorkerOptions): Worker<DeliveryJob, SendOutcome> {
  const { db, channel, logger, queues } = options;
  const queue: Queue<DeliveryJob> = queues[channel];
  const log = logger.child({ component: 'delivery-worker', channel });
  const deps = {
    db,
    ports: { [channel]: options.port },
    renderers: options.renderers,
    chatGate: chatGate(options.redis, PER_CHAT_SPACING_MS[channel], options.prefix ?? ''),
    clock: options.clock,
    ...(options.weeklyReminderCap !== undefined ? { weeklyReminderCap: options.weeklyReminderCap } : {}),
  };

  const worker = new Worker<DeliveryJob, SendOutcome>(
    deliveryQueueName(channel),
    async (job: Job<DeliveryJob>, token?: string) => {
      let result: SendOutcome;
      try {
        result = await sendDelivery(deps, job.data.deliveryId);
      } catch (error) {
        if (error instanceof ChannelRateLimited) {
          log.warn({ retryAfterMs: error.retryAfterMs }, 'platform rate limit: pausing the queue');
          await queue.rateLimit(error.retryAfterMs);
          throw Worker.RateLimitError();
        }
        throw error;
      }
      if (result.outcome === 'THROTTLED') {
        // BullMQ's delays run on the machine's clock, not the program's.
        await job.moveToDelayed(machineTimeMs() + result.retryInMs, token);
        throw new DelayedError();
      }
      if (result.outcome === 'DEFERRED') {
        await scheduleDelivery(
          queues,
          { id: job.data.deliveryId, channel, notBefore: result.until },
          options.clock.now(),
        );
      }
      if (result.outcome === 'UNCERTAIN')
        log.error({ deliveryId: job.data.deliveryId }, 'delivery interrupted mid-send: dead letter');
      if (result.outcome === 'SENT' && result.reconciled)
        log.warn({ deliveryId: job.data.deliveryId }, 'delivery interrupted mid-send had arrived');
      return result;
    },
    {
      connection: options.connection,
      concurrency: options.concurrency ?? 20,
      limiter: CHANNEL_LIMITS[channel],
      ...(options.lockDurationMs
        ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs }
        : {}),
      ...(options.prefix ? { prefix: options.prefix } : {}),
    },
  );

  worker.on('failed', async (job, error) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    log.warn(
      { deliveryId: job.data.deliveryId, attempt: job.attemptsMade, final, err: error },
      'delivery failed',
    );
    if (final) {
      const id = job.data.deliveryId;
      // SENDING here: the platform could not be asked whether an interrupted send had arrived.
      await Promise.all([
        db.delivery.updateMany({
          where: { id, status: 'PENDING' },
          data: { status: 'DEAD', lastError: error.message },
        }),
        db.delivery.updateMany({
          where: { id, status: 'SENDING' },
          data: { status: 'DEAD', lastError: `${UNCERTAIN_ERROR} (${error.message})` },
        }),
      ]).catch((e: unknown) => log.error({ err: e }, 'could not record dead letter'));
    }
  });
  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  return worker;
}
