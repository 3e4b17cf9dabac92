// The rows that could not be imported, as a file the coordinator fixes and uploads again: the
// original header and cells, plus the row number in the uploaded file and the reasons. The two
// extra columns are not patent fields: a re-upload takes its row numbers from the first (so that
// messages keep pointing at the rows of the original list) and drops both. Rows are streamed to
// disk. A CSV cell that a spreadsheet would run as a formula (=, +, -, @, tab or carriage return
// first) is written with a leading apostrophe, as text: the file goes back to the coordinator's
// Excel, and a list from elsewhere must not run "=HYPERLINK(…)" there. XLSX cells are typed, so
// text there is never a formula.

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import { type Cell, cellText } from './cells.ts';

export type ErrorFileFormat = 'csv' | 'xlsx';

export interface ErrorFileWriter {
  add(rowNumber: number, cells: readonly Cell[], reasons: string): Promise<void>;
  close(): Promise<void>;
}

export function createErrorFile(
  path: string,
  format: ErrorFileFormat,
  header: readonly string[],
  labels: { row: string; reason: string },
): ErrorFileWriter {
  const head = [labels.row, labels.reason, ...header];
  return format === 'csv' ? csvWriter(path, head) : xlsxWriter(path, head);
}

function csvWriter(path: string, head: string[]): ErrorFileWriter {
  const out: WriteStream = createWriteStream(path);
  // A BOM makes Excel on Chinese Windows open the UTF-8 file correctly.
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  const started = write(`\ufeff${csvLine(head)}`);
  return {
    async add(rowNumber, cells, reasons) {
      await started;
      await write(csvLine([String(rowNumber), reasons, ...cells.map(cellText)]));
    },
    async close() {
      await started;
      out.end();
      await once(out, 'finish');
    },
  };
}

/** Text a spreadsheet would read as a formula gets a leading apostrophe (OWASP's CSV injection advice). */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvLine(values: string[]): string {
  return `${values
    .map(neutralizeFormula)
    .map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
    .join(',')}\r\n`;
}

function xlsxWriter(path: string, head: string[]): ErrorFileWriter {
  // exceljs is loaded when an XLSX has rejected rows: it weighs some 45 MB, which an import of a
  // clean file (or of a CSV) need not carry.
  const opened = import('exceljs').then(({ default: excel }) => {
    const workbook: ExcelJS.stream.xlsx.WorkbookWriter = new excel.stream.xlsx.WorkbookWriter({
      filename: path,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('errors');
    sheet.addRow(head).commit();
    return { workbook, sheet };
  });
  return {
    async add(rowNumber, cells, reasons) {
      const { sheet } = await opened;
      sheet.addRow([rowNumber, reasons, ...cells.map(xlsxValue)]).commit();
    },
    async close() {
      const { workbook, sheet } = await opened;
      sheet.commit();
      await workbook.commit();
    },
  };
}

// Keep what the coordinator typed: dates stay dates, numbers stay numbers, broken cells become text.
function xlsxValue(cell: Cell): string | number | boolean | Date | null {
  if (cell === null || typeof cell !== 'object' || cell instanceof Date) return cell;
  return cellText(cell);
}
