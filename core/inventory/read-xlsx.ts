// Streams the rows of the first worksheet of an XLSX file with exceljs' streaming reader: shared
// strings and styles are cached (styles tell dates from numbers), rows are not.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import type { Cell, SheetRow } from './cells.ts';

// exceljs 4.4.0 decodes each inflated chunk of the sheet XML on its own (TextDecoder without
// {stream: true}), so a Chinese character split between two chunks turns into "\ufffd\ufffd" — found
// by the 100 000-row benchmark ("有效" read as "有��"). Its XML parser passes strings through
// untouched, so we hand it text decoded with a StringDecoder, which carries split characters over.
type ReaderInternals = {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: number): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
  __utf8Patched?: boolean;
};
const readerPrototype = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
if (!readerPrototype.__utf8Patched && typeof readerPrototype._parseWorksheet === 'function') {
  const parseWorksheet = readerPrototype._parseWorksheet;
  const parseSharedStrings = readerPrototype._parseSharedStrings;
  readerPrototype._parseWorksheet = function (iterator, sheetNo) {
    return parseWorksheet.call(this, decodeUtf8(iterator), sheetNo);
  };
  readerPrototype._parseSharedStrings = function (entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  readerPrototype.__utf8Patched = true;
}

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

export async function* readXlsxRows(stream: Readable): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const cells: Cell[] = [];
      const values = row.values as unknown[];
      // exceljs row values are 1-based: index 0 is always empty.
      for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
      yield { rowNumber: row.number, cells };
    }
    // Only the first worksheet is the list; others (instructions, lookup tables) are skipped.
    return;
  }
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result === undefined || v.result === null) {
        return { kind: 'formula', formula: String(v.formula ?? v.sharedFormula) };
      }
      return toCell(v.result);
    }
    if ('error' in v) return { kind: 'error', error: String(v.error) };
    if ('text' in v) return toCell(v.text);
  }
  return String(value);
}
