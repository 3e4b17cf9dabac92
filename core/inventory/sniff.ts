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

// Files people rename to .csv by mistake (or on purpose): compressed archives, documents, images.
const BINARY_MAGIC = [
  Buffer.from([0x1f, 0x8b]), // gzip
  Buffer.from('%PDF'),
  Buffer.from([0x89, 0x50, 0x4e, 0x47]), // PNG
  Buffer.from([0xff, 0xd8, 0xff]), // JPEG
  Buffer.from([0x37, 0x7a, 0xbc, 0xaf]), // 7-Zip
  Buffer.from('Rar!'),
  Buffer.from('BZh'),
  Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a]), // xz
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF
];

/**
 * Whether the first bytes of a file taken for CSV are not text: a known binary signature, a NUL
 * byte (never in UTF-8 or GBK text; UTF-16 text has them too, and the CSV reader reads neither), or
 * more than 1 % control characters other than tab, line breaks and form feed.
 */
export function looksBinary(head: Buffer): boolean {
  if (BINARY_MAGIC.some((magic) => head.subarray(0, magic.length).equals(magic))) return true;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control > head.length / 100;
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
