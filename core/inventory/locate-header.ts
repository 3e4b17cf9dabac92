// Finds the header row. Real lists often start with a title row merged across the sheet
// ("东海理工大学存量专利清单"), or use two header rows where a merged group label sits above its
// sub-headers and single headers are merged vertically (the value is in the upper cell only).
import { type Cell, cellText } from './cells.ts';
import { type Field, type HeaderMapping, mapHeaders } from './headers.ts';

/** How many leading rows may precede or form the header. */
export const HEADER_SCAN_ROWS = 10;

export interface LocatedHeader<F extends string = Field> {
  /** Index into the scanned rows of the last header row: data starts after it. */
  lastIndex: number;
  texts: string[];
  mapping: HeaderMapping<F>;
}

/** `map` matches one candidate header row: the patent list's headers unless told otherwise. */
export function locateHeader<F extends string = Field>(
  rows: readonly Cell[][],
  map: (cells: readonly string[]) => HeaderMapping<F> = mapHeaders as unknown as (
    cells: readonly string[],
  ) => HeaderMapping<F>,
): LocatedHeader<F> | { best: HeaderMapping<F> | null } {
  let best: LocatedHeader<F> | null = null;
  const consider = (lastIndex: number, texts: string[]) => {
    const mapping = map(texts);
    const score = (m: HeaderMapping<F>) =>
      (m.missing.length === 0 ? 1000 : 0) - m.missing.length * 10 + m.columns.size;
    if (!best || score(mapping) > score(best.mapping)) best = { lastIndex, texts, mapping };
  };
  for (let i = 0; i < rows.length; i++) {
    const upper = rows[i]!.map(cellText);
    consider(i, upper);
    const next = rows[i + 1];
    if (next) {
      const lower = next.map(cellText);
      const width = Math.max(upper.length, lower.length);
      const combined = Array.from({ length: width }, (_, c) => lower[c] || upper[c] || '');
      consider(i + 1, combined);
    }
  }
  const found = best as LocatedHeader<F> | null;
  if (found && found.mapping.missing.length === 0) return found;
  return { best: found?.mapping ?? null };
}
