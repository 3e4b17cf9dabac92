// The experts' value grade of patents, for the export's column, matching (a highly graded patent
// ranks higher) and digests: one grade per patent from its submitted expert evaluations. Several
// experts: the median, the worse of the two middle grades when they are even (a patent is not
// rated above what half its experts gave).
import type { Db } from '../db/database.ts';
import { VALUE_GRADES, type ValueGrade } from '../questionnaire/definitions/expert-evaluation.ts';

export type { ValueGrade } from '../questionnaire/definitions/expert-evaluation.ts';

export function medianGrade(grades: readonly ValueGrade[]): ValueGrade | null {
  if (grades.length === 0) return null;
  const sorted = [...grades].sort((a, b) => VALUE_GRADES.indexOf(a) - VALUE_GRADES.indexOf(b));
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Patent id → its experts' grade, for the patents that have one. */
export async function expertGradeOf(db: Db, patentIds: readonly string[]): Promise<Map<string, ValueGrade>> {
  if (patentIds.length === 0) return new Map();
  const rows = await db.expertEvaluationRequest.findMany({
    where: { patentId: { in: [...patentIds] }, status: 'SUBMITTED', valueGrade: { not: null } },
    select: { patentId: true, valueGrade: true },
  });
  const byPatent = new Map<string, ValueGrade[]>();
  for (const row of rows) {
    if (!(VALUE_GRADES as readonly string[]).includes(row.valueGrade!)) continue;
    const list = byPatent.get(row.patentId) ?? [];
    list.push(row.valueGrade as ValueGrade);
    byPatent.set(row.patentId, list);
  }
  return new Map([...byPatent].map(([id, grades]) => [id, medianGrade(grades)!]));
}
