// The rows that could not be imported, as a file the coordinator fixes and uploads again: the
// original header and cells, plus the row number in the uploaded file and the reasons. The two
// extra columns are not patent fields, so a re-upload ignores them. Rows are streamed to disk.

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
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

function csvLine(values: string[]): string {
  return `${values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\r\n`;
}

function xlsxWriter(path: string, head: string[]): ErrorFileWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = workbook.addWorksheet('errors');
  sheet.addRow(head).commit();
  return {
    async add(rowNumber, cells, reasons) {
      sheet.addRow([rowNumber, reasons, ...cells.map(xlsxValue)]).commit();
    },
    async close() {
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
