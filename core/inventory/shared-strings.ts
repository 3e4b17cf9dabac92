// The shared strings of an XLSX (the texts its cells point at by index), held compactly while the
// sheet is read: UTF-8 in 1 MB blocks and a 32-bit position and length per string, not one JS
// string object each. Past a
// memory budget the rest goes to a temporary file (in a private directory, unlinked at once) and is
// read back by position, so that a 1 000 000-row workbook needs no more memory than a 100 000-row
// one. Excel numbers strings in order of first use, so the strings most cells repeat (names,
// statuses, dates) are the early ones, kept in memory.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRefused } from './limits.ts';

/** Bytes of text kept in memory before spilling to disk. */
export const SHARED_STRINGS_MEMORY = 16 * 1024 * 1024;
/** Memory is taken in blocks of this size; a longer string goes to the file. */
const BLOCK = 1024 * 1024;
const WRITE_BUFFER = 1024 * 1024;
/** Positions and lengths are kept in pages of this many strings: they grow without copying. */
const PAGE = 65_536;
/** Decoded strings kept for reuse, by index modulo this size + 1. */
const CACHE_MASK = 4095;

export class SharedStrings {
  /** Text in blocks of BLOCK bytes: no copying as it grows. */
  private blocks: Buffer[] = [];
  private blockUsed = BLOCK;
  private used = 0;
  /** Where each string is: its byte offset among the blocks, or (once spilled) in the file. */
  private where: Uint32Array[] = [];
  private lengths: Uint32Array[] = [];
  private count = 0;
  /** Strings from this index on are in the file. */
  private firstSpilled = Number.POSITIVE_INFINITY;
  private spill: { fd: number; pending: Buffer; pendingLength: number; written: number } | null = null;
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private readonly cachedIndex = new Int32Array(CACHE_MASK + 1).fill(-1);
  private readonly cachedText: string[] = new Array(CACHE_MASK + 1);

  constructor(private readonly memoryBudget = SHARED_STRINGS_MEMORY) {}

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    const index = this.count++;
    if (index % PAGE === 0) {
      this.where.push(new Uint32Array(PAGE));
      this.lengths.push(new Uint32Array(PAGE));
    }
    const length = Buffer.byteLength(text, 'utf8');
    let at: number;
    if (this.spill === null && length <= BLOCK && this.used + length <= this.memoryBudget) {
      if (this.blockUsed + length > BLOCK) {
        this.blocks.push(Buffer.allocUnsafe(BLOCK));
        this.blockUsed = 0;
      }
      this.blocks.at(-1)!.write(text, this.blockUsed, 'utf8');
      at = (this.blocks.length - 1) * BLOCK + this.blockUsed;
      this.blockUsed += length;
      this.used += length;
    } else {
      if (this.spill === null) this.firstSpilled = index;
      at = this.toFile(text, length);
    }
    this.where[Math.floor(index / PAGE)]![index % PAGE] = at;
    this.lengths[Math.floor(index / PAGE)]![index % PAGE] = length;
  }

  /** Appends to the spill file; returns the string's offset there. */
  private toFile(text: string, length: number): number {
    if (!this.spill) {
      const dir = mkdtempSync(path.join(tmpdir(), 'revive-strings-'));
      const file = path.join(dir, 'strings');
      const fd = openSync(file, 'w+', 0o600);
      // Unlinked while open: the text stays readable through fd and is gone when it closes.
      rmSync(dir, { recursive: true, force: true });
      this.spill = { fd, pending: Buffer.allocUnsafe(WRITE_BUFFER), pendingLength: 0, written: 0 };
    }
    const spill = this.spill;
    const offset = spill.written + spill.pendingLength;
    // Offsets are 32-bit: more than 4 GB of shared strings is over any sensible limit.
    if (offset + length > 0xffffffff)
      throw new FileRefused('too_large_uncompressed_stream', { limit: '4096' });
    if (spill.pendingLength + length > spill.pending.length) this.flush();
    if (length > spill.pending.length) {
      writeSync(spill.fd, Buffer.from(text, 'utf8'), 0, length, spill.written);
      spill.written += length;
      return offset;
    }
    spill.pending.write(text, spill.pendingLength, 'utf8');
    spill.pendingLength += length;
    return offset;
  }

  private flush(): void {
    const spill = this.spill;
    if (!spill || spill.pendingLength === 0) return;
    writeSync(spill.fd, spill.pending, 0, spill.pendingLength, spill.written);
    spill.written += spill.pendingLength;
    spill.pendingLength = 0;
  }

  /** Call once every string is added, before reading. */
  finish(): void {
    this.flush();
    if (this.spill) this.spill.pending = Buffer.alloc(0);
  }

  get(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    // Names, statuses and classes repeat on many rows: recently decoded strings are reused.
    const slot = index & CACHE_MASK;
    if (this.cachedIndex[slot] === index) return this.cachedText[slot];
    const text = this.decode(index);
    this.cachedIndex[slot] = index;
    this.cachedText[slot] = text;
    return text;
  }

  private decode(index: number): string {
    const at = this.where[Math.floor(index / PAGE)]![index % PAGE]!;
    const length = this.lengths[Math.floor(index / PAGE)]![index % PAGE]!;
    if (index < this.firstSpilled) {
      const start = at % BLOCK;
      return this.blocks[Math.floor(at / BLOCK)]!.toString('utf8', start, start + length);
    }
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(length);
    readSync(this.spill!.fd, this.scratch, 0, length, at);
    return this.scratch.toString('utf8', 0, length);
  }

  close(): void {
    if (this.spill) closeSync(this.spill.fd);
    this.spill = null;
    this.blocks = [];
  }
}
