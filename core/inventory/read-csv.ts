// Streams the rows of a CSV file, decoding UTF-8 (with or without BOM) or GBK (read as GB18030, its
// superset) on the fly, so that a 100 000-row list never sits in memory.
import { PassThrough, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { SheetRow } from './cells.ts';

export function detectDelimiter(head: string): ',' | '\t' | ';' {
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const counts = ([',', '\t', ';'] as const).map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

export async function* readCsvRows(
  stream: Readable,
  encoding: 'utf8' | 'gb18030',
  head: Buffer,
): AsyncGenerator<SheetRow> {
  const delimiter = detectDelimiter(iconv.decode(head, encoding));
  const parser = stream.pipe(iconv.decodeStream(encoding, { stripBOM: true })).pipe(
    parse({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      // Blank lines are yielded (as one empty field) so that row numbers match what Excel shows.
      skip_empty_lines: false,
    }),
  );
  // Records parsed before an error (a quote never closed in a truncated file) must still be
  // yielded: a stream's async iterator would drop them, so records are relayed by events.
  const relay = new PassThrough({ objectMode: true });
  let failure: unknown = null;
  const stop = (error: unknown) => {
    failure ??= error;
    relay.end();
  };
  stream.on('error', stop);
  parser.on('data', (record: string[]) => {
    if (!relay.write(record)) parser.pause();
  });
  relay.on('drain', () => parser.resume());
  parser.on('error', stop);
  parser.on('end', () => relay.end());
  let rowNumber = 0;
  for await (const record of relay as AsyncIterable<string[]>) {
    rowNumber++;
    yield { rowNumber, cells: record.map((v) => (v === '' ? null : v)) };
  }
  if (failure) throw failure;
}
