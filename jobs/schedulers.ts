// Recurring work on BullMQ job schedulers, in the campaign's time zone: one scheduler per task,
// upserted at start so that every instance agrees and none runs it twice.
import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { ChannelName, ChannelPort } from '../core/channel/messages.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { forgetOldProcessedUpdates } from '../core/intake/processed-updates.ts';
import { runMatching } from '../core/matching/run.ts';
import { enqueueBureauDigests } from '../core/reminders/bureau-digest.ts';
import { enqueueEvaluationReminders } from '../core/reminders/evaluation-waiting.ts';
import { enqueueMilestoneReminders } from '../core/reminders/milestone-escalation.ts';
import { enqueueScreeningReminders } from '../core/reminders/screening-waiting.ts';
import { enqueueSelfAssessmentNudges } from '../core/reminders/self-assessment-nudges.ts';
import { refreshBroadcastProgress } from './broadcast-progress.ts';
import type { DeliveryQueues } from './delivery-queues.ts';
import { relayDueDeliveries } from './outbox-relay.ts';

export const SCHEDULER_QUEUE = 'schedules';

export const SCHEDULES = {
  /** Every morning at 10:00 local time, after quiet hours, before the working day fills up. */
  'self-assessment-nudges': { pattern: '0 10 * * *' },
  /** Every morning at 09:45: new pool patents matched and pushed to enterprises. */
  'match-pushes': { pattern: '45 9 * * *' },
  /** Every morning at 10:15: pushed patents still waiting for the enterprise's answer. */
  'evaluation-reminders': { pattern: '15 10 * * *' },
  /** Every morning at 09:30: institutions behind a milestone, escalating as it nears. */
  'milestone-reminders': { pattern: '30 9 * * *' },
  /** Mondays at 09:15: coordinators with self-assessments waiting for their screening. */
  'screening-reminders': { pattern: '15 9 * * 1' },
  /** Mondays at 09:00: the bureaus' weekly progress digest. */
  'bureau-digest': { pattern: '0 9 * * 1' },
  /** The outbox relay: catches up whatever was written but not queued. */
  'outbox-relay': { every: 5000 },
  /** Roadshow broadcasts: the coordinators' progress messages edited in place until done. */
  'broadcast-progress': { every: 5000 },
  /** Nightly at 03:20: claims of chat updates older than any platform's redelivery window. */
  'forget-processed-updates': { pattern: '20 3 * * *' },
} as const;

export type ScheduleName = keyof typeof SCHEDULES;

export async function upsertSchedules(
  connection: ConnectionOptions,
  timeZone: string,
  prefix?: string,
): Promise<Queue> {
  const queue = new Queue(SCHEDULER_QUEUE, { connection, ...(prefix ? { prefix } : {}) });
  for (const [name, repeat] of Object.entries(SCHEDULES)) {
    const options = 'pattern' in repeat ? { pattern: repeat.pattern, tz: timeZone } : { every: repeat.every };
    await queue.upsertJobScheduler(name, options, {
      name,
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    });
  }
  return queue;
}

export function startScheduleWorker(options: {
  db: Db;
  queues: DeliveryQueues;
  connection: ConnectionOptions;
  logger: Logger;
  clock: Clock;
  /** The campaign's time zone: which ISO week a weekly reminder belongs to. */
  timeZone: string;
  prefix?: string;
  /** The channels this process can edit messages on (broadcast progress). */
  ports?: Partial<Record<ChannelName, ChannelPort>>;
}): Worker {
  const { db, queues, clock, timeZone } = options;
  const log = options.logger.child({ component: 'schedules' });
  const progressShown = new Map<string, string>();
  // Every task reads the clock once: what it enqueues and what the relay then finds due agree.
  const relay = (now: Date) => relayDueDeliveries(db, queues, { now });
  const worker = new Worker(
    SCHEDULER_QUEUE,
    async (job) => {
      const now = clock.now();
      switch (job.name as ScheduleName) {
        case 'self-assessment-nudges': {
          const run = await enqueueSelfAssessmentNudges(db, now);
          log.info(run, 'self-assessment nudges enqueued');
          return relay(now);
        }
        case 'milestone-reminders': {
          log.info(await enqueueMilestoneReminders(db, now, timeZone), 'milestone reminders enqueued');
          return relay(now);
        }
        case 'bureau-digest': {
          log.info(await enqueueBureauDigests(db, now, timeZone), 'bureau digests enqueued');
          return relay(now);
        }
        case 'screening-reminders': {
          log.info(await enqueueScreeningReminders(db, now, timeZone), 'screening reminders enqueued');
          return relay(now);
        }
        case 'match-pushes': {
          log.info(await runMatching(db, { now }), 'matches pushed');
          return relay(now);
        }
        case 'evaluation-reminders': {
          log.info(await enqueueEvaluationReminders(db, now), 'evaluation reminders enqueued');
          return relay(now);
        }
        case 'outbox-relay':
          return relay(now);
        case 'forget-processed-updates': {
          const forgotten = await forgetOldProcessedUpdates(db, now);
          log.info({ forgotten }, 'old update claims forgotten');
          return forgotten;
        }
        case 'broadcast-progress':
          return refreshBroadcastProgress({
            db,
            ports: options.ports ?? {},
            logger: log,
            lastShown: progressShown,
            now,
          });
        default:
          log.warn({ name: job.name }, 'unknown schedule');
          return null;
      }
    },
    { connection: options.connection, concurrency: 1, ...(options.prefix ? { prefix: options.prefix } : {}) },
  );
  worker.on('error', (error) => log.error({ err: error }, 'schedule worker error'));
  return worker;
}
