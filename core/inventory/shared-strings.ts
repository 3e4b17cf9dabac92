// The shared strings of an XLSX (the texts its cells point at by index), held compactly while the
// sheet is read: UTF-8 in 1 MB blocks and a position per string, not one JS string object each. Past a
// memory budget the rest goes to a temporary file (in a private directory, unlinked at once) and is
// read back by position, so that a 1 000 000-row workbook needs no more memory than a 100 000-row
// one. Excel numbers strings in order of first use, so the strings most cells repeat (names,
// statuses, dates) are the early ones, kept in memory.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Bytes of text kept in memory before spilling to disk. */
export const SHARED_STRINGS_MEMORY = 32 * 1024 * 1024;
/** Memory is taken in blocks of this size. */
const BLOCK = 1024 * 1024;
/** Addresses are block × BLOCK_SPAN + start (a long string's block may exceed BLOCK). */
const BLOCK_SPAN = 2 ** 32;
const WRITE_BUFFER = 1024 * 1024;
/** Decoded strings kept for reuse, by index modulo this size + 1. */
const CACHE_MASK = 4095;

export class SharedStrings {
  /** Text in blocks of BLOCK bytes (a longer string gets a block of its own): no copying as it grows. */
  private blocks: Buffer[] = [];
  private block: Buffer | null = null;
  private blockUsed = 0;
  private used = 0;
  /** Where each string is: block number and start within it, or (after spilling) its file offset. */
  private where = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private count = 0;
  private spill: {
    fd: number;
    pending: Buffer;
    pendingLength: number;
    written: number;
    first: number;
  } | null = null;
  private scratch = Buffer.allocUnsafe(64 * 1024);

  constructor(private readonly memoryBudget = SHARED_STRINGS_MEMORY) {}

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    if (this.count >= this.where.length) {
      const where = new Float64Array(this.where.length * 2);
      where.set(this.where);
      this.where = where;
      const lengths = new Uint32Array(this.lengths.length * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    const length = Buffer.byteLength(text, 'utf8');
    const index = this.count++;
    this.lengths[index] = length;
    if (!this.spill && this.used + length <= this.memoryBudget) {
      if (!this.block || this.blockUsed + length > this.block.length) {
        this.block = Buffer.allocUnsafe(Math.max(BLOCK, length));
        this.blocks.push(this.block);
        this.blockUsed = 0;
      }
      this.block.write(text, this.blockUsed, 'utf8');
      this.where[index] = (this.blocks.length - 1) * BLOCK_SPAN + this.blockUsed;
      this.blockUsed += length;
      this.used += length;
    } else {
      this.where[index] = this.toFile(text, length, index);
    }
  }

  /** Appends to the spill file; returns the string's offset there. */
  private toFile(text: string, length: number, index: number): number {
    if (!this.spill) {
      const dir = mkdtempSync(path.join(tmpdir(), 'revive-strings-'));
      const file = path.join(dir, 'strings');
      const fd = openSync(file, 'w+', 0o600);
      // Unlinked while open: the text stays readable through fd and is gone when it closes.
      rmSync(dir, { recursive: true, force: true });
      this.spill = {
        fd,
        pending: Buffer.allocUnsafe(WRITE_BUFFER),
        pendingLength: 0,
        written: 0,
        first: index,
      };
    }
    const spill = this.spill;
    const offset = spill.written + spill.pendingLength;
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

  private readonly cachedIndex = new Int32Array(CACHE_MASK + 1).fill(-1);
  private readonly cachedText: string[] = new Array(CACHE_MASK + 1);

  private decode(index: number): string {
    const at = this.where[index]!;
    const length = this.lengths[index]!;
    const spill = this.spill;
    if (!spill || index < spill.first) {
      const block = this.blocks[Math.floor(at / BLOCK_SPAN)]!;
      const start = at % BLOCK_SPAN;
      return block.toString('utf8', start, start + length);
    }
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(length);
    readSync(spill.fd, this.scratch, 0, length, at);
    return this.scratch.toString('utf8', 0, length);
  }

  close(): void {
    if (this.spill) closeSync(this.spill.fd);
    this.spill = null;
    this.blocks = [];
    this.block = null;
  }
}
