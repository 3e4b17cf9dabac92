// Redis connections as BullMQ's production guide asks: workers wait for Redis forever
// (maxRetriesPerRequest: null), producers fail fast when Redis is down instead of queueing in memory.
// Commands issued in the same tick go out in one write (auto-pipelining): a broadcast issues several
// per message (job moves, rate slots, chat keys), and one write each cost more than the work.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, enableAutoPipelining: true });
}

export function producerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
    enableAutoPipelining: true,
  });
}

/** Queued jobs vanish under any eviction policy but noeviction: warn loudly at start. */
export async function warnUnlessNoEviction(redis: Redis, logger: Logger): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1] ?? null;
    if (policy !== 'noeviction') {
      logger.warn({ policy }, 'Redis maxmemory-policy is not noeviction: queued jobs may be evicted');
    }
    return policy;
  } catch (error) {
    // Managed Redis services often forbid CONFIG; that is not a reason to stop.
    logger.warn({ err: error }, 'could not read Redis maxmemory-policy');
    return null;
  }
}

/**
 * Runs `restore` each time the connection is ready again after losing Redis (not at the first
 * connect): a Redis restarted without persistence comes back empty and must be given back what
 * lives only there (the job schedulers).
 */
export function onReconnect(redis: Redis, restore: () => Promise<unknown>, logger: Logger): void {
  let initial = redis.status !== 'ready';
  redis.on('ready', () => {
    if (initial) {
      initial = false;
      return;
    }
    restore().then(
      () => logger.info('redis is back: state restored'),
      (error: unknown) => logger.error({ err: error }, 'redis is back but restoring state failed'),
    );
  });
}
