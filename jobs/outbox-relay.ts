// Moves due outbox rows into the queues, and makes sure every row reaches a final state whatever
// crashed. The database is the source of truth; a pass (every 5 s, on any instance, any number of
// times at once) does three things:
// 1. queues every due PENDING row (its job id is derived from the row: queueing twice queues once),
//    so a row written while Redis was down, or whose job Redis lost, is queued again;
// 2. reconciles the failed jobs: BullMQ fails a job whose workers died holding it twice ("stalled
//    more than allowable limit") without the row knowing; such a row is re-driven under a new job
//    id (`requeues` + 1), at most MAX_REQUEUES times, then dead-lettered. A job failed after its
//    retries is a dead letter (the worker records it too, unless it died first). Handled failed
//    jobs are removed: the row says what happened, and the next pass does not read them again;
// 3. checks the rows claimed (SENDING) for a while: one whose job is gone (Redis lost it), failed or
//    finished without settling it is re-driven, and the new job settles it (reconciled on Slack, a
//    dead letter on Telegram).
import type { Job } from 'bullmq';
import type { ChannelName } from '../core/channel/messages.ts';
import { machineTimeMs } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { deadLetter } from '../core/delivery/dead-letters.ts';
import { DELIVERY_KINDS } from '../core/delivery-kinds.ts';
import { type Channel, Prisma } from '../prisma/generated/client.ts';
import {
  CHANNELS,
  type DeliveryJob,
  type DeliveryQueues,
  deliveryJobId,
  scheduleDeliveries,
} from './delivery-queues.ts';

const HORIZON_MS = 60 * 60 * 1000;
/**
 * A claim older than this is checked against its job: far longer than a send and its recording
 * take, so a job found gone, failed or finished has really left the row behind.
 */
export const STALE_SENDING_MS = 60 * 1000;
/** Re-drives of a row whose jobs keep being lost (its workers die with it) before it is a dead letter. */
export const MAX_REQUEUES = 5;
/** Failed jobs looked at per queue and pass (they are removed once handled). */
const FAILED_PER_PASS = 1000;
/** BullMQ's reason for a job whose workers died holding it more often than `maxStalledCount`. */
const STALLED = /stalled more than allowable limit/;
/** Kinds queued ahead of what waits on their channel (core/delivery/kinds.ts `first`). */
const FIRST_KINDS = new Set(DELIVERY_KINDS.filter((k) => k.first).map((k) => k.kind));

export interface RelayOptions {
  now: Date;
  /** Due rows read per page (the relay reads every due row, page by page). */
  batch?: number;
}

/** Due rows read by a pass's first page. */
const FIRST_PAGE = 200;
/** At most this many due rows are read per pass (a backlog larger than this waits a pass). */
const MAX_DUE_PER_PASS = 50_000;
/** How long a row queued by this process is not offered again (Redis keeps its job meanwhile). */
const QUEUED_MEMORY_MS = 60_000;
/**
 * Job ids this process queued lately, per set of queues, with when: a pass every second over a
 * broadcast of thousands would otherwise offer each of them to Redis again every second. Forgotten
 * when Redis comes back empty (forgetQueued, on reconnect) and after a minute anyway.
 */
const queuedLately = new WeakMap<DeliveryQueues, Map<string, number>>();

/** After Redis lost its jobs: offer every due row again at the next pass. */
export function forgetQueued(queues: DeliveryQueues): void {
  queuedLately.get(queues)?.clear();
}

/** Returns how many rows it found due or re-drove. */
export async function relayDueDeliveries(
  db: Db,
  queues: DeliveryQueues,
  options: RelayOptions,
): Promise<number> {
  const { now } = options;
  const page = options.batch ?? 5000;
  const memory = queuedLately.get(queues) ?? new Map<string, number>();
  queuedLately.set(queues, memory);
  // The machine's clock: how long ago this process gave Redis a job (BullMQ's own time).
  const machineNow = machineTimeMs();
  for (const [id, at] of memory) if (machineNow - at > QUEUED_MEMORY_MS) memory.delete(id);
  let found = 0;
  // The rows that go ahead of the rest (a coordinator's progress message) are queued before the page
  // of rows they came with: a broadcast's invitations can fill many pages. They are looked up after
  // the first page is read, not before: the progress row is committed no later than the invitations,
  // so once a page holds an invitation the lookup finds its progress row too — looked up first, a
  // broadcast committed in between would have its invitations queued ahead of it.
  const queueFirstKinds = async () => {
    if (FIRST_KINDS.size === 0) return;
    const first: DueRow[] = await db.delivery.findMany({
      where: {
        status: 'PENDING',
        kind: { in: [...FIRST_KINDS] },
        notBefore: { lte: new Date(now.getTime() + HORIZON_MS) },
      },
      orderBy: [{ notBefore: 'asc' }, { id: 'asc' }],
      take: page,
      select: { id: true, channel: true, notBefore: true, requeues: true, kind: true },
    });
    const fresh = first.filter((row) => !memory.has(deliveryJobId(row)));
    await scheduleDeliveries(
      queues,
      fresh.map((row) => ({ ...row, first: true })),
      now,
    );
    for (const row of fresh) memory.set(deliveryJobId(row), machineNow);
  };
  let after: { notBefore: Date; id: string } | null = null;
  while (found < MAX_DUE_PER_PASS) {
    // A small first page: a new broadcast's first jobs are queued (and sent) while the rest is read.
    const take = after ? page : Math.min(page, FIRST_PAGE);
    const due = await duePage(db, new Date(now.getTime() + HORIZON_MS), after, take);
    if (!after) await queueFirstKinds();
    found += due.length;
    const fresh = due.filter((row) => !memory.has(deliveryJobId(row)));
    await scheduleDeliveries(
      queues,
      fresh.map((row) => ({ ...row, first: FIRST_KINDS.has(row.kind) })),
      now,
    );
    for (const row of fresh) memory.set(deliveryJobId(row), machineNow);
    if (due.length < take) break;
    const last = due.at(-1)!;
    after = { notBefore: last.notBefore, id: last.id };
  }
  const failed = await reconcileFailedJobs(db, queues, now);
  const stale = await recheckClaims(db, queues, now, page);
  return found + failed + stale;
}

