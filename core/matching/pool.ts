// The matching pool read from the database in one query per run: valid patents of the transformation
// pool with their holder's province and their experts' value grade (core/expert-evaluation). The
// inventor's self-assessed grade is not used: it is unpublished assessment data, and a pushed reason
// would show it to enterprises; a commissioned expert's grade is the independent one.
import type { Db } from '../db/database.ts';
import { expertGradeOf } from '../expert-evaluation/grades.ts';
import type { PoolPatent } from './index/pool-index.ts';
import type { ValueGrade } from './weights.ts';

interface Row {
  id: string;
  order: string;
  title: string;
  abstract: string | null;
  ipcCodes: string[];
  province: string;
}

/** The experts' A–E in the matching's four value levels. */
const FROM_EXPERT: Record<string, ValueGrade> = {
  A: 'good',
  B: 'fairlyGood',
  C: 'average',
  D: 'poor',
  E: 'poor',
};

/** How many patents the pool holds (whether a run is worth threads, before reading their texts). */
export async function countPool(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Patent" p WHERE p."inventoryStatus" = 'IN_POOL' AND p."legalStatus" = 'VALID'`;
  return row?.n ?? 0;
}

export async function loadPool(db: Db): Promise<PoolPatent[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT p.id::text AS id, p."applicationNumber" AS "order", p.title, p.abstract, p."ipcCodes",
      i.province
    FROM "Patent" p JOIN "Institution" i ON i.id = p."institutionId"
    WHERE p."inventoryStatus" = 'IN_POOL' AND p."legalStatus" = 'VALID'
    ORDER BY p."applicationNumber"`;
  const grades = await expertGradeOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((p) => {
    const grade = grades.get(p.id);
    return { ...p, selfGrade: null, expertGrade: grade ? FROM_EXPERT[grade]! : null };
  });
}
