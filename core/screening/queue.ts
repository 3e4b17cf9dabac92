// What waits for a coordinator: counts per level (always shown) and the queue of one level, oldest
// submission first.
import type { ScreeningLevel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import type { Actor } from '../people/actor.ts';
import { levelScope } from './scope.ts';

export const LEVELS: readonly ScreeningLevel[] = ['COLLEGE', 'UNIVERSITY'];

export type LevelCounts = Record<ScreeningLevel, number>;

export async function screeningCounts(db: Db, actor: Actor): Promise<LevelCounts> {
  const counts = {} as LevelCounts;
  for (const level of LEVELS)
    counts[level] = await db.patent.count({ where: await levelScope(db, actor, level) });
  return counts;
}

export interface QueueItem {
  patentId: string;
  applicationNumber: string;
  title: string;
  type: 'INVENTION' | 'UTILITY_MODEL' | 'DESIGN';
  inventorName: string | null;
  collegeName: string | null;
  submittedAt: Date | null;
}

export async function screeningQueue(
  db: Db,
  actor: Actor,
  level: ScreeningLevel,
  page = 0,
  pageSize = 8,
): Promise<{ total: number; items: QueueItem[] }> {
  const where = await levelScope(db, actor, level);
  const total = await db.patent.count({ where });
  const patents = await db.patent.findMany({
    where,
    include: {
      responsibleInventor: { select: { name: true } },
      college: { select: { nameZh: true } },
      selfAssessments: { select: { submittedAt: true } },
    },
    orderBy: [{ updatedAt: 'asc' }, { applicationNumber: 'asc' }],
    skip: page * pageSize,
    take: pageSize,
  });
  return {
    total,
    items: patents.map((p) => ({
      patentId: p.id,
      applicationNumber: p.applicationNumber,
      title: p.title,
      type: p.type,
      inventorName: p.responsibleInventor?.name ?? null,
      collegeName: p.college?.nameZh ?? null,
      submittedAt: p.selfAssessments[0]?.submittedAt ?? null,
    })),
  };
}
