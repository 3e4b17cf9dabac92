// `npm run jobs:status`: queue depths per channel; the outbox by status, what is due and waiting
// apart from what is scheduled for later; the open dead letters with whom, where and what about
// (scripts/jobs/commands.ts).
import { Redis } from 'ioredis';
import { systemClock } from '../core/clock.ts';
import { ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db/database.ts';
import { toLocale } from '../core/i18n.ts';
import { openDeliveryQueues } from '../jobs/delivery-queues.ts';
import { jobsStatus } from './jobs/commands.ts';

async function main() {
  const config = loadConfig();
  const db = await openDatabase(databaseTarget(config));
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const queues = openDeliveryQueues(redis, config.REVIVE_REDIS_PREFIX || undefined);
  try {
    await jobsStatus(
      {
        db: db.prisma,
        locale: toLocale(config.DEFAULT_LOCALE),
        timeZone: config.DEFAULT_TIME_ZONE,
        now: systemClock.now(),
        write: (line) => process.stdout.write(`${line}\n`),
      },
      queues,
    );
  } finally {
    await Promise.all(Object.values(queues).map((q) => q.close()));
    redis.disconnect();
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof ConfigError ? `revive: ${error.message}` : (error as Error).stack}\n`,
  );
  process.exit(1);
});
