// A matching run: for every enterprise someone can be reached at, score the pool patents not yet
// pushed to it, keep the best few above the threshold, record them as MatchPush rows, then push every
// row still PENDING to the enterprise's staff through the outbox.
//
// Idempotent and crash-safe: a pair is recorded once (unique patent+enterprise, skipDuplicates);
// deliveries are keyed "match:<matchId>:person:<personId>"; a row becomes SENT only after its
// deliveries are in the outbox, so a run that died in between is finished by the next one.
import type { Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { candidatePatents } from './candidates.ts';
import { matchPush } from './messages.ts';
import { scoreMatch } from './score.ts';

export interface MatchingOptions {
  /** Below this score a pair is not pushed (see docs/matching.md for what scores mean). */
  threshold?: number;
  /** At most this many new pushes per enterprise per run: nobody gets flooded. */
  capPerEnterprise?: number;
  now: Date;
}

export const DEFAULT_THRESHOLD = 30;
export const DEFAULT_CAP_PER_ENTERPRISE = 5;

export interface MatchingRun {
  enterprises: number;
  /** New MatchPush rows. */
  matched: number;
  /** Rows handed to the outbox and marked SENT by this run. */
  pushed: number;
  deliveries: number;
}

export const matchDeliveryKey = (matchId: string, personId: string) => `match:${matchId}:person:${personId}`;

async function reachableStaff(db: Db, enterpriseId: string) {
  const staff = await db.roleAssignment.findMany({
    where: { role: 'ENTERPRISE_STAFF', enterpriseId },
    select: { person: { select: { id: true, identities: { select: { channel: true } } } } },
  });
  const seen = new Set<string>();
  return staff.flatMap(({ person }) => {
    const channel = preferredChannel(person.identities);
    if (!channel || seen.has(person.id)) return [];
    seen.add(person.id);
    return [{ personId: person.id, channel }];
  });
}

export async function runMatching(db: Db, options: MatchingOptions): Promise<MatchingRun> {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const cap = options.capPerEnterprise ?? DEFAULT_CAP_PER_ENTERPRISE;
  const { now } = options;
  const run: MatchingRun = { enterprises: 0, matched: 0, pushed: 0, deliveries: 0 };
  // Only enterprises a bureau verified receive pushes (core/enterprises): pending or rejected ones
  // are neither scored nor pushed, so their pairs are still new once they are verified.
  const enterprises = await db.enterprise.findMany({
    where: { status: 'VERIFIED' },
    select: { id: true, region: true, ipcInterests: true, keywords: true },
    orderBy: { id: 'asc' },
  });
  for (const enterprise of enterprises) {
    const staff = await reachableStaff(db, enterprise.id);
    // Nobody to tell: record nothing, so the pairs are still new once someone joins.
    if (staff.length === 0) continue;
    run.enterprises += 1;
    run.matched += await recordMatches(db, enterprise, threshold, cap);
    const pushed = await pushPending(db, enterprise.id, staff, now);
    run.pushed += pushed.pushed;
    run.deliveries += pushed.deliveries;
  }
  return run;
}

async function recordMatches(
  db: Db,
  enterprise: { id: string; region: string; ipcInterests: string[]; keywords: string[] },
  threshold: number,
  cap: number,
): Promise<number> {
  const patents = await candidatePatents(db, enterprise.id, enterprise, threshold);
  const best = patents
    .map((patent) => ({ patent, ...scoreMatch(patent, enterprise) }))
    .filter((m) => m.score >= threshold)
    .sort((a, b) => b.score - a.score || a.patent.applicationNumber.localeCompare(b.patent.applicationNumber))
    .slice(0, cap);
  if (best.length === 0) return 0;
  const { count } = await db.matchPush.createMany({
    data: best.map((m) => ({
      patentId: m.patent.id,
      enterpriseId: enterprise.id,
      score: m.score,
      reasons: m.reasons as unknown as Prisma.InputJsonValue,
    })),
    skipDuplicates: true,
  });
  return count;
}

async function pushPending(
  db: Db,
  enterpriseId: string,
  staff: { personId: string; channel: NonNullable<ReturnType<typeof preferredChannel>> }[],
  now: Date,
): Promise<{ pushed: number; deliveries: number }> {
  const pending = await db.matchPush.findMany({
    where: { enterpriseId, status: 'PENDING' },
    select: { id: true, patentId: true, score: true, patent: { select: { institutionId: true } } },
    orderBy: { score: 'desc' },
  });
  let pushed = 0;
  let deliveries = 0;
  for (const match of pending) {
    for (const person of staff) {
      const { outcome } = await enqueueDelivery(
        db,
        matchPush.delivery({
          idempotencyKey: matchDeliveryKey(match.id, person.personId),
          personId: person.personId,
          channel: person.channel,
          payload: { matchId: match.id },
          notBefore: now,
        }),
      );
      if (outcome === 'CREATED') deliveries += 1;
    }
    const { count } = await db.matchPush.updateMany({
      where: { id: match.id, status: 'PENDING' },
      data: { status: 'SENT', pushedAt: now },
    });
    if (count === 0) continue;
    pushed += 1;
    await audit(db, {
      actorId: null,
      action: 'match.pushed',
      subjectType: 'Patent',
      subjectId: match.patentId,
      institutionId: match.patent.institutionId,
      details: {
        matchId: match.id,
        enterpriseId,
        score: match.score,
        recipients: staff.map((s) => s.personId),
      },
    });
  }
  return { pushed, deliveries };
}
