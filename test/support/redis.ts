// The tests share one Redis (TEST_REDIS_URL, else the local one). Each test keeps to a key prefix of
// its own, so that tests running in parallel never see each other's queues, and deletes every key
// under it when done: BullMQ's queues and job schedulers, the per-chat rate keys and whatever else the
// job layer writes there (they all start with the prefix).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** A prefix nobody else uses; fixed length, so that no test's prefix starts with another's. */
export const redisTestPrefix = (label = 'revive-test'): string =>
  `${label}-${randomBytes(4).toString('hex')}`;

/** Deletes every key starting with `prefix`; returns how many there were. */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<number> {
  if (!/^[\w.-]+$/.test(prefix)) throw new Error(`not a test prefix: ${JSON.stringify(prefix)}`);
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

interface Closable {
  close(): Promise<unknown>;
}

export interface TestRedis {
  url: string;
  prefix: string;
  /** A connection as BullMQ's workers want it (maxRetriesPerRequest: null), for queues and workers alike. */
  redis: Redis;
  /**
   * One more connection like `redis`, for a worker that must not share it (blocking commands);
   * cleanup disconnects it.
   */
  connect(): Redis;
  /**
   * Closes what is given, in order (workers first: a running worker writes keys again), then deletes
   * every key under the prefix and disconnects. Safe to call more than once.
   */
  cleanup(...closing: (Closable | null | undefined)[]): Promise<void>;
}

export function openTestRedis(label?: string): TestRedis {
  const prefix = redisTestPrefix(label);
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const more: Redis[] = [];
  return {
    url: TEST_REDIS_URL,
    prefix,
    redis,
    connect() {
      const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      more.push(connection);
      return connection;
    },
    async cleanup(...closing) {
      try {
        for (const item of closing) await item?.close();
      } finally {
        for (const connection of more.splice(0)) connection.disconnect();
        if (redis.status !== 'end') {
          await deleteRedisKeys(redis, prefix);
          redis.disconnect();
        }
      }
    },
  };
}
