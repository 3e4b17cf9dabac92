// The patents recommended to an enterprise: its pushed matches first (best score first, with their
// reasons), then the other valid pool patents in its IPC fields or with its keywords. A declined match is
// not put forward again: it is just one of the others. Each says whether the enterprise has submitted
// its evaluation of the patent, so that lists can mark it.
import type { Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { POOL_OFFER } from '../people/authorize.ts';
import { type MatchReason, parseReasons } from './reasons.ts';
import { recommendationFilter } from './recommendation-filter.ts';

export interface Recommendation {
  patent: { id: string; title: string; applicationNumber: string };
  /** Present for pushed matches. */
  reasons?: MatchReason[];
  /** The enterprise has submitted its evaluation of the patent. */
  evaluated: boolean;
}

export interface RecommendationPage {
  total: number;
  items: Recommendation[];
  /** The page shown, after clamping, of `pages`. */
  page: number;
  pages: number;
}

/** Pushed, not declined, and the patent still on offer. */
function matchWhere(enterpriseId: string): Prisma.MatchPushWhereInput {
  return {
    enterpriseId,
    status: { notIn: ['PENDING', 'DECLINED'] },
    patent: POOL_OFFER,
  };
}

export interface RecommendationQuery {
  /** Zero-based; clamped to the pages there are. */
  page: number;
  pageSize: number;
  /** The other patents newest first (the App Home) rather than oldest first (the chat list). */
  newestFirst?: boolean;
}

export async function recommendedPage(
  db: Db,
  enterpriseId: string,
  query: RecommendationQuery,
): Promise<RecommendationPage> {
  const { pageSize } = query;
  const matchedIds = (
    await db.matchPush.findMany({ where: matchWhere(enterpriseId), select: { patentId: true } })
  ).map((m) => m.patentId);
  const rest: Prisma.PatentWhereInput = {
    AND: [await recommendationFilter(db, enterpriseId), { id: { notIn: matchedIds } }],
  };
  const restTotal = await db.patent.count({ where: rest });
  const total = matchedIds.length + restTotal;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(query.page, 0), pages - 1);
  const skip = page * pageSize;
  const items: Omit<Recommendation, 'evaluated'>[] = [];
  if (skip < matchedIds.length) {
    const matches = await db.matchPush.findMany({
      where: matchWhere(enterpriseId),
      orderBy: [{ score: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
      skip,
      take: pageSize,
      select: {
        reasons: true,
        patent: { select: { id: true, title: true, applicationNumber: true } },
      },
    });
    items.push(...matches.map((m) => ({ patent: m.patent, reasons: parseReasons(m.reasons) })));
  }
  const left = pageSize - items.length;
  if (left > 0 && restTotal > 0) {
    const patents = await db.patent.findMany({
      where: rest,
      orderBy: [{ applicationDate: query.newestFirst ? 'desc' : 'asc' }, { applicationNumber: 'asc' }],
      skip: Math.max(0, skip - matchedIds.length),
      take: left,
      select: { id: true, title: true, applicationNumber: true },
    });
    items.push(...patents.map((patent) => ({ patent })));
  }
  const evaluated = new Set(
    (
      await db.enterpriseEvaluation.findMany({
        where: { enterpriseId, status: 'SUBMITTED', patentId: { in: items.map((i) => i.patent.id) } },
        select: { patentId: true },
      })
    ).map((e) => e.patentId),
  );
  return {
    total,
    items: items.map((item) => ({ ...item, evaluated: evaluated.has(item.patent.id) })),
    page,
    pages,
  };
}
