// How enterprises answer a pushed match: SENT → VIEWED (opened), then EVALUATED, DECLINED or INTERESTED.
// Each transition names the states it may come from, so a late or repeated tap never undoes an answer.
import type { MatchStatus } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';

/** Answered matches are not reminded about and their pushes are obsolete. */
export const ANSWERED_STATUSES: readonly MatchStatus[] = ['EVALUATED', 'DECLINED', 'INTERESTED'];
export const WAITING_STATUSES: readonly MatchStatus[] = ['SENT', 'VIEWED'];

export const isAnswered = (status: MatchStatus) => ANSWERED_STATUSES.includes(status);

async function move(
  db: Db,
  enterpriseId: string,
  patentId: string,
  from: readonly MatchStatus[],
  to: MatchStatus,
) {
  const { count } = await db.matchPush.updateMany({
    where: { enterpriseId, patentId, status: { in: [...from] } },
    data: { status: to },
  });
  return count === 1;
}

export const markMatchViewed = (db: Db, enterpriseId: string, patentId: string) =>
  move(db, enterpriseId, patentId, ['SENT'], 'VIEWED');

/** The funnel's "opened": the first time the enterprise opened the pushed patent, kept whatever came after. */
export const markMatchOpened = (db: Db, enterpriseId: string, patentId: string, now: Date) =>
  db.matchPush.updateMany({ where: { enterpriseId, patentId, openedAt: null }, data: { openedAt: now } });

/** Interest is the strongest answer: it stands even after an evaluation or a decline. */
export const markMatchInterested = (db: Db, enterpriseId: string, patentId: string) =>
  move(db, enterpriseId, patentId, ['PENDING', 'SENT', 'VIEWED', 'EVALUATED', 'DECLINED'], 'INTERESTED');

export const markMatchDeclined = (db: Db, enterpriseId: string, patentId: string) =>
  move(db, enterpriseId, patentId, ['PENDING', 'SENT', 'VIEWED'], 'DECLINED');

export function findMatch(db: Db, enterpriseId: string, patentId: string) {
  return db.matchPush.findUnique({ where: { patentId_enterpriseId: { patentId, enterpriseId } } });
}
