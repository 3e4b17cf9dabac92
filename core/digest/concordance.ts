// Rows of CNIPA's concordance between strategic emerging industries and the IPC (战略性新兴产业分类与
// 国际专利分类参照关系表（2021）（试行）, 国知办函规字〔2021〕121号) that could be checked against a
// published excerpt of the table: only these are shipped, as data, so that a bureau never reads a
// figure "by industry" built on a guess. docs/digest.md says which industries they cover; more rows
// are added here as they are verified against the table itself.
//
// A patent counts under an industry when its main IPC (the first of Patent.ipcCodes, normalised as
// "G06N 3/04") is one of the symbols listed, or, for rows written with "*" in the table (G06F40*),
// starts with the symbol's main group.

export interface ConcordanceRow {
  /** Normalised IPC symbol ("G06N 3/04") or, for `prefix` rows, the main group ("G06F 40/"). */
  readonly ipc: string;
  readonly match: 'exact' | 'prefix';
  /** core/enterprises/industries.ts code. */
  readonly industry: string;
  /** The table's own category number, e.g. "1.6" (人工智能). */
  readonly category: string;
}

const ai = (ipc: string, match: 'exact' | 'prefix' = 'exact'): ConcordanceRow => ({
  ipc,
  match,
  industry: 'next_generation_it',
  category: '1.6',
});

/** 1.6 人工智能 (new-generation IT), as published in the table's excerpt. */
export const CONCORDANCE: readonly ConcordanceRow[] = [
  ai('G06F 40/', 'prefix'),
  ai('A61B 5/0476'),
  ai('A61B 5/0478'),
  ai('G05B 15/02'),
  ai('G06K 9/66'),
  ai('G07C 9/00'),
  ai('G08B 19/00'),
  ai('G08B 25/10'),
  ai('G06F 9/44'),
  ai('G06F 9/455'),
  ai('G06N 3/00'),
  ai('G06N 3/04'),
  ai('G06N 3/06'),
  ai('G06N 3/063'),
  ai('G06N 3/067'),
  ai('G06N 3/10'),
  ai('G06N 3/12'),
  ai('G06N 5/00'),
  ai('G06N 5/02'),
  ai('G06N 5/04'),
];

/** LIKE patterns and their industries, as the figures query takes them (unnest of two arrays). */
export function concordancePatterns(rows: readonly ConcordanceRow[] = CONCORDANCE): {
  patterns: string[];
  industries: string[];
} {
  return {
    patterns: rows.map((r) => (r.match === 'prefix' ? `${r.ipc.replace(/[%_\\]/g, '\\$&')}%` : r.ipc)),
    industries: rows.map((r) => r.industry),
  };
}
