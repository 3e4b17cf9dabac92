// The audit trail read as a feed of "whose overview changed", from a cursor (the last AuditLog id
// seen). Ids are allotted when a row is inserted, so a row written by a transaction still open when
// the feed passes by can appear below the cursor later: that change shows the next time the person
// opens their overview, which is always rendered fresh.
import type { Db } from '../db/database.ts';
import { affectedPeople } from './affected-people.ts';

/** An import audits every changed row: a large one takes a few ticks. */
const BATCH = 5000;

export interface OverviewChanges {
  /** The id to continue after. */
  cursor: bigint;
  /** Distinct people whose overview changed. */
  people: Set<string>;
}

/** Where a feed without a cursor starts: now, not the whole history. */
export async function latestAuditId(db: Db): Promise<bigint> {
  const last = await db.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return last?.id ?? 0n;
}

export async function overviewChangesSince(db: Db, cursor: bigint): Promise<OverviewChanges> {
  const rows = await db.auditLog.findMany({
    where: { id: { gt: cursor } },
    orderBy: { id: 'asc' },
    take: BATCH,
    select: {
      id: true,
      actorId: true,
      action: true,
      subjectType: true,
      subjectId: true,
      institutionId: true,
      details: true,
    },
  });
  if (rows.length === 0) return { cursor, people: new Set() };
  return { cursor: rows.at(-1)!.id, people: await affectedPeople(db, rows) };
}
