// A matching run: load the pool once and index it in memory, then for every verified enterprise someone
// can be reached at, rank the pool (rank.ts) and record its best new matches as MatchPush rows, all in
// bulk; then push every row still PENDING to the enterprise's staff through the outbox.
//
// Idempotent and crash-safe: a pair is recorded once (unique patent+enterprise, skipDuplicates);
// deliveries are keyed "match:<matchId>:person:<personId>"; a row becomes SENT only after its
// deliveries are in the outbox, so a run that died in between is finished by the next one.
import { randomUUID } from 'node:crypto';
import { machineTimeMs } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { enqueueDeliveries, type NewDelivery } from '../delivery/outbox.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { DECLINE_REASONS, type DeclineReason } from './decline-reasons.ts';
import type { Scored } from './explain.ts';
import { buildPoolIndex, type PoolIndex } from './index/pool-index.ts';
import { buildIndexOnThreads, defaultThreads, SearchThreads } from './index/search-threads.ts';
import { matchPush } from './messages.ts';
import { countPool, loadPool } from './pool.ts';
import { buildQuery, type Feedback } from './query.ts';
import { type CutOff, cutOff, DEFAULT_CUT_OFF, pick } from './rank.ts';
import type { SemanticScorer } from './semantic.ts';

export interface MatchingOptions {
  /** No match under this score is pushed, however good it is relative to the enterprise's best. */
  threshold?: number;
  /** Only matches within this share of the enterprise's best score are pushed (0–1). */
  relativeFloor?: number;
  /** At most this many new pushes per enterprise per run: nobody gets flooded. */
  capPerEnterprise?: number;
  /** Optional semantic evidence (semantic.ts); none by default. */
  semantic?: SemanticScorer;
  /**
   * Threads to build the index and rank on (search-threads.ts). By default one per core once the work
   * is large enough to repay starting them (pool × enterprises ≥ THREADED_WORK), else this thread; a
   * semantic scorer keeps the work on this thread (its model is not shared).
   */
  threads?: number;
  now: Date;
}

export const DEFAULT_THRESHOLD = DEFAULT_CUT_OFF.minScore;
/** Pool patents × enterprises from which threads repay their start (≈ a second of work on one). */
export const THREADED_WORK = 5_000_000;
export const DEFAULT_CAP_PER_ENTERPRISE = DEFAULT_CUT_OFF.cap;

export interface MatchingRun {
  enterprises: number;
  /** New MatchPush rows. */
  matched: number;
  /** Rows handed to the outbox and marked SENT by this run. */
  pushed: number;
  deliveries: number;
}

export const matchDeliveryKey = (matchId: string, personId: string) => `match:${matchId}:person:${personId}`;

type Staff = { personId: string; channel: NonNullable<ReturnType<typeof preferredChannel>> };

/** Reachable staff of every verified enterprise, in one query. */
async function reachableStaff(db: Db, enterpriseIds: string[]): Promise<Map<string, Staff[]>> {
  const rows = await db.roleAssignment.findMany({
    where: { role: 'ENTERPRISE_STAFF', enterpriseId: { in: enterpriseIds } },
    select: {
      enterpriseId: true,
      person: { select: { id: true, identities: { select: { channel: true } } } },
    },
  });
  const out = new Map<string, Staff[]>();
  for (const { enterpriseId, person } of rows) {
    const channel = preferredChannel(person.identities);
    if (!channel || !enterpriseId) continue;
    const list = out.get(enterpriseId) ?? [];
    if (!list.some((s) => s.personId === person.id)) list.push({ personId: person.id, channel });
    out.set(enterpriseId, list);
  }
  return out;
}

