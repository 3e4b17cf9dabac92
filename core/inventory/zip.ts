// Reads the parts of a ZIP archive (an XLSX workbook) by its central directory, from a file, in the
// order the reader needs them and not the order they were written: Excel writes the sheet before
// the shared strings it refers to, which a front-to-back stream could only handle by keeping the
// whole sheet somewhere. The central directory also declares each part's inflated size before a
// byte is inflated (a zip bomb is refused up front); inflation counts the bytes it really produces,
// since a hostile file can declare anything.
import type { FileHandle } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Not a ZIP archive at all, or a damaged one: the caller says which in the person's words. */
export class ZipError extends Error {
  override name = 'ZipError';
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD64_LOCATOR_SIGNATURE = 0x07064b50;
const EOCD64_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) throw new ZipError('unexpected end of file');
    read += bytesRead;
  }
  return buffer;
}

/** The entries of the archive; throws ZipError when there is no readable central directory. */
export async function readCentralDirectory(handle: FileHandle, size: number): Promise<ZipEntry[]> {
  const tailLength = Math.min(size, 22 + MAX_COMMENT);
  if (tailLength < 22) throw new ZipError('too short for a ZIP archive');
  const tail = await readAt(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  // A truncated upload loses its end first, and with it the directory.
  if (eocd < 0) throw new ZipError('no end of central directory');
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== EOCD64_LOCATOR_SIGNATURE) {
      throw new ZipError('ZIP64 locator missing');
    }
    const record = await readAt(handle, Number(tail.readBigUInt64LE(locator + 8)), 56);
    if (record.readUInt32LE(0) !== EOCD64_SIGNATURE) throw new ZipError('ZIP64 record missing');
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (directoryOffset + directorySize > size) throw new ZipError('central directory out of range');
  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new ZipError('damaged central directory');
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
    };
    readZip64Extra(directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offset too large for 32 bits are in the ZIP64 extra field, in this order. */
function readZip64Extra(extra: Buffer, entry: ZipEntry): void {
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        const value = field + 8 <= at + 4 + length ? Number(extra.readBigUInt64LE(field)) : null;
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next() ?? entry.uncompressedSize;
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next() ?? entry.localHeaderOffset;
      return;
    }
    at += 4 + length;
  }
}

/** The bytes of a range of the file, read by position (the handle stays open for the next part). */
async function* readRange(handle: FileHandle, start: number, length: number): AsyncGenerator<Buffer> {
  const end = start + length;
  for (let position = start; position < end; ) {
    const size = Math.min(256 * 1024, end - position);
    const buffer = Buffer.allocUnsafe(size);
    const { bytesRead } = await handle.read(buffer, 0, size, position);
    if (bytesRead === 0) throw new ZipError('unexpected end of file');
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/**
 * The inflated bytes of one entry. `onBytes` is told every inflated chunk's size before it is
 * passed on and may throw to stop (a limit).
 */
export async function* entryBytes(
  handle: FileHandle,
  entry: ZipEntry,
  onBytes: (length: number) => void,
): AsyncGenerator<Buffer> {
  if (entry.flags & 0x1) throw new ZipError('encrypted entry');
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`compression method ${entry.method}`);
  const local = await readAt(handle, entry.localHeaderOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipError('damaged local header');
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = Readable.from(readRange(handle, start, entry.compressedSize), { objectMode: false });
  const source =
    entry.method === 0 ? raw : pipeline(raw, createInflateRaw({ chunkSize: 256 * 1024 }), () => undefined);
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('Z_')) {
      throw new ZipError(`inflate: ${error.message}`);
    }
    throw error;
  } finally {
    source.destroy();
    raw.destroy();
  }
}
