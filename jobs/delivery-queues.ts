// One delivery queue per channel, so that a rate limit (429) pauses every send of that bot and only
// of that bot. Jobs carry the Delivery id only; the worker reloads everything from the database.
import { type ConnectionOptions, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ChannelName } from '../core/channel/messages.ts';

export const CHANNELS: readonly ChannelName[] = ['TELEGRAM', 'SLACK', 'TERMINAL'];

export interface DeliveryJob {
  deliveryId: string;
}

export const DELIVERY_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential' as const, delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

export const deliveryQueueName = (channel: ChannelName, prefix = '') =>
  `${prefix}deliveries-${channel.toLowerCase()}`;

export type DeliveryQueues = Record<ChannelName, Queue<DeliveryJob>>;

/** With a logger, connection errors (Redis down) are logged there; BullMQ prints them otherwise. */
export function openDeliveryQueues(
  connection: ConnectionOptions,
  prefix?: string,
  logger?: Logger,
): DeliveryQueues {
  const entries = CHANNELS.map((channel) => {
    const queue = new Queue<DeliveryJob>(deliveryQueueName(channel), {
      connection,
      ...(prefix ? { prefix } : {}),
    });
    if (logger) queue.on('error', (error) => logger.warn({ err: error, channel }, 'delivery queue error'));
    return [channel, queue] as const;
  });
  return Object.fromEntries(entries) as DeliveryQueues;
}

/** What a job is made from: the row's id, channel, due time and how often it was re-driven. */
export type Schedulable = {
  id: string;
  channel: ChannelName;
  notBefore: Date;
  requeues?: number;
  /** Ahead of whatever waits on the channel (a kind declared `first`: a broadcast's progress message). */
  first?: boolean;
};

/**
 * The job of a row as it is now: one per (delivery, due time, re-drive). Queueing the same row twice
 * is a no-op; a deferral (new due time) or a re-drive after a lost job (`requeues` + 1) is a new job,
 * never hidden behind a failed one that BullMQ keeps under the old id.
 */
export const deliveryJobId = (delivery: Omit<Schedulable, 'channel'>): string =>
  `${delivery.id}-${delivery.notBefore.getTime()}${delivery.requeues ? `-r${delivery.requeues}` : ''}`;

const sendJob = (delivery: Schedulable, now: Date) => ({
  name: 'send',
  data: { deliveryId: delivery.id },
  opts: {
    ...DELIVERY_JOB_OPTIONS,
    jobId: deliveryJobId(delivery),
    delay: Math.max(0, delivery.notBefore.getTime() - now.getTime()),
    ...(delivery.first ? { lifo: true } : {}),
  },
});

/** A job per (delivery, due time): re-adding the same schedule is a no-op, a deferral is a new job. */
export async function scheduleDelivery(
  queues: DeliveryQueues,
  delivery: Schedulable,
  now: Date,
): Promise<void> {
  const job = sendJob(delivery, now);
  await queues[delivery.channel].add(job.name, job.data, job.opts);
}

/**
 * Many at once, in a few round trips: the relay re-offers every due row on each pass (most of
 * them already queued, a no-op), which one add per row would make cost seconds during a broadcast.
 */
export async function scheduleDeliveries(
  queues: DeliveryQueues,
  deliveries: Schedulable[],
  now: Date,
  chunk = 500,
): Promise<void> {
  for (const channel of CHANNELS) {
    const jobs = deliveries.filter((d) => d.channel === channel).map((d) => sendJob(d, now));
    for (let i = 0; i < jobs.length; i += chunk) await queues[channel].addBulk(jobs.slice(i, i + chunk));
  }
}
