// Streams the rows of a CSV file, decoding UTF-8 (with or without BOM) or GBK (read as GB18030, its
// superset) on the fly, so that a 100 000-row list never sits in memory. A file that is not text (a
// gzip archive or an image renamed .csv), one larger than the upload limit or with more rows than
// the row limit is refused (FileRefused) instead of being parsed into garbage.
import { PassThrough, type Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { importLimits } from '../config.ts';
import type { SheetRow } from './cells.ts';
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
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limits.maxUploadBytes) {
        done(new FileRefused('too_large_stream', { limit: megabytes(limits.maxUploadBytes) }));
      } else done(null, chunk);
    },
  });
  stream.on('error', (error) => counted.destroy(error));
  const parser = stream
    .pipe(counted)
    .pipe(iconv.decodeStream(encoding, { stripBOM: true }))
    .pipe(
      parse({
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        max_record_size: MAX_RECORD_CHARS,
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
  counted.on('error', stop);
  parser.on('data', (record: string[]) => {
    if (!relay.write(record)) parser.pause();
  });
  relay.on('drain', () => parser.resume());
  parser.on('error', stop);
  parser.on('end', () => relay.end());
  let rowNumber = 0;
  const maxRows = limits.maxRows + HEADER_SCAN_ROWS;
  for await (const record of relay as AsyncIterable<string[]>) {
    rowNumber++;
    if (rowNumber > maxRows) {
      parser.destroy();
      throw new FileRefused('too_many_rows', { limit: limits.maxRows });
    }
    const cells: (string | null)[] = record;
    for (let i = 0; i < cells.length; i++) if (cells[i] === '') cells[i] = null;
    yield { rowNumber, cells };
  }
  if (failure) throw failure;
}
