// Reads the other lists institutions upload (the staff directory, experts) the way the patent import
// reads a patent list: the format from the first bytes (XLSX, CSV in UTF-8 or GBK), the header found
// by name under a title row or across two rows, then the data rows one at a time, streamed. A file
// that breaks halfway still yields the rows before the break and says after which row it broke.
import { Transform } from 'node:stream';
import { type Cell, isBlankRow, type SheetRow } from './cells.ts';
import type { HeaderMapping } from './headers.ts';
import { HEADER_SCAN_ROWS, locateHeader } from './locate-header.ts';
import { readCsvRows } from './read-csv.ts';
import { readXlsxRows } from './read-xlsx.ts';
import { type FileFormat, peek, sniffFormat } from './sniff.ts';

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
      bytesRead: () => number;
    };

export async function openTable<F extends string>(
  source: NodeJS.ReadableStream,
  map: (cells: readonly string[]) => HeaderMapping<F>,
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
  const { head, stream } = await peek(source.pipe(counter));
  const sniffed = sniffFormat(head);
  if (!sniffed.ok) return { ok: false, problem: sniffed.reason, format: null, bytesRead };
  const format = sniffed.format;
  const source$ =
    format === 'xlsx'
      ? readXlsxRows(stream)
      : readCsvRows(stream, format === 'csv-gbk' ? 'gb18030' : 'utf8', head);
  const iterator = source$[Symbol.asyncIterator]();
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
  } catch {
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
      } catch {
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
