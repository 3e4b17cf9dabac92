// "Since last week": the headline figures a digest showed are kept per scope and week
// (DigestSnapshot); the next week's digest states the change against the previous week's.
import type { Db } from '../db/database.ts';
import type { DigestFigures } from './figures.ts';

export interface SnapshotFigures {
  total: number;
  inventoried: number;
  percent: number;
  pooled: number;
  evaluations: number;
  introductions: number;
  deals: number;
}

export const snapshotOf = (f: DigestFigures): SnapshotFigures => ({
  total: f.totals.total,
  inventoried: f.totals.inventoried,
  percent: f.totals.percent,
  pooled: f.totals.pooled,
  evaluations: f.totals.evaluations,
  introductions: f.totals.introductions,
  deals: f.totals.deals,
});

/** The local date of the Monday of `today`'s ISO week (YYYY-MM-DD in, YYYY-MM-DD out). */
export function weekStartOf(today: string, weeksBack = 0): string {
  const day = new Date(`${today}T00:00:00Z`);
  const isoWeekday = ((day.getUTCDay() + 6) % 7) + 1;
  day.setUTCDate(day.getUTCDate() - (isoWeekday - 1) - 7 * weeksBack);
  return day.toISOString().slice(0, 10);
}

/** Stores this week's figures (the latest of the week wins) and returns the previous week's. */
export async function recordSnapshot(
  db: Db,
  scope: string,
  figures: DigestFigures,
): Promise<SnapshotFigures | null> {
  const weekStart = weekStartOf(figures.today);
  const current = snapshotOf(figures);
  const [previous] = await Promise.all([
    db.digestSnapshot.findUnique({
      where: { scope_weekStart: { scope, weekStart: weekStartOf(figures.today, 1) } },
    }),
    db.digestSnapshot.upsert({
      where: { scope_weekStart: { scope, weekStart } },
      create: { scope, weekStart, figures: { ...current } },
      update: { figures: { ...current } },
    }),
  ]);
  return previous ? (previous.figures as unknown as SnapshotFigures) : null;
}
