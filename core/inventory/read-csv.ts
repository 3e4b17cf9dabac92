// Streams the rows of a CSV file, decoding UTF-8 (with or without BOM) or GBK (read as GB18030, its
// superset) on the fly, so that a 100 000-row list never sits in memory. A file that is not text (a
// gzip archive or an image renamed .csv), one larger than the upload limit or with more rows than
// the row limit is refused (FileRefused) instead of being parsed into garbage. Records are cut by
// csv-records.ts (csv-parse's rules for these options, several times faster).
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { importLimits } from '../config.ts';
import type { SheetRow } from './cells.ts';
import { CsvRecords } from './csv-records.ts';
import { FileRefused, type ImportLimits, megabytes } from './limits.ts';
import { HEADER_SCAN_ROWS } from './locate-header.ts';
import { looksBinary } from './sniff.ts';

/** Longest record (characters): Excel's cell limit is 32 767 characters, a row has a few dozen. */
const MAX_RECORD_CHARS = 4_000_000;

export function detectDelimiter(head: string): ',' | '\t' | ';' {
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const counts = ([',', '\t', ';'] as const).map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

export async function* readCsvRows(
  stream: Readable,
  encoding: 'utf8' | 'gb18030',
  head: Buffer,
  limits: ImportLimits = importLimits(),
): AsyncGenerator<SheetRow> {
  if (looksBinary(head)) throw new FileRefused('not_spreadsheet');
  const delimiter = detectDelimiter(iconv.decode(head, encoding));
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  const parser = new CsvRecords(delimiter, MAX_RECORD_CHARS);
  const maxRows = limits.maxRows + HEADER_SCAN_ROWS;
  let bytes = 0;
  let rowNumber = 0;
  const records: string[][] = [];
  // Records completed before an error (a quote never closed in a truncated file, a read error) are
  // yielded first; the error is thrown after them.
  let failure: unknown = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limits.maxUploadBytes) {
        throw new FileRefused('too_large_stream', { limit: megabytes(limits.maxUploadBytes) });
      }
      try {
        parser.push(decoder.write(chunk), records);
      } catch (error) {
        failure = error;
      }
      for (const record of records) {
        rowNumber++;
        if (rowNumber > maxRows) throw new FileRefused('too_many_rows', { limit: limits.maxRows });
        yield { rowNumber, cells: cellsOf(record) };
      }
      records.length = 0;
      if (failure) throw failure;
    }
    const rest = decoder.end();
    try {
      if (rest) parser.push(rest, records);
      parser.end(records);
    } catch (error) {
      failure = error;
    }
    for (const record of records) {
      rowNumber++;
      if (rowNumber > maxRows) throw new FileRefused('too_many_rows', { limit: limits.maxRows });
      yield { rowNumber, cells: cellsOf(record) };
    }
    if (failure) throw failure;
  } finally {
    // Stopped early (a limit, the caller had enough): the file is not read any further.
    (stream as Readable).destroy?.();
  }
}

function cellsOf(record: string[]): (string | null)[] {
  const cells: (string | null)[] = record;
  for (let i = 0; i < cells.length; i++) if (cells[i] === '') cells[i] = null;
  return cells;
}
