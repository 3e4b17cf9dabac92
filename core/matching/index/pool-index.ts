// The pool in memory, loaded once per run: an inverted index of terms (postings sorted by document,
// with each posting's BM25F impact precomputed) and of IPC prefixes (class, subclass, main group).
// Built in one pass over the documents (per-document term counts), then packed into flat typed arrays
// (CSR layout): 200 000 patents take a few hundred MB, not the GBs of per-term JS arrays.
import { type IpcSymbol, parseIpc } from '../ipc-depth.ts';
import { normalizeText } from '../text/normalize.ts';
import { analyze } from '../text/segment.ts';
import { type ValueGrade, WEIGHTS } from '../weights.ts';

export interface PoolPatent {
  id: string;
  /** Ties break on it, so that runs are reproducible: the application number. */
  order: string;
  title: string;
  abstract: string | null;
  /** Claims or keywords where the source has them. */
  keywords?: string | null;
  /** Canonical symbols, main classification first. */
  ipcCodes: readonly string[];
  /** GB/T 2260 code of the holder's province. */
  province: string;
  /** Value grade from the holder's self-assessment and from an expert evaluation, when known. */
  selfGrade?: ValueGrade | null;
  expertGrade?: ValueGrade | null;
}

export const FIELDS = ['title', 'abstract', 'keywords'] as const;
export type Field = (typeof FIELDS)[number];
export const FIELD_BIT: Record<Field, number> = { title: 1, abstract: 2, keywords: 4 };

export interface IndexedDoc {
  patent: PoolPatent;
  /** Normalised field texts: phrase checks and quotes are made on what was indexed. */
  text: Record<Field, string>;
  ipc: (IpcSymbol | null)[];
}

export interface PoolIndex {
  docs: IndexedDoc[];
  termIds: Map<string, number>;
  idf: Float32Array;
  /**
   * Postings of term t: [offsets[t], offsets[t+1]) in docIds / impacts / fields, in two runs each sorted
   * by document: those with the term in the title first (they weigh most, so a search meets the
   * likely winners first), up to split[t], then the others.
   */
  offsets: Int32Array;
  split: Int32Array;
  /** Largest impact in each run of a term's postings. */
  maxImpactTitle: Float32Array;
  docIds: Int32Array;
  impacts: Float32Array;
  fields: Uint8Array;
  /** Largest impact among the postings without the term in the title. */
  maxImpact: Float32Array;
  /** First two digits of the holder's province (−1 unknown), for the region bonus without strings. */
  province: Int8Array;
  /** Position of each document when sorted by `order`: ties between equal scores break on it. */
  rankOrder: Int32Array;
  /** The value-grade bonus of each document. */
  gradeBonus: Float32Array;
  /** Documents (ascending) with a symbol in this class "H01", subclass "H01M" or main group "H01M 10". */
  ipcPostings: Map<string, Int32Array>;
  /** Parallel to ipcPostings: 1 where the document's main classification is under the key. */
  ipcMain: Map<string, Uint8Array>;
}

interface DocCounts {
  terms: Int32Array;
  tf: Uint8Array; // 3 per term: title, abstract, keywords
  len: [number, number, number];
}

/** The normalised text, sharing the original string when normalising changed nothing (saves memory). */
function same(raw: string): string {
  const n = normalizeText(raw);
  return n === raw ? raw : n;
}

export function buildPoolIndex(patents: readonly PoolPatent[]): PoolIndex {
  const termIds = new Map<string, number>();
  const df: number[] = [];
  const counts: DocCounts[] = [];
  const docs: IndexedDoc[] = [];
  const ipcLists = new Map<string, number[]>();
  const ipcMainLists = new Map<string, number[]>();
  patents.forEach((patent, d) => {
    const text = {
      title: same(patent.title),
      abstract: same(patent.abstract ?? ''),
      keywords: same(patent.keywords ?? ''),
    };
    const ipc = patent.ipcCodes.map(parseIpc);
    docs.push({ patent, text, ipc });
    const seenKeys = new Set<string>();
    ipc.forEach((s, position) => {
      if (!s) return;
      for (const key of [s.cls, s.subclass, s.group && `${s.subclass} ${s.group}`]) {
        if (!key || seenKeys.has(key)) continue;
        seenKeys.add(key);
        // The main classification comes first, so a key is flagged main when the main code has it.
        const main = position === 0 ? 1 : 0;
        const list = ipcLists.get(key);
        if (list) {
          list.push(d);
          ipcMainLists.get(key)!.push(main);
        } else {
          ipcLists.set(key, [d]);
          ipcMainLists.set(key, [main]);
        }
      }
    });
    const local = new Map<number, number>();
    const tfs: number[] = [];
    const len: [number, number, number] = [0, 0, 0];
    FIELDS.forEach((field, f) => {
      const terms = analyze(text[field]);
      len[f] = terms.length;
      for (const term of terms) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = df.length;
          termIds.set(term, id);
          df.push(0);
        }
        let slot = local.get(id);
        if (slot === undefined) {
          slot = local.size;
          local.set(id, slot);
          df[id]! += 1;
          tfs.push(0, 0, 0);
        }
        tfs[slot * 3 + f] = Math.min(255, tfs[slot * 3 + f]! + 1);
      }
    });
    counts.push({ terms: Int32Array.from(local.keys()), tf: Uint8Array.from(tfs), len });
  });
  return pack(docs, counts, termIds, df, ipcLists, ipcMainLists);
}

