// Reads the other lists institutions upload (the staff directory, experts) the way the patent import
// reads a patent list: the format from the first bytes (XLSX, CSV in UTF-8 or GBK), the header found
// by name under a title row or across two rows, then the data rows one at a time, streamed. A file
// that breaks halfway still yields the rows before the break and says after which row it broke.
// Every list gets the same limits (core/config.ts importLimits) and the same refusals of hostile
// files (limits.ts): openRows is where the format is told and the reader chosen.
import { type Readable, Transform } from 'node:stream';
import { importLimits } from '../config.ts';
import type { Msg } from '../i18n.ts';
import { type Cell, isBlankRow, type SheetRow } from './cells.ts';
import type { HeaderMapping } from './headers.ts';
import { FileRefused, type ImportLimits } from './limits.ts';
import { HEADER_SCAN_ROWS, locateHeader } from './locate-header.ts';
import { readCsvRows } from './read-csv.ts';
import { readXlsxRows } from './read-xlsx.ts';
import { type FileFormat, peek, sniffFormat } from './sniff.ts';

export type RowsOpening =
  | {
      ok: true;
      format: FileFormat;
      rows: AsyncGenerator<SheetRow>;
      /** Share of an XLSX sheet read so far (0–1), null for a CSV (its bytes tell). */
      fraction(): number | null;
    }
  | { ok: false; problem: 'xls' | 'empty'; reason: Msg };

/** The rows of an upload, after telling its format from the first bytes. */
export async function openRows(
  source: NodeJS.ReadableStream,
  limits: ImportLimits = importLimits(),
): Promise<RowsOpening> {
  const { head, stream } = await peek(source);
  const sniffed = sniffFormat(head);
  if (!sniffed.ok)
    return { ok: false, problem: sniffed.reason, reason: { key: `inventory:fatal.${sniffed.reason}` } };
  const position = { done: 0, total: 0 };
  const rows =
    sniffed.format === 'xlsx'
      ? readXlsxRows(stream as Readable, { limits, position })
      : readCsvRows(stream, sniffed.format === 'csv-gbk' ? 'gb18030' : 'utf8', head, limits);
  const fraction = () =>
    sniffed.format !== 'xlsx' ? null : position.total > 0 ? Math.min(1, position.done / position.total) : 0;
  return { ok: true, format: sniffed.format, rows, fraction };
}

/** Why a file could not be read at all (each list names these in its own words). */
export type TableProblem = 'xls' | 'empty' | 'damaged' | 'unreadable' | 'missing_headers';

export interface Table<F extends string> {
  format: FileFormat;
  /** The header as written, one text per column: the error file repeats it. */
  header: string[];
  columns: Map<number, F>;
  /** Headers of no known field (listed in the report so that a typo is visible). */
  ignored: string[];
  /** The data rows, blank rows skipped; stops early when the file breaks (see `brokenAfter`). */
  rows: AsyncIterable<SheetRow>;
  /** Once `rows` is exhausted: the last row read when the file ended unexpectedly, else null. */
  brokenAfter(): number | null;
  /** Once `rows` is exhausted: why the file was refused partway (a limit), else null. */
  refusal(): Msg | null;
  /** One row's cells by field. */
  record(row: SheetRow): Partial<Record<F, Cell>>;
  /** The header text of a field's column, for reports. */
  headerOf(field: F | null): string | null;
}

export type TableOpening<F extends string> =
  | { ok: true; table: Table<F>; bytesRead: () => number }
  | {
      ok: false;
      problem: TableProblem;
      format: FileFormat | null;
      /** `unreadable`: the last row read. */
      row?: number;
      /** `missing_headers`: the required fields no header row had. */
      missing?: F[];
      /**
       * A file refused as a whole (not a spreadsheet, over a limit; problem 'damaged' for lists
       * that have no words of their own for it): inventory:fatal.* in the person's words.
       */
      refusal?: Msg;
      bytesRead: () => number;
    };

export async function openTable<F extends string>(
  source: NodeJS.ReadableStream,
  map: (cells: readonly string[]) => HeaderMapping<F>,
  limits: ImportLimits = importLimits(),
): Promise<TableOpening<F>> {
  let bytes = 0;
  const bytesRead = () => bytes;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  source.on('error', (error) => counter.destroy(error));
  const opened = await openRows(source.pipe(counter), limits);
  if (!opened.ok) return { ok: false, problem: opened.problem, format: null, bytesRead };
  const format = opened.format;
  const iterator = opened.rows[Symbol.asyncIterator]();
  let lastRow = 0;
  const next = async (): Promise<SheetRow | null> => {
    const r = await iterator.next();
    if (r.done) return null;
    lastRow = r.value.rowNumber;
    return r.value;
  };

  const scanned: SheetRow[] = [];
  let scanFailed = false;
  try {
    while (scanned.length < HEADER_SCAN_ROWS) {
      const row = await next();
      if (!row) break;
      if (!isBlankRow(row.cells)) scanned.push(row);
    }
  } catch (error) {
    if (error instanceof FileRefused) {
      return { ok: false, problem: 'damaged', refusal: error.reason, format, bytesRead };
    }
    scanFailed = true;
  }
  const located = locateHeader(
    scanned.map((r) => r.cells),
    map,
  );
  if (!('mapping' in located)) {
    if (scanFailed) {
      return lastRow === 0
        ? { ok: false, problem: 'damaged', format, bytesRead }
        : { ok: false, problem: 'unreadable', format, row: lastRow, bytesRead };
    }
    return { ok: false, problem: 'missing_headers', format, missing: located.best?.missing ?? [], bytesRead };
  }

  const header = located;
  let brokenAt: number | null = null;
  let refusal: Msg | null = null;
  async function* rows(): AsyncGenerator<SheetRow> {
    yield* scanned.slice(header.lastIndex + 1);
    if (scanFailed) {
      brokenAt = lastRow;
      return;
    }
    for (;;) {
      let row: SheetRow | null;
      try {
        row = await next();
      } catch (error) {
        if (error instanceof FileRefused) refusal = error.reason;
        brokenAt = lastRow;
        return;
      }
      if (!row) return;
      if (!isBlankRow(row.cells)) yield row;
    }
  }
  const columns = located.mapping.columns;
  const table: Table<F> = {
    format,
    header: located.texts,
    columns,
    ignored: located.mapping.ignored,
    rows: rows(),
    brokenAfter: () => brokenAt,
    refusal: () => refusal,
    record(row) {
      const fields: Partial<Record<F, Cell>> = {};
      for (const [index, field] of columns) fields[field] = row.cells[index] ?? null;
      return fields;
    },
    headerOf(field) {
      if (field === null) return null;
      for (const [index, f] of columns) if (f === field) return located.texts[index] ?? null;
      return null;
    },
  };
  return { ok: true, table, bytesRead };
}
