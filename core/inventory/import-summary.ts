// What an import reports when it ends: counts, the first reported errors, changes and ambiguous
// names. Its own module because both the import (import.ts) and its durable record (import-run.ts)
// need it.
import type { Msg } from '../i18n.ts';
import type { FileFormat } from './sniff.ts';
import type { AmbiguousName, MissingInventors, RowChange } from './store.ts';

/** Rows kept in the report (the error file has all of them). */
export const REPORT_LIMIT = 1000;

export interface ReportedError {
  /** As people see it: the 原行号 of a re-uploaded error file, else the row in the file. */
  row: number;
  column: string | null;
  reason: Msg;
}

export interface ImportSummary {
  importRunId: string;
  format: FileFormat | null;
  status: 'COMPLETED' | 'FAILED';
  /** Data rows read (blank rows excluded). */
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: ReportedError[];
  /** Secondary fields not taken from imported rows (publication number, grant date …). */
  warnings: ReportedError[];
  /** Imported rows with at least one warning. */
  warned: number;
  changes: RowChange[];
  ambiguous: AmbiguousName[];
  unassigned: number;
  /** Patents without a responsible inventor whose inventors are not in the staff directory. */
  missingInventors: MissingInventors[];
  /** Headers the import did not use (other columns of an export, or typos). */
  ignoredHeaders: string[];
  /**
   * What stopped the import, if anything: a file refused as a whole (not a spreadsheet, over a
   * limit, no data rows), no usable header, an unreadable or truncated file.
   */
  fatal: Msg | null;
  errorFile: string | null;
}