function pack(
  docs: IndexedDoc[],
  counts: DocCounts[],
  termIds: Map<string, number>,
  df: number[],
  ipcLists: Map<string, number[]>,
  ipcMainLists: Map<string, number[]>,
): PoolIndex {
  const n = docs.length;
  const { k1, field: w, b } = WEIGHTS.bm25;
  const weights = [w.title, w.abstract, w.keywords];
  const bs = [b.title, b.abstract, b.keywords];
  const avg = [0, 1, 2].map((f) => counts.reduce((s, c) => s + c.len[f]!, 0) / Math.max(1, n) || 1);
  const offsets = new Int32Array(df.length + 1);
  for (let t = 0; t < df.length; t++) offsets[t + 1] = offsets[t]! + df[t]!;
  const total = offsets[df.length]!;
  const docIds = new Int32Array(total);
  const impacts = new Float32Array(total);
  const fields = new Uint8Array(total);
  const titled = new Int32Array(df.length);
  for (const c of counts)
    for (let i = 0; i < c.terms.length; i++) if (c.tf[i * 3]! > 0) titled[c.terms[i]!]! += 1;
  const split = new Int32Array(df.length);
  for (let t = 0; t < df.length; t++) split[t] = offsets[t]! + titled[t]!;
  const fillTitle = offsets.slice(0, df.length);
  const fillRest = split.slice();
  const maxImpact = new Float32Array(df.length);
  const maxImpactTitle = new Float32Array(df.length);
  // Documents in ascending order: each term's postings come out sorted by document.
  counts.forEach((c, d) => {
    const norms = [0, 1, 2].map((f) => 1 - bs[f]! + (bs[f]! * c.len[f]!) / avg[f]!);
    for (let i = 0; i < c.terms.length; i++) {
      const t = c.terms[i]!;
      let tf = 0;
      let mask = 0;
      for (let f = 0; f < 3; f++) {
        const raw = c.tf[i * 3 + f]!;
        if (raw === 0) continue;
        tf += (weights[f]! * raw) / norms[f]!;
        mask |= 1 << f;
      }
      const impact = (tf * (k1 + 1)) / (tf + k1);
      const fill = mask & 1 ? fillTitle : fillRest;
      const at = fill[t]!;
      fill[t] = at + 1;
      docIds[at] = d;
      impacts[at] = impact;
      fields[at] = mask;
      if (mask & 1) {
        if (impact > maxImpactTitle[t]!) maxImpactTitle[t] = impact;
      } else if (impact > maxImpact[t]!) maxImpact[t] = impact;
    }
  });
  const idf = new Float32Array(df.length);
  for (let t = 0; t < df.length; t++) idf[t] = Math.log(1 + (n - df[t]! + 0.5) / (df[t]! + 0.5));
  const ipcPostings = new Map<string, Int32Array>();
  const ipcMain = new Map<string, Uint8Array>();
  for (const [key, list] of ipcLists) {
    ipcPostings.set(key, Int32Array.from(list));
    ipcMain.set(key, Uint8Array.from(ipcMainLists.get(key)!));
  }
  const province = Int8Array.from(docs, (d) => {
    const two = Number.parseInt(d.patent.province.trim().slice(0, 2), 10);
    return Number.isFinite(two) ? two : -1;
  });
  const gradeBonus = Float32Array.from(
    docs,
    (d) =>
      (d.patent.selfGrade ? WEIGHTS.value[d.patent.selfGrade] : 0) +
      (d.patent.expertGrade ? WEIGHTS.value[d.patent.expertGrade] : 0),
  );
  const rankOrder = new Int32Array(docs.length);
  Array.from(docs.keys())
    .sort((a, b) =>
      docs[a]!.patent.order < docs[b]!.patent.order
        ? -1
        : docs[a]!.patent.order > docs[b]!.patent.order
          ? 1
          : a - b,
    )
    .forEach((d, position) => {
      rankOrder[d] = position;
    });
  return {
    docs,
    termIds,
    idf,
    offsets,
    split,
    maxImpactTitle,
    docIds,
    impacts,
    fields,
    maxImpact,
    province,
    gradeBonus,
    rankOrder,
    ipcPostings,
    ipcMain,
  };
}

/** Where document `d` sits in term `t`'s postings, or -1 (binary search in each sorted run). */
export function findPosting(index: PoolIndex, t: number, d: number): number {
  const at = searchRun(index.docIds, index.offsets[t]!, index.split[t]! - 1, d);
  return at >= 0 ? at : searchRun(index.docIds, index.split[t]!, index.offsets[t + 1]! - 1, d);
}

function searchRun(docIds: Int32Array, from: number, to: number, d: number): number {
  let lo = from;
  let hi = to;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = docIds[mid]!;
    if (v === d) return mid;
    if (v < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The pool's inverse document frequency of a raw term (unknown terms: as rare as can be). */
export function termIdf(index: PoolIndex, term: string): number {
  const t = index.termIds.get(term);
  const n = index.docs.length;
  return t === undefined ? Math.log(1 + (n + 0.5) / 0.5) : index.idf[t]!;
}
