// Recurring work on BullMQ job schedulers, in the campaign's time zone: one scheduler per task,
// upserted at start so that every instance agrees and none runs it twice. `SCHEDULES` is the one
// table of them: each entry's name, when it repeats and what it runs (jobs/README.md lists them).
import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { ChannelName, ChannelPort } from '../core/channel/messages.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { forgetAbandonedRegistrations } from '../core/enterprises/abandoned-registrations.ts';
import { enqueueExpertEvaluationReminders } from '../core/expert-evaluation/reminders.ts';
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
import type { SendRateLimiter } from './rate-limiter.ts';

export const SCHEDULER_QUEUE = 'schedules';

/** What a schedule's `run` gets from the worker. */
export interface ScheduleDeps {
  db: Db;
  /** The campaign's time zone: which ISO week a weekly reminder belongs to. */
  timeZone: string;
  log: Logger;
  /** Queues every outbox row due at `now`: what the run just enqueued goes out without waiting. */
  relay(now: Date): Promise<number>;
  /** The channels this process can edit messages on (broadcast progress). */
  ports: Partial<Record<ChannelName, ChannelPort>>;
  /** Broadcast progress text last shown per delivery, in this process. */
  progressShown: Map<string, string>;
  /** The channels' send rates: progress edits wait for their slot like messages. */
  limiter?: SendRateLimiter;
}

export interface Schedule {
  /** A cron pattern in the campaign's time zone, or every so many milliseconds. */
  repeat: { pattern: string } | { every: number };
  /** `now` is read once per run: what a task enqueues and what the relay then finds due agree. */
  run(deps: ScheduleDeps, now: Date): Promise<unknown>;
}

/** Every schedule, by name (its BullMQ job scheduler key): when it runs and what it does. */
export const SCHEDULES = {
  /** Every morning at 10:00 local time, after quiet hours, before the working day fills up. */
  'self-assessment-nudges': {
    repeat: { pattern: '0 10 * * *' },
    async run({ db, log, relay }, now) {
      log.info(await enqueueSelfAssessmentNudges(db, now), 'self-assessment nudges enqueued');
      return relay(now);
    },
  },
  /** Every morning at 09:45: new pool patents matched and pushed to enterprises. */
  'match-pushes': {
    repeat: { pattern: '45 9 * * *' },
    async run({ db, log, relay }, now) {
      log.info(await runMatching(db, { now }), 'matches pushed');
      return relay(now);
    },
  },
  /** Every morning at 10:15: pushed patents still waiting for the enterprise's answer. */
  'evaluation-reminders': {
    repeat: { pattern: '15 10 * * *' },
    async run({ db, log, relay }, now) {
      log.info(await enqueueEvaluationReminders(db, now), 'evaluation reminders enqueued');
      return relay(now);
    },
  },
  /** Every morning at 10:20: experts with open evaluation requests; requesters of overdue ones. */
  'expert-evaluation-reminders': {
    repeat: { pattern: '20 10 * * *' },
    async run({ db, log, relay }, now) {
      log.info(await enqueueExpertEvaluationReminders(db, now), 'expert evaluation reminders enqueued');
      return relay(now);
    },
  },
  /** Every morning at 09:30: institutions behind a milestone, escalating as it nears. */
  'milestone-reminders': {
    repeat: { pattern: '30 9 * * *' },
    async run({ db, log, relay, timeZone }, now) {
      log.info(await enqueueMilestoneReminders(db, now, timeZone), 'milestone reminders enqueued');
      return relay(now);
    },
  },
  /** Mondays at 09:15: coordinators with self-assessments waiting for their screening. */
  'screening-reminders': {
    repeat: { pattern: '15 9 * * 1' },
    async run({ db, log, relay, timeZone }, now) {
      log.info(await enqueueScreeningReminders(db, now, timeZone), 'screening reminders enqueued');
      return relay(now);
    },
  },
  /**
   * Every hour on the hour: the weekly digests of the people whose chosen weekday and hour it is
   * (default Monday 09:00; core/reminders/bureau-digest.ts), once per person, scope and week.
   */
  'bureau-digest': {
    repeat: { pattern: '0 * * * *' },
    async run({ db, log, relay, timeZone }, now) {
      log.info(await enqueueBureauDigests(db, now, timeZone), 'bureau digests enqueued');
      return relay(now);
    },
  },
  /**
   * The outbox relay: queues what was written (a confirmed broadcast goes out within a second),
   * re-drives what crashes left behind. Cheap when nothing changed: rows it queued lately are not
   * offered to Redis again.
   */
  'outbox-relay': {
    repeat: { every: 1000 },
    run: ({ relay }, now) => relay(now),
  },
  /** Roadshow broadcasts: the coordinators' progress messages edited in place until done. */
  'broadcast-progress': {
    repeat: { every: 5000 },
    run: ({ db, ports, log, progressShown, limiter }, now) =>
      refreshBroadcastProgress({
        db,
        ports,
        logger: log,
        lastShown: progressShown,
        now,
        ...(limiter ? { limiter } : {}),
      }),
  },
  /** Nightly at 03:20: claims of chat updates older than any platform's redelivery window. */
  'forget-processed-updates': {
    repeat: { pattern: '20 3 * * *' },
    async run({ db, log }, now) {
      const forgotten = await forgetOldProcessedUpdates(db, now);
      log.info({ forgotten }, 'old update claims forgotten');
      return forgotten;
    },
  },
  /** Nightly at 03:40: enterprise registrations started 30 days ago and never submitted. */
  'forget-abandoned-registrations': {
    repeat: { pattern: '40 3 * * *' },
    async run({ db, log }, now) {
      const forgotten = await forgetAbandonedRegistrations(db, now);
      log.info({ forgotten }, 'abandoned registrations forgotten');
      return forgotten;
    },
  },
} satisfies Record<string, Schedule>;

export type ScheduleName = keyof typeof SCHEDULES;

const scheduleNamed = (name: string): Schedule | undefined =>
  Object.hasOwn(SCHEDULES, name) ? SCHEDULES[name as ScheduleName] : undefined;

export async function upsertSchedules(
  connection: ConnectionOptions,
  timeZone: string,
  prefix?: string,
): Promise<Queue> {
  const queue = new Queue(SCHEDULER_QUEUE, { connection, ...(prefix ? { prefix } : {}) });
  for (const [name, { repeat }] of Object.entries(SCHEDULES)) {
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
  limiter?: SendRateLimiter;
}): Worker {
  const { db, queues, clock } = options;
  const log = options.logger.child({ component: 'schedules' });
  const deps: ScheduleDeps = {
    db,
    timeZone: options.timeZone,
    log,
    relay: (now) => relayDueDeliveries(db, queues, { now }),
    ports: options.ports ?? {},
    progressShown: new Map(),
    ...(options.limiter ? { limiter: options.limiter } : {}),
  };
  const worker = new Worker(
    SCHEDULER_QUEUE,
    async (job) => {
      const now = clock.now();
      const schedule = scheduleNamed(job.name);
      if (!schedule) {
        log.warn({ name: job.name }, 'unknown schedule');
        return null;
      }
      return schedule.run(deps, now);
    },
    { connection: options.connection, concurrency: 1, ...(options.prefix ? { prefix: options.prefix } : {}) },
  );
  worker.on('error', (error) => log.error({ err: error }, 'schedule worker error'));
  return worker;
}
