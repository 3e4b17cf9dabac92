// What kind of file an upload is, from its first bytes: people rename files, chat platforms report
// vague MIME types, and Excel on Chinese Windows saves "CSV" in GBK without saying so.
import { Readable } from 'node:stream';

export type FileFormat = 'xlsx' | 'csv-utf8' | 'csv-gbk';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export type Sniffed = { ok: true; format: FileFormat; bom: boolean } | { ok: false; reason: 'xls' | 'empty' };

export function sniffFormat(head: Buffer): Sniffed {
  if (head.length === 0) return { ok: false, reason: 'empty' };
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return { ok: true, format: 'xlsx', bom: false };
  // The old binary .xls format: exceljs cannot read it; the coordinator can save as .xlsx.
  if (head.subarray(0, 4).equals(OLE_MAGIC)) return { ok: false, reason: 'xls' };
  if (head.subarray(0, 3).equals(UTF8_BOM)) return { ok: true, format: 'csv-utf8', bom: true };
  return { ok: true, format: isUtf8Prefix(head) ? 'csv-utf8' : 'csv-gbk', bom: false };
}

/** True when the bytes are UTF-8, allowing a multi-byte character cut off at the end of the sample. */
function isUtf8Prefix(head: Buffer): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
    try {
      decoder.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // a truncated trailing character: retry without its bytes
    }
  }
  return false;
}

/** Reads up to `size` bytes for sniffing and gives back a stream that still yields every byte. */
export async function peek(
  stream: NodeJS.ReadableStream,
  size = 64 * 1024,
): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks).subarray(0, size);
  async function* replay() {
    yield* chunks;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}
