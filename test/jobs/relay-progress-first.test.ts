// A broadcast committed while the relay is in the middle of a pass still has its coordinator's progress
// message queued ahead of every invitation. The relay looks the progress rows up after reading its
// first page: looked up before, a broadcast committed in between had its first page of invitations
// queued ahead of the progress message (seen once as a progress message arriving after an invitation).
// Here the broadcast is committed at exactly that moment, and the order in which the jobs reached
// Redis is read from the queue's own event stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBroadcastAudience } from '../../bench/broadcast/audience.ts';
import type { Db } from '../../core/db/database.ts';
import { roadshowInvitation } from '../../core/roadshows/messages.ts';
import { roadshowProgress } from '../../core/roadshows/progress-message.ts';
import { deliveryJobId, deliveryQueueName, openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { relayDueDeliveries } from '../../jobs/outbox-relay.ts';
import { testClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { openTestRedis, type TestRedis } from '../support/redis.ts';

const RECIPIENTS = 30;

describe('the relay and a broadcast committed during its pass', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  const clock = testClock(new Date('2026-12-01T02:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    redis = openTestRedis('relay-first');
  });
  afterAll(async () => {
    await redis?.cleanup();
    await db?.close();
  });

  it('queues the progress message ahead of every invitation', async () => {
    const audience = await seedBroadcastAudience(db.prisma, {
      recipients: RECIPIENTS,
      firstChatId: 660_000_000,
      ipc: 'Y06S',
      now: clock.now(),
    });
    const queues = openDeliveryQueues(redis.redis, redis.prefix);
    // The coordinator confirms the broadcast right after the relay's lookup of progress messages
    // returns (the same database, the real query: only the moment of the commit is chosen).
    let confirmed = false;
    const relayDb = db.prisma.$extends({
      query: {
        delivery: {
          async findMany({ args, query }) {
            const rows = await query(args);
            const kinds = (args.where?.kind as { in?: string[] } | undefined)?.in;
            if (!confirmed && kinds?.includes(roadshowProgress.kind)) {
              confirmed = true;
              await audience.confirm(clock.now());
            }
            return rows;
          },
        },
      },
    }) as unknown as Db;
    // Until every row is queued (the first pass may see nothing yet).
    for (let pass = 0; pass < 3; pass++) await relayDueDeliveries(relayDb, queues, { now: clock.now() });
    expect(confirmed).toBe(true);

    const rows = await db.prisma.delivery.findMany({
      where: { idempotencyKey: { startsWith: `roadshow:${audience.roadshowId}:` } },
      select: { id: true, kind: true, notBefore: true, requeues: true },
    });
    const progress = rows.filter((r) => r.kind === roadshowProgress.kind).map(deliveryJobId);
    // Invitations due now (reminders before the event are written with them, due later).
    const invitations = rows.filter((r) => r.kind === roadshowInvitation.kind).map(deliveryJobId);
    expect(progress).toHaveLength(1);
    expect(invitations).toHaveLength(RECIPIENTS);
    const events = await redis.redis.xrange(
      `${redis.prefix}:${deliveryQueueName('TELEGRAM')}:events`,
      '-',
      '+',
    );
    const added = events
      .map(([, fields]) =>
        Object.fromEntries(
          Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]),
        ),
      )
      .filter((e) => e.event === 'added')
      .map((e) => e.jobId as string);
    expect(added).toEqual(expect.arrayContaining([...progress, ...invitations]));
    expect(added.indexOf(progress[0]!)).toBe(0);
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });
});
