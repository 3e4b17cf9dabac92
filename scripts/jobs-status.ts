// `npm run jobs:status`: queue depths per channel and the outbox by status, dead letters listed.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db/database.ts';
import { CHANNELS, deliveryQueueName } from '../jobs/delivery-queues.ts';

async function main() {
  const config = loadConfig();
  const db = await openDatabase(databaseTarget(config));
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  try {
    console.log('Queues (waiting / delayed / active / completed / failed):');
    for (const channel of CHANNELS) {
      const queue = new Queue(deliveryQueueName(channel), {
        connection: redis,
        ...(config.REVIVE_REDIS_PREFIX ? { prefix: config.REVIVE_REDIS_PREFIX } : {}),
      });
      const c = await queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed');
      console.log(
        `  ${channel.padEnd(9)} ${c.waiting} / ${c.delayed} / ${c.active} / ${c.completed} / ${c.failed}`,
      );
      await queue.close();
    }
    const byStatus = await db.prisma.delivery.groupBy({ by: ['status'], _count: true });
    console.log('Outbox:');
    for (const row of byStatus) console.log(`  ${row.status.padEnd(8)} ${row._count}`);
    const dead = await db.prisma.delivery.findMany({
      where: { status: 'DEAD' },
      take: 20,
      orderBy: { updatedAt: 'desc' },
    });
    if (dead.length > 0) console.log('Dead letters (latest 20):');
    for (const d of dead) console.log(`  ${d.id} ${d.kind} ${d.channel} ${d.lastError ?? ''}`);
  } finally {
    redis.disconnect();
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `revive: ${error.message}` : error);
  process.exit(1);
});
