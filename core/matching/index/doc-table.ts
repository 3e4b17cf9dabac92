// The pool's documents as the search reads them back, stored once in shared memory (UTF-16 code units
// in one SharedArrayBuffer) instead of as hundreds of thousands of JS strings per thread: the search
// threads (search-threads.ts) read the same table the main thread built. A document is turned back into
// strings only when it is scored exactly — a few dozen per enterprise — and kept in a small cache.
import { type IpcSymbol, parseIpc } from '../ipc-depth.ts';
import { normalizeText } from '../text/normalize.ts';
import { VALUE_GRADES, type ValueGrade } from '../weights.ts';

/** What scoring and reasons need of a patent (its id stays with the main thread: PoolIndex.ids). */
export interface IndexedPatent {
  title: string;
  /** Canonical symbols, main classification first. */
  ipcCodes: readonly string[];
  /** Two-digit province prefix of the holder ("33"), or "" when unknown. */
  province: string;
  selfGrade: ValueGrade | null;
  expertGrade: ValueGrade | null;
}

export const FIELDS = ['title', 'abstract', 'keywords'] as const;
export type Field = (typeof FIELDS)[number];
export const FIELD_BIT: Record<Field, number> = { title: 1, abstract: 2, keywords: 4 };

export interface IndexedDoc {
  patent: IndexedPatent;
  /** Normalised field texts: phrase checks and quotes are made on what was indexed. */
  text: Record<Field, string>;
  ipc: (IpcSymbol | null)[];
}

/** What a document is built from (PoolPatent's text fields). */
export interface DocSource {
  title: string;
  abstract: string | null;
  keywords?: string | null;
  ipcCodes: readonly string[];
  province: string;
  selfGrade?: ValueGrade | null;
  expertGrade?: ValueGrade | null;
}

/** Per document, in this order: raw title, then the three normalised fields, then the IPC codes. */
const SLOTS = 5;

/** Plain data, every array on a SharedArrayBuffer: posted to a worker thread, it is shared, not copied. */
export interface DocTableData {
  chars: Uint16Array;
  /** Slot s of document d: chars[offsets[d * SLOTS + s], offsets[d * SLOTS + s + 1]). */
  offsets: Int32Array;
  /** Two-digit province prefix, −1 when unknown. */
  province: Int8Array;
  /** Per document: self grade, expert grade; 0 none, else 1 + index in VALUE_GRADES. */
  grades: Uint8Array;
}

export function sharedArray<T extends Int8Array | Uint8Array | Uint16Array | Int32Array | Float32Array>(
  Type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Type(new SharedArrayBuffer(Math.max(1, length) * Type.BYTES_PER_ELEMENT));
}

/** The two-digit province prefix, as the region bonus compares it (−1 unknown). */
export function provincePrefix(province: string): number {
  const p = province.trim();
  return /^\d{2}/.test(p) ? Number(p.slice(0, 2)) : -1;
}

const gradeCode = (g: ValueGrade | null | undefined) => (g ? VALUE_GRADES.indexOf(g) + 1 : 0);

/** The normalised text, sharing the original string when normalising changed nothing. */
function same(raw: string): string {
  const n = normalizeText(raw);
  return n === raw ? raw : n;
}

/**
 * The table of `sources`, their texts normalised on the way in: no copy of a province's texts is held
 * beside the table (normalising makes a new string of nearly every Chinese text: NFKC turns "，" into ",").
 */
