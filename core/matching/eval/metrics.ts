// Ranking quality measures for the labelled evaluation set (scripts/eval-matching.ts).
export const precisionAt = (ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number =>
  ranked.slice(0, k).filter((id) => relevant.has(id)).length / k;

export const recallAt = (ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number =>
  relevant.size === 0 ? 1 : ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;

export interface Quality {
  p5: number;
  p10: number;
  r20: number;
  n: number;
}

export function quality(
  runs: readonly { ranked: readonly string[]; relevant: readonly string[] }[],
): Quality {
  const sum = { p5: 0, p10: 0, r20: 0 };
  for (const r of runs) {
    const rel = new Set(r.relevant);
    sum.p5 += precisionAt(r.ranked, rel, 5);
    sum.p10 += precisionAt(r.ranked, rel, 10);
    sum.r20 += recallAt(r.ranked, rel, 20);
  }
  const n = Math.max(1, runs.length);
  return { p5: sum.p5 / n, p10: sum.p10 / n, r20: sum.r20 / n, n: runs.length };
}