/** Earlier pushes per enterprise: never pushed again, and their answers are feedback. */
async function earlierPushes(db: Db, enterpriseIds: string[]) {
  const pushes = await db.matchPush.findMany({
    where: { enterpriseId: { in: enterpriseIds } },
    select: {
      enterpriseId: true,
      patentId: true,
      status: true,
      patent: { select: { title: true, ipcCodes: true } },
    },
  });
  const declines = await db.auditLog.findMany({
    where: {
      action: 'match.declined',
      subjectId: { in: pushes.filter((p) => p.status === 'DECLINED').map((p) => p.patentId) },
    },
    select: { subjectId: true, details: true },
    orderBy: { createdAt: 'asc' },
  });
  const reasonOf = new Map<string, DeclineReason>();
  for (const d of declines) {
    const details = (d.details ?? {}) as { enterpriseId?: string; reason?: string };
    if (d.subjectId && DECLINE_REASONS.includes(details.reason as DeclineReason)) {
      reasonOf.set(`${details.enterpriseId}:${d.subjectId}`, details.reason as DeclineReason);
    }
  }
  const byEnterprise = new Map<string, { patentIds: Set<string>; feedback: Feedback[] }>();
  for (const p of pushes) {
    const entry = byEnterprise.get(p.enterpriseId) ?? { patentIds: new Set(), feedback: [] };
    entry.patentIds.add(p.patentId);
    if (p.status === 'INTERESTED' || p.status === 'DECLINED') {
      entry.feedback.push({
        title: p.patent.title,
        ipcCodes: p.patent.ipcCodes,
        answer: p.status === 'INTERESTED' ? 'interested' : 'declined',
        reason: reasonOf.get(`${p.enterpriseId}:${p.patentId}`) ?? null,
      });
    }
    byEnterprise.set(p.enterpriseId, entry);
  }
  return byEnterprise;
}

export async function runMatching(db: Db, options: MatchingOptions): Promise<MatchingRun> {
  const cut: CutOff = {
    ...DEFAULT_CUT_OFF,
    ...(options.threshold !== undefined ? { minScore: options.threshold } : {}),
    ...(options.relativeFloor !== undefined ? { relativeFloor: options.relativeFloor } : {}),
    ...(options.capPerEnterprise !== undefined ? { cap: options.capPerEnterprise } : {}),
  };
  const { now } = options;
  // Only enterprises a bureau verified receive pushes (core/enterprises): pending or rejected ones
  // are neither scored nor pushed, so their pairs are still new once they are verified.
  const enterprises = await db.enterprise.findMany({
    where: { status: 'VERIFIED' },
    select: { id: true, region: true, ipcInterests: true, keywords: true, needs: true },
    orderBy: { id: 'asc' },
  });
  const staff = await reachableStaff(
    db,
    enterprises.map((e) => e.id),
  );
  // Nobody to tell: record nothing, so the pairs are still new once someone joins.
  const reachable = enterprises.filter((e) => (staff.get(e.id)?.length ?? 0) > 0);
  const run: MatchingRun = { enterprises: reachable.length, matched: 0, pushed: 0, deliveries: 0 };
  if (reachable.length === 0) return run;
  const ids = reachable.map((e) => e.id);
  const poolSize = await countPool(db);
  if (poolSize > 0) {
    const threads = options.semantic
      ? 1
      : (options.threads ?? (poolSize * reachable.length >= THREADED_WORK ? defaultThreads() : 1));
    // The pool is handed to the index and not kept: a province's texts live on in the index only.
    const index =
      threads > 1
        ? await buildIndexOnThreads(await loadPool(db), threads)
        : buildPoolIndex(await loadPool(db));
    const search = threads > 1 ? await SearchThreads.open(index, threads) : null;
    try {
      run.matched = await recordMatches(
        db,
        index,
        search,
        reachable,
        await earlierPushes(db, ids),
        cut,
        options.semantic,
      );
    } finally {
      await search?.close();
    }
  }
  const pushed = await pushPending(db, staff, ids, now);
  run.pushed = pushed.pushed;
  run.deliveries = pushed.deliveries;
  return run;
}

async function recordMatches(
  db: Db,
  index: PoolIndex,
  search: SearchThreads | null,
  enterprises: {
    id: string;
    region: string;
    ipcInterests: string[];
    keywords: string[];
    needs: string | null;
  }[],
  earlier: Awaited<ReturnType<typeof earlierPushes>>,
  cut: CutOff,
  semantic: SemanticScorer | undefined,
): Promise<number> {
  const docOf = new Map(index.ids.map((id, d) => [id, d]));
  const tasks = enterprises.map((enterprise) => {
    const past = earlier.get(enterprise.id);
    const excluded = new Set<number>();
    for (const id of past?.patentIds ?? []) {
      const d = docOf.get(id);
      if (d !== undefined) excluded.add(d);
    }
    const profileText = [...enterprise.keywords, enterprise.needs ?? ''].join('\n');
    const query = buildQuery(
      index,
      { ...enterprise, feedback: past?.feedback ?? [] },
      semantic?.forProfile(profileText),
    );
    return { enterprise, excluded, query };
  });
  // Pairs already pushed still take part in the ranking (they set the enterprise's best score), so
  // each enterprise's top k is widened by them (rank.ts).
  const picks: Scored[][] = new Array(tasks.length);
  if (search) {
    await search.rank(
      tasks.length,
      (i) => ({ query: tasks[i]!.query, k: cut.k + tasks[i]!.excluded.size }),
      (i, hits) => {
        picks[i] = cutOff(hits, tasks[i]!.excluded, cut);
      },
    );
  } else
    tasks.forEach((t, i) => {
      picks[i] = pick(index, t.query, t.excluded, cut);
    });
  const rows: NewMatchRow[] = [];
  picks.forEach((hits, i) => {
    for (const hit of hits) {
      rows.push({
        id: randomUUID(),
        patentId: index.ids[hit.doc]!,
        enterpriseId: tasks[i]!.enterprise.id,
        score: hit.score,
        reasons: JSON.stringify(hit.reasons),
      });
    }
  });
  return insertMatches(db, rows);
}

