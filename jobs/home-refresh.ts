// Keeps overviews that stay on screen (Slack's App Home) current for everyone a change concerns,
// not only for the person acting: every few seconds one worker reads the audit trail from a cursor
// kept in Redis, asks core whose overview changed, and republishes each of those people once
// (coalesced per tick), on every channel that has a publisher. Any number of processes may run it:
// BullMQ runs each tick once and a lock keeps a slow tick from overlapping the next.
import { randomUUID } from 'node:crypto';
import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Db } from '../core/db/database.ts';
import { latestAuditId, overviewChangesSince } from '../core/overview/overview-changes.ts';
import type { OverviewPublisher } from '../core/overview/publisher.ts';
import { onReconnect } from './redis.ts';

export const HOME_REFRESH_QUEUE = 'home-refresh';
export const HOME_REFRESH_EVERY_MS = 3000;
/** Longer than any tick should take; a crashed holder's lock expires on its own. */
const LOCK_TTL_MS = 60_000;

export interface HomeRefreshOptions {
  db: Db;
  /** A producer connection: the cursor and the lock live there. */
  redis: Redis;
  publishers: OverviewPublisher[];
  logger: Logger;
  prefix?: string;
}

export interface HomeRefreshTick {
  people: number;
  published: number;
  failed: number;
}

const keys = (prefix = 'bull') => ({
  cursor: `${prefix}:${HOME_REFRESH_QUEUE}:cursor`,
  lock: `${prefix}:${HOME_REFRESH_QUEUE}:lock`,
});

/** One tick: everything audited since the cursor, each affected person's overview published once. */
export async function refreshChangedOverviews(options: HomeRefreshOptions): Promise<HomeRefreshTick | null> {
  const { db, redis, publishers, logger } = options;
  const key = keys(options.prefix);
  const token = randomUUID();
  if ((await redis.set(key.lock, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') return null;
  try {
    const stored = await redis.get(key.cursor);
    if (stored === null || !/^\d+$/.test(stored)) {
      // First run (or a cursor damaged by hand): start from now rather than replaying the history.
      await redis.set(key.cursor, String(await latestAuditId(db)));
      return { people: 0, published: 0, failed: 0 };
    }
    const changes = await overviewChangesSince(db, BigInt(stored));
    const tick: HomeRefreshTick = { people: changes.people.size, published: 0, failed: 0 };
    if (changes.people.size > 0 && publishers.length > 0) {
      const byChannel = new Map(publishers.map((p) => [p.channel, p]));
      const identities = await db.channelIdentity.findMany({
        where: { personId: { in: [...changes.people] }, channel: { in: [...byChannel.keys()] } },
        select: { personId: true, externalId: true, channel: true },
      });
      for (const identity of identities) {
        try {
          await byChannel.get(identity.channel)!.publish(identity);
          tick.published++;
        } catch (error) {
          // One person's failure (a deactivated account) must not hold back everyone else's.
          tick.failed++;
          logger.warn(
            { err: error, personId: identity.personId, channel: identity.channel },
            'overview publish failed',
          );
        }
      }
    }
    // Only forward: a tick that outlived its lock must not move the cursor back over a later one.
    await redis.eval(
      "local c = redis.call('get', KEYS[1]) if not c or tonumber(ARGV[1]) > tonumber(c) then redis.call('set', KEYS[1], ARGV[1]) end return 1",
      1,
      key.cursor,
      String(changes.cursor),
    );
    return tick;
  } finally {
    // Released only if still ours (it may have expired and been taken by another process).
    await redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
      1,
      key.lock,
      token,
    );
  }
}

export interface HomeRefreshRuntime {
  queue: Queue;
  close(force?: boolean): Promise<void>;
}

export async function startHomeRefresh(
  options: HomeRefreshOptions & { connection: ConnectionOptions; everyMs?: number },
): Promise<HomeRefreshRuntime> {
  const log = options.logger.child({ component: HOME_REFRESH_QUEUE });
  const prefix = options.prefix ? { prefix: options.prefix } : {};
  const queue = new Queue(HOME_REFRESH_QUEUE, { connection: options.redis, ...prefix });
  const schedule = () =>
    queue.upsertJobScheduler(
      HOME_REFRESH_QUEUE,
      { every: options.everyMs ?? HOME_REFRESH_EVERY_MS },
      { name: HOME_REFRESH_QUEUE, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
  await schedule();
  // Job schedulers live in Redis only: after an empty restart the tick would never come again.
  onReconnect(options.redis, schedule, log);
  const worker = new Worker(
    HOME_REFRESH_QUEUE,
    async () => {
      const tick = await refreshChangedOverviews({ ...options, logger: log });
      if (tick && tick.people > 0) log.debug(tick, 'overviews refreshed');
      return tick;
    },
    { connection: options.connection, concurrency: 1, ...prefix },
  );
  worker.on('error', (error) => log.error({ err: error }, 'home refresh worker error'));
  return {
    queue,
    async close(force = false) {
      await worker.close(force);
      await queue.close();
    },
  };
}
