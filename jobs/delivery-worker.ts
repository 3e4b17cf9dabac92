// Sends deliveries of one channel. Each job carries one Delivery id; the jobs a worker holds at one
// moment are sent together as a batch (core/delivery/send-delivery.ts: a few round trips whatever
// the batch's size), each message waiting for its slot of the channel's send rate right before its
// request (rate-limiter.ts, shared by every worker of the bot). A 429 from the platform stops the
// channel's rate for everyone for the time the platform asked, and the job goes back to the queue
// without counting an attempt; a per-chat limit only delays that one job; failures retry with
// backoff and end as visible dead letters.
import { type ConnectionOptions, DelayedError, type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ChannelRateLimited } from '../core/channel/errors.ts';
import type { ChannelName, ChannelPort } from '../core/channel/messages.ts';
import { type Clock, machineTimeMs } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { deadLetter } from '../core/delivery/dead-letters.ts';
import {
  type DeliveryBatchRenderer,
  type DeliveryRenderer,
  type SendDeps,
  type SendOutcome,
  type SendResult,
  sendDeliveries,
} from '../core/delivery/send-delivery.ts';
import {
  type DeliveryJob,
  type DeliveryQueues,
  deliveryQueueName,
  scheduleDelivery,
} from './delivery-queues.ts';
import { createSendRateLimiter, type SendRateLimiter } from './rate-limiter.ts';

export interface DeliveryWorkerOptions {
  db: Db;
  channel: ChannelName;
  port: ChannelPort;
  renderers: Record<string, DeliveryRenderer>;
  /** Kinds that render many rows at once (a broadcast's shared roadshow and text). */
  batchRenderers?: Record<string, DeliveryBatchRenderer>;
  connection: ConnectionOptions;
  /** For per-chat rate keys when no limiter is given. */
  redis: Redis;
  queues: DeliveryQueues;
  logger: Logger;
  prefix?: string;
  /** Jobs held at once (default: enough to keep the channel's rate busy, at least 20). */
  concurrency?: number;
  clock: Clock;
  weeklyReminderCap?: number;
  /**
   * How long a job stays claimed without its worker renewing it; after a crash its jobs wait this
   * long (at most twice) before another worker takes them over. BullMQ's default is 30 s.
   */
  lockDurationMs?: number;
  /** The channel's send rate, shared with every worker of the bot; none: not limited here. */
  limiter?: SendRateLimiter;
  /** Which rows go as Telegram paid broadcast (jobs/paid-broadcast.ts); none: no row. */
  paidBroadcast?: SendDeps['paidBroadcast'];
}

/** Rows sent as one batch at most; more jobs wait for the next one. */
const MAX_BATCH = 100;
/** How long the first job of a batch waits for others to join it. */
const BATCH_WAIT_MS = 10;

/**
 * Collects the ids of jobs started within a moment and sends them as one batch; each job hears its
 * row's result as soon as it is recorded (the batch's later slots may still be ahead).
 */
function batcher(
  send: (
    ids: string[],
    settled: (id: string, result: SendResult) => void,
  ) => Promise<Map<string, SendResult>>,
) {
  type Waiting = { id: string; resolve: (r: SendResult) => void; reject: (e: unknown) => void };
  let waiting: Waiting[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = waiting;
    waiting = [];
    // By row: two jobs of one row (an old due time and a new one) may meet in a batch.
    const open = new Map<string, Waiting[]>();
    for (const w of batch) open.set(w.id, [...(open.get(w.id) ?? []), w]);
    const settle = (id: string, result: SendResult) => {
      for (const w of open.get(id) ?? []) w.resolve(result);
      open.delete(id);
    };
    send(
      batch.map((w) => w.id),
      settle,
    ).then(
      (results) => {
        for (const id of [...open.keys()]) settle(id, results.get(id) ?? { error: new Error('no result') });
      },
      (error: unknown) => {
        for (const ws of open.values()) for (const w of ws) w.reject(error);
        open.clear();
      },
    );
  };
  return (id: string) =>
    new Promise<SendResult>((resolve, reject) => {
      waiting.push({ id, resolve, reject });
      if (waiting.length >= MAX_BATCH) flush();
      else timer ??= setTimeout(flush, BATCH_WAIT_MS);
    });
}

export function startDeliveryWorker(options: DeliveryWorkerOptions): Worker<DeliveryJob, SendOutcome> {
  const { db, channel, logger, queues, limiter } = options;
  const log = logger.child({ component: 'delivery-worker', channel });
  const chats = options.limiter ?? createSendRateLimiter(options.redis, { perSecond: {} }, options.prefix);
  const deps: SendDeps = {
    db,
    ports: { [channel]: options.port },
    renderers: options.renderers,
    ...(options.batchRenderers ? { batchRenderers: options.batchRenderers } : {}),
    chatGate: chats.takeChats,
    chatHold: chats.holdChats,
    clock: options.clock,
    ...(options.weeklyReminderCap !== undefined ? { weeklyReminderCap: options.weeklyReminderCap } : {}),
    ...(limiter
      ? {
          pace: (ch, tier, count) => limiter.reserve(ch, tier, count),
          rateLimited: async (ch, ms) => {
            log.warn({ retryAfterMs: ms }, 'platform rate limit: pausing the channel');
            await limiter.pause(ch, ms);
          },
        }
      : {}),
    ...(options.paidBroadcast ? { paidBroadcast: options.paidBroadcast } : {}),
  };
  const send = batcher((ids, settled) => sendDeliveries(deps, ids, settled));

  const worker = new Worker<DeliveryJob, SendOutcome>(
    deliveryQueueName(channel),
    async (job: Job<DeliveryJob>, token?: string) => {
      const sent = await send(job.data.deliveryId);
      if ('error' in sent) {
        // Back to the queue without counting an attempt; the rate waits for everyone meanwhile.
        if (sent.error instanceof ChannelRateLimited) throw Worker.RateLimitError();
        throw sent.error;
      }
      const result = sent.ok;
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
    // A job failed for stalling (its workers died holding it) is re-driven by the relay instead:
    // nothing was decided about its row. SENDING here: the platform could not be asked whether an
    // interrupted send had arrived (deadLetter says so).
    if (final && !/stalled more than allowable limit/.test(error.message)) {
      await deadLetter(db, job.data.deliveryId, error.message).catch((e: unknown) =>
        log.error({ err: e }, 'could not record dead letter'),
      );
    }
  });
  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  return worker;
}
