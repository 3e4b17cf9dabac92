// One spreadsheet cell as the importer sees it, whatever the file format: CSV gives text, XLSX gives
// numbers, dates, formulas with or without a cached result, and error values (#N/A).

import { formatCalendarDate } from '../time-format.ts';
export type Cell =
  | string
  | number
  | boolean
  | Date
  | null
  /** A formula whose result was never computed (file written by a library, not saved by Excel). */
  | { kind: 'formula'; formula: string }
  | { kind: 'error'; error: string };

export interface SheetRow {
  /** As the coordinator sees it in Excel: 1-based, header rows and blank rows included. */
  rowNumber: number;
  cells: Cell[];
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

/** Plain text of a cell for headers, names and the error file. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date) return isoDate(cell);
  return cell.kind === 'formula' ? `=${cell.formula}` : cell.error;
}

/** Numbers without exponent notation: a 13-digit application number must not become "2.0171e+12". */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  return String(n);
}

/** A spreadsheet date cell is a calendar day (UTC midnight in exceljs), not an instant. */
export const isoDate = formatCalendarDate;