async function pushPending(
  db: Db,
  staff: Map<string, Staff[]>,
  enterpriseIds: string[],
  now: Date,
): Promise<{ pushed: number; deliveries: number }> {
  const pending = await db.matchPush.findMany({
    where: { enterpriseId: { in: enterpriseIds }, status: 'PENDING' },
    select: {
      id: true,
      patentId: true,
      enterpriseId: true,
      score: true,
      patent: { select: { institutionId: true } },
    },
    orderBy: [{ enterpriseId: 'asc' }, { score: 'desc' }],
  });
  if (pending.length === 0) return { pushed: 0, deliveries: 0 };
  const deliveries: NewDelivery[] = pending.flatMap((match) =>
    (staff.get(match.enterpriseId) ?? []).map((person) =>
      matchPush.delivery({
        idempotencyKey: matchDeliveryKey(match.id, person.personId),
        personId: person.personId,
        channel: person.channel,
        payload: { matchId: match.id },
        notBefore: now,
      }),
    ),
  );
  const created = await enqueueDeliveries(db, deliveries);
  const sent = await db.$queryRaw<{ id: string }[]>`
    UPDATE "MatchPush" SET status = 'SENT', "pushedAt" = ${now.toISOString()}::timestamp(3),
      "updatedAt" = ${new Date(machineTimeMs()).toISOString()}::timestamp(3)
    WHERE id = ANY(${pending.map((m) => m.id)}::uuid[]) AND status = 'PENDING'
    RETURNING id::text AS id`;
  const moved = new Set(sent.map((s) => s.id));
  const audited = pending.filter((m) => moved.has(m.id));
  if (audited.length > 0) {
    await db.auditLog.createMany({
      data: audited.map((match) => ({
        actorId: null,
        action: 'match.pushed',
        subjectType: 'Patent',
        subjectId: match.patentId,
        institutionId: match.patent.institutionId,
        details: {
          matchId: match.id,
          enterpriseId: match.enterpriseId,
          score: match.score,
          recipients: (staff.get(match.enterpriseId) ?? []).map((s) => s.personId),
        },
      })),
    });
  }
  return { pushed: audited.length, deliveries: created };
}

export interface NewMatchRow {
  id: string;
  patentId: string;
  enterpriseId: string;
  score: number;
  /** The reasons as JSON text. */
  reasons: string;
}

/**
 * New MatchPush rows in bulk: one INSERT per few thousand rows, each column an array (as the outbox does
 * for deliveries); pairs already recorded are skipped. Returns how many were new.
 */
export async function insertMatches(db: Db, rows: readonly NewMatchRow[]): Promise<number> {
  let created = 0;
  // What Prisma's @updatedAt would write: the machine's time (it decides nothing).
  const written = new Date(machineTimeMs()).toISOString();
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    created += await db.$executeRaw`
      INSERT INTO "MatchPush" ("id", "patentId", "enterpriseId", "score", "reasons", "updatedAt")
      SELECT v.id, v.patent, v.enterprise, v.score, v.reasons, ${written}::timestamp(3)
      FROM unnest(${chunk.map((r) => r.id)}::uuid[], ${chunk.map((r) => r.patentId)}::uuid[],
        ${chunk.map((r) => r.enterpriseId)}::uuid[], ${chunk.map((r) => r.score)}::float8[],
        ${chunk.map((r) => r.reasons)}::jsonb[]) AS v(id, patent, enterprise, score, reasons)
      ON CONFLICT ("patentId", "enterpriseId") DO NOTHING`;
  }
  return created;
}