export function buildDocTable(sources: readonly DocSource[]): DocTableData {
  const n = sources.length;
  const offsets = sharedArray(Int32Array, n * SLOTS + 1);
  // Normalising rarely changes a text's length: start from the raw lengths, grow if it does.
  let capacity = 4096;
  for (const s of sources) {
    capacity += s.title.length * 2 + (s.abstract?.length ?? 0) + (s.keywords?.length ?? 0);
    for (const code of s.ipcCodes) capacity += code.length + 1;
  }
  let chars = sharedArray(Uint16Array, Math.ceil(capacity * 1.01));
  let at = 0;
  const put = (text: string) => {
    if (at + text.length > chars.length) {
      const bigger = sharedArray(Uint16Array, Math.max(chars.length * 1.25, at + text.length + 1024));
      bigger.set(chars.subarray(0, at));
      chars = bigger;
    }
    for (let i = 0; i < text.length; i++) chars[at + i] = text.charCodeAt(i);
    at += text.length;
  };
  const province = sharedArray(Int8Array, n);
  const grades = sharedArray(Uint8Array, n * 2);
  for (let d = 0; d < n; d++) {
    const source = sources[d]!;
    const slots = [
      source.title,
      same(source.title),
      same(source.abstract ?? ''),
      same(source.keywords ?? ''),
      source.ipcCodes.join('\n'),
    ];
    for (let i = 0; i < SLOTS; i++) {
      offsets[d * SLOTS + i] = at;
      put(slots[i]!);
    }
    province[d] = provincePrefix(source.province);
    grades[d * 2] = gradeCode(source.selfGrade);
    grades[d * 2 + 1] = gradeCode(source.expertGrade);
  }
  offsets[n * SLOTS] = at;
  return { chars, offsets, province, grades };
}

/** Documents kept read back, per thread (a power of two: a document's place is its number's low bits). */
const CACHE_SIZE = 8192;

/** Documents read back from the table, cached: exact scoring meets the same few again and again. */
export class DocReader {
  // Direct-mapped: no hashing, nothing to evict in bulk.
  private cachedDoc = new Int32Array(CACHE_SIZE).fill(-1);
  private cached: (IndexedDoc | undefined)[] = new Array(CACHE_SIZE);
  constructor(private readonly table: DocTableData) {}

  get size(): number {
    return this.table.province.length;
  }

  /** Parsed symbols by code: a pool repeats its codes, and exhaustive scoring reads every document's. */
  private symbols = new Map<string, IpcSymbol | null>();

  /** The normalised title, abstract and keywords of document d (what the index analyses). */
  fields(d: number): [string, string, string] {
    return [this.slot(d, 1), this.slot(d, 2), this.slot(d, 3)];
  }

  /** The document's IPC symbols, main classification first, without reading its texts. */
  ipc(d: number): (IpcSymbol | null)[] {
    const at = d & (CACHE_SIZE - 1);
    if (this.cachedDoc[at] === d) return this.cached[at]!.ipc;
    const codes = this.slot(d, 4);
    return codes === '' ? [] : codes.split('\n').map((c) => this.symbol(c));
  }

  private symbol(code: string): IpcSymbol | null {
    let s = this.symbols.get(code);
    if (s === undefined) {
      s = parseIpc(code);
      if (this.symbols.size >= 1 << 16) this.symbols.clear();
      this.symbols.set(code, s);
    }
    return s;
  }

  private slot(d: number, s: number): string {
    const from = this.table.offsets[d * SLOTS + s]!;
    const to = this.table.offsets[d * SLOTS + s + 1]!;
    let out = '';
    // fromCharCode takes its arguments on the stack: a long abstract is read in pieces.
    for (let at = from; at < to; at += 4096) {
      out += String.fromCharCode.apply(
        null,
        this.table.chars.subarray(at, Math.min(to, at + 4096)) as unknown as number[],
      );
    }
    return out;
  }

  doc(d: number): IndexedDoc {
    const at = d & (CACHE_SIZE - 1);
    if (this.cachedDoc[at] === d) return this.cached[at]!;
    const codes = this.slot(d, 4);
    const ipcCodes = codes === '' ? [] : codes.split('\n');
    const two = this.table.province[d]!;
    const grade = (i: number) => {
      const g = this.table.grades[d * 2 + i]!;
      return g === 0 ? null : VALUE_GRADES[g - 1]!;
    };
    const doc: IndexedDoc = {
      patent: {
        title: this.slot(d, 0),
        ipcCodes,
        province: two < 0 ? '' : String(two).padStart(2, '0'),
        selfGrade: grade(0),
        expertGrade: grade(1),
      },
      text: { title: this.slot(d, 1), abstract: this.slot(d, 2), keywords: this.slot(d, 3) },
      ipc: ipcCodes.map((c) => this.symbol(c)),
    };
    this.cachedDoc[at] = d;
    this.cached[at] = doc;
    return doc;
  }
}
