// Reads the start of an uploaded file to learn which list it is, without downloading it twice: the
// file is opened once, its first rows are read (as the imports read them: XLSX, CSV in UTF-8 or GBK,
// a title row or a two-row header allowed) while every byte pulled from the platform is kept, and the
// import then reads the kept bytes followed by the rest of the same download.
import { Readable } from 'node:stream';
import { type Msg, msg } from '../../i18n.ts';
import { type Cell, cellText, isBlankRow, type SheetRow } from '../../inventory/cells.ts';
import { fileProblemOf } from '../../inventory/limits.ts';
import { HEADER_SCAN_ROWS } from '../../inventory/locate-header.ts';
import { readCsvRows } from '../../inventory/read-csv.ts';
import { readXlsxRows } from '../../inventory/read-xlsx.ts';
import { peek, sniffFormat } from '../../inventory/sniff.ts';

export interface UploadHead {
  /**
   * The rows a header may be: each of the first non-blank rows, and each pair of neighbouring rows
   * read as one two-row header (a merged group label above its sub-headers), as locate-header.ts does.
   */
  candidates: string[][];
  /** Why the file cannot be read as a list at all (an inventory:fatal.* message), else null. */
  problem: Msg | null;
  /** The whole file from its first byte, for the import (call once). */
  replay(): NodeJS.ReadableStream;
}

const toBuffer = (chunk: Buffer | string) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk);

export async function readUploadHead(source: NodeJS.ReadableStream): Promise<UploadHead> {
  const iterator = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const kept: Buffer[] = [];
  let ended = false;
  let failure: unknown = null;
  let probing = true;
  let inFlight: Promise<unknown> | null = null;

  // What the header reader sees. Once the header is read it is never fed again: it waits forever
  // rather than seeing an end or an error, so that the abandoned parser stays silent (an XLSX parser
  // cut off mid-file would report a damaged file) and is simply collected.
  async function* probe(): AsyncGenerator<Buffer> {
    while (probing) {
      const step = iterator.next();
      inFlight = step;
      let next: IteratorResult<Buffer | string>;
      try {
        next = await step;
      } catch (error) {
        failure = error;
        throw error;
      }
      if (next.done) {
        ended = true;
        return;
      }
      const chunk = toBuffer(next.value);
      kept.push(chunk);
      yield chunk;
    }
    await new Promise<never>(() => undefined);
  }

  const candidates: string[][] = [];
  let problem: Msg | null = null;
  const { head, stream } = await peek(Readable.from(probe(), { objectMode: false }));
  const sniffed = sniffFormat(head);
  if (!sniffed.ok) problem = msg(`inventory:fatal.${sniffed.reason}`);
  else {
    const rows: AsyncIterable<SheetRow> =
      sniffed.format === 'xlsx'
        ? readXlsxRows(stream)
        : readCsvRows(stream, sniffed.format === 'csv-gbk' ? 'gb18030' : 'utf8', head);
    const reader = rows[Symbol.asyncIterator]();
    const scanned: Cell[][] = [];
    try {
      while (scanned.length < HEADER_SCAN_ROWS) {
        const next = await reader.next();
        if (next.done) break;
        if (!isBlankRow(next.value.cells)) scanned.push(next.value.cells);
      }
    } catch (error) {
      // A file refused as a whole (too large, not a spreadsheet …) says why; one that breaks within
      // its first rows may still name its list by what was read.
      problem = fileProblemOf(error) ?? (scanned.length === 0 ? msg('inventory:fatal.damaged') : null);
    }
    for (let i = 0; i < scanned.length; i++) {
      const upper = scanned[i]!.map(cellText);
      candidates.push(upper);
      const lower = scanned[i + 1]?.map(cellText);
      if (lower) {
        const width = Math.max(upper.length, lower.length);
        candidates.push(Array.from({ length: width }, (_, c) => lower[c] || upper[c] || ''));
      }
    }
  }
  probing = false;

  let replayed = false;
  return {
    candidates,
    problem,
    replay() {
      if (replayed) throw new Error('an upload is read once');
      replayed = true;
      async function* all(): AsyncGenerator<Buffer> {
        // A read the probe had started lands in `kept` before this continues.
        if (inFlight) await inFlight.catch(() => undefined);
        while (kept.length > 0) yield kept.shift()!;
        if (failure) throw failure;
        if (ended) return;
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          yield toBuffer(next.value);
        }
      }
      return Readable.from(all(), { objectMode: false });
    },
  };
}