type DueRow = { id: string; channel: Channel; notBefore: Date; requeues: number; kind: string };

/**
 * A page of due PENDING rows after `after`, in (notBefore, id) order. In SQL: during a broadcast every
 * pass reads thousands of rows, and Prisma's findMany spent more CPU mapping them than the worker
 * spent sending (measured with the broadcast benchmark's profile).
 */
function duePage(
  db: Db,
  horizon: Date,
  after: { notBefore: Date; id: string } | null,
  take: number,
): Promise<DueRow[]> {
  // timestamp(3) columns hold UTC: instants go in as their UTC text.
  const following = after
    ? Prisma.sql`AND ("notBefore", "id") > (${after.notBefore.toISOString()}::timestamp(3), ${after.id}::uuid)`
    : Prisma.empty;
  return db.$queryRaw<DueRow[]>`
    SELECT "id", "channel"::text AS "channel", "notBefore", "requeues", "kind" FROM "Delivery"
    WHERE "status" = 'PENDING' AND "notBefore" <= ${horizon.toISOString()}::timestamp(3) ${following}
    ORDER BY "notBefore", "id"
    LIMIT ${take}`;
}

interface RowState {
  id: string;
  channel: Channel;
  status: string;
  notBefore: Date;
  requeues: number;
  updatedAt: Date;
}

const ROW = {
  id: true,
  channel: true,
  status: true,
  notBefore: true,
  requeues: true,
  updatedAt: true,
} as const;

/** Queues the row under a new job id; a dead letter once it was re-driven MAX_REQUEUES times. */
async function redrive(
  db: Db,
  queues: DeliveryQueues,
  row: RowState,
  why: string,
  now: Date,
): Promise<boolean> {
  if (row.requeues >= MAX_REQUEUES) {
    await deadLetter(db, row.id, `gave up after its job was lost ${row.requeues + 1} times (${why})`);
    return false;
  }
  // Conditional on what was read: of two relays at once, one re-drives.
  const { count } = await db.delivery.updateMany({
    where: { id: row.id, status: row.status as 'PENDING' | 'SENDING', requeues: row.requeues },
    // updatedAt stays the claim's time (Slack reconciliation looks for the message since then);
    // left to Prisma it would become the machine's time.
    data: { requeues: row.requeues + 1, updatedAt: row.updatedAt },
  });
  if (count === 0) return false;
  await scheduleDeliveries(
    queues,
    [{ id: row.id, channel: row.channel, notBefore: row.notBefore, requeues: row.requeues + 1 }],
    now,
  );
  return true;
}

async function reconcileFailedJobs(db: Db, queues: DeliveryQueues, now: Date): Promise<number> {
  let redriven = 0;
  for (const channel of CHANNELS) {
    const jobs = (await queues[channel].getFailed(0, FAILED_PER_PASS - 1)) as Job<DeliveryJob>[];
    if (jobs.length === 0) continue;
    const rows = await db.delivery.findMany({
      where: { id: { in: [...new Set(jobs.map((j) => j.data.deliveryId))] } },
      select: ROW,
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const job of jobs) {
      const row = byId.get(job.data.deliveryId);
      const open = row && (row.status === 'PENDING' || row.status === 'SENDING');
      // Only the row's current job speaks for it: an older one (an earlier due time, an earlier
      // re-drive) has been superseded.
      if (open && job.id === deliveryJobId(row)) {
        const reason = job.failedReason || 'job failed';
        if (STALLED.test(reason)) {
          if (await redrive(db, queues, row, reason, now)) redriven += 1;
        } else {
          // Its retries are spent: what the worker records on the final failure, had it lived.
          await deadLetter(db, row.id, reason);
        }
      }
      await job.remove().catch(() => undefined);
    }
  }
  return redriven;
}

async function recheckClaims(db: Db, queues: DeliveryQueues, now: Date, batch: number): Promise<number> {
  const claimed = await db.delivery.findMany({
    // A claim stamps updatedAt with the program's clock (send-delivery.ts), as `now` is.
    where: { status: 'SENDING', updatedAt: { lt: new Date(now.getTime() - STALE_SENDING_MS) } },
    take: batch,
    select: ROW,
  });
  let redriven = 0;
  for (const row of claimed) {
    const state = await queues[row.channel as ChannelName].getJobState(deliveryJobId(row));
    // waiting, delayed, active: a worker has it or will (a stalled one is taken over by BullMQ).
    if (state !== 'unknown' && state !== 'failed' && state !== 'completed') continue;
    if (await redrive(db, queues, row, `claimed, its job ${state === 'unknown' ? 'gone' : state}`, now))
      redriven += 1;
  }
  return redriven;
}
