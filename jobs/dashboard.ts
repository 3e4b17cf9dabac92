// The job dashboard (bull-board) over every queue Revive runs: one delivery queue per channel, the
// schedules and the home refresh. It opens its own producer connection and queues, so it works in a
// process that runs no workers (REVIVE_JOBS=0). Access control is the HTTP server's (bots/http/).
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CHANNELS, deliveryQueueName } from './delivery-queues.ts';
import { HOME_REFRESH_QUEUE } from './home-refresh.ts';
import { SCHEDULER_QUEUE } from './schedulers.ts';

export const DASHBOARD_PATH = '/admin/queues';

export const DASHBOARD_QUEUES: readonly string[] = [
  ...CHANNELS.map((channel) => deliveryQueueName(channel)),
  SCHEDULER_QUEUE,
  HOME_REFRESH_QUEUE,
];

export interface QueueDashboard {
  /** Mount at DASHBOARD_PATH. */
  router: RequestHandler;
  close(): Promise<void>;
}

export function openQueueDashboard(options: {
  redisUrl: string;
  logger: Logger;
  prefix?: string;
}): QueueDashboard {
  // Fails a page fast when Redis is down, but queues commands while it is still connecting.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', (error) => options.logger.warn({ err: error }, 'redis (dashboard) error'));
  const queues = DASHBOARD_QUEUES.map(
    (name) => new Queue(name, { connection: redis, ...(options.prefix ? { prefix: options.prefix } : {}) }),
  );
  const serverAdapter = new ExpressAdapter().setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Revive jobs' } },
  });
  return {
    router: serverAdapter.getRouter() as RequestHandler,
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
      redis.disconnect();
    },
  };
}
