// The pool in memory, loaded once per run: an inverted index of terms (postings sorted by document,
// with each posting's BM25F impact precomputed) and of IPC prefixes (class, subclass, main group), and
// the documents themselves (doc-table.ts). Every array is packed flat (CSR layout) on SharedArrayBuffers:
// 200 000 patents take a few hundred MB, once, however many search threads read them
// (search-threads.ts). Term counting — the slow part — runs per slice (analyze-docs.ts), on several
// threads for a large pool (build-threads.ts).
import { type IpcSymbol, parseIpc } from '../ipc-depth.ts';
import { type ValueGrade, WEIGHTS } from '../weights.ts';
import { type AnalyzedSlice, analyzeSlice } from './analyze-docs.ts';
import { buildDocTable, DocReader, type DocTableData, type IndexedDoc, sharedArray } from './doc-table.ts';

export { FIELD_BIT, FIELDS, type Field, type IndexedDoc } from './doc-table.ts';

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

/** Everything a search needs, as plain data: typed arrays on SharedArrayBuffers and a few string lists. */
export interface PoolIndexData {
  docs: DocTableData;
  /** Term number → term. */
  terms: string[];
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
  maxImpact: Float32Array;
  docIds: Int32Array;
  impacts: Float32Array;
  fields: Uint8Array;
  /** Position of each document when sorted by `order`: ties between equal scores break on it. */
  rankOrder: Int32Array;
  /** The value-grade bonus of each document. */
  gradeBonus: Float32Array;
  /** IPC key → number: class "H01", subclass "H01M" or main group "H01M 10". */
  ipcKeys: string[];
  /** Documents (ascending) with a symbol under key i: ipcDocs[ipcOffsets[i], ipcOffsets[i+1]). */
  ipcOffsets: Int32Array;
  ipcDocs: Int32Array;
  /** Parallel to ipcDocs: 1 where the document's main classification is under the key. */
  ipcMains: Uint8Array;
  /**
   * Parallel to ipcDocs, for main-group keys: the document's subgroup under the group as a number into
   * subgroupNames (0: the main group itself), or −1 when the document has several symbols in the group.
   */
  ipcSubgroups: Int32Array;
  subgroupNames: string[];
}

export interface PoolIndex extends Omit<PoolIndexData, 'docs' | 'terms' | 'ipcKeys'> {
  data: PoolIndexData;
  /** Number of documents. */
  size: number;
  /** The patent id of each document; empty in search threads, which report document numbers. */
  ids: readonly string[];
  doc(d: number): IndexedDoc;
  /** The document's IPC symbols alone (no texts read). */
  ipcOf(d: number): (IpcSymbol | null)[];
  termIds: Map<string, number>;
  ipcKey: Map<string, number>;
  province: Int8Array;
}

/** Opens index data built here or posted from another thread. */
export function openPoolIndex(data: PoolIndexData, ids: readonly string[] = []): PoolIndex {
  const reader = new DocReader(data.docs);
  const { docs: _docs, terms, ipcKeys, ...arrays } = data;
  return {
    ...arrays,
    data,
    size: data.rankOrder.length,
    ids,
    doc: (d) => reader.doc(d),
    ipcOf: (d) => reader.ipc(d),
    termIds: new Map(terms.map((t, i) => [t, i])),
    ipcKey: new Map(ipcKeys.map((k, i) => [k, i])),
    province: data.docs.province,
  };
}

/** The index on this thread: for small pools (tests, a college's pool). */
export function buildPoolIndex(patents: readonly PoolPatent[]): PoolIndex {
  const skeleton = poolSkeleton(patents);
  const reader = new DocReader(skeleton.docs);
  return assemblePoolIndex(skeleton, [analyzeSlice(reader.size, (d) => reader.fields(d))]);
}

/**
 * Everything the index keeps of the patents themselves, taken first: once it is made, the patents
 * (hundreds of MB of strings for a province) can be dropped while the terms are counted.
 */
export interface PoolSkeleton {
  docs: DocTableData;
  ids: string[];
  rankOrder: Int32Array;
  gradeBonus: Float32Array;
  ipc: IpcPart;
}

export function poolSkeleton(patents: readonly PoolPatent[]): PoolSkeleton {
  const n = patents.length;
  const gradeBonus = sharedArray(Float32Array, n);
  patents.forEach((p, i) => {
    gradeBonus[i] =
      (p.selfGrade ? WEIGHTS.value[p.selfGrade] : 0) + (p.expertGrade ? WEIGHTS.value[p.expertGrade] : 0);
  });
  const rankOrder = sharedArray(Int32Array, n);
  Array.from(patents.keys())
    .sort((a, b) =>
      patents[a]!.order < patents[b]!.order ? -1 : patents[a]!.order > patents[b]!.order ? 1 : a - b,
    )
    .forEach((doc, position) => {
      rankOrder[doc] = position;
    });
  return {
    docs: buildDocTable(patents),
    ids: patents.map((p) => p.id),
    rankOrder,
    gradeBonus,
    ipc: ipcPostings(patents),
  };
}

/** The index from a pool's skeleton and the term counts of consecutive slices of its documents, in order. */
export function assemblePoolIndex(skeleton: PoolSkeleton, slices: readonly AnalyzedSlice[]): PoolIndex {
  const { docs, ids, rankOrder, gradeBonus } = skeleton;
  const n = ids.length;
  // Local term numbers of every slice mapped to the pool's.
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const maps = slices.map((slice) =>
    Int32Array.from(slice.terms, (term) => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = terms.length;
        termIds.set(term, id);
        terms.push(term);
      }
      return id;
    }),
  );
  const nTerms = terms.length;
  const df = new Int32Array(nTerms);
  const titled = new Int32Array(nTerms);
  const avg = [0, 0, 0];
  slices.forEach((slice, s) => {
    const map = maps[s]!;
    for (let e = 0; e < slice.entryTerm.length; e++) {
      const t = map[slice.entryTerm[e]!]!;
      df[t]! += 1;
      if (slice.entryTf[e * 3]! > 0) titled[t]! += 1;
    }
    for (let i = 0; i < slice.fieldLength.length; i++) avg[i % 3]! += slice.fieldLength[i]!;
  });
  for (let f = 0; f < 3; f++) avg[f] = avg[f]! / Math.max(1, n) || 1;
  const offsets = sharedArray(Int32Array, nTerms + 1);
  for (let t = 0; t < nTerms; t++) offsets[t + 1] = offsets[t]! + df[t]!;
  const total = offsets[nTerms]!;
  const docIds = sharedArray(Int32Array, total);
  const impacts = sharedArray(Float32Array, total);
  const fields = sharedArray(Uint8Array, total);
  const split = sharedArray(Int32Array, nTerms);
  for (let t = 0; t < nTerms; t++) split[t] = offsets[t]! + titled[t]!;
  const fillTitle = offsets.slice(0, nTerms);
  const fillRest = split.slice();
  const maxImpact = sharedArray(Float32Array, nTerms);
  const maxImpactTitle = sharedArray(Float32Array, nTerms);
  const { k1, field: w, b } = WEIGHTS.bm25;
  const weights = [w.title, w.abstract, w.keywords];
  const bs = [b.title, b.abstract, b.keywords];
  const norms = [0, 0, 0];
  // Documents in ascending order: each term's postings come out sorted by document.
  let d = 0;
  slices.forEach((slice, s) => {
    const map = maps[s]!;
    let e = 0;
    for (let local = 0; local < slice.entryCount.length; local++, d++) {
      for (let f = 0; f < 3; f++)
        norms[f] = 1 - bs[f]! + (bs[f]! * slice.fieldLength[local * 3 + f]!) / avg[f]!;
      const end = e + slice.entryCount[local]!;
      for (; e < end; e++) {
        const t = map[slice.entryTerm[e]!]!;
        let tf = 0;
        let mask = 0;
        for (let f = 0; f < 3; f++) {
          const raw = slice.entryTf[e * 3 + f]!;
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
    }
  });
  const idf = sharedArray(Float32Array, nTerms);
  for (let t = 0; t < nTerms; t++) idf[t] = Math.log(1 + (n - df[t]! + 0.5) / (df[t]! + 0.5));
  const data: PoolIndexData = {
    docs,
    terms,
    idf,
    offsets,
    split,
    maxImpactTitle,
    maxImpact,
    docIds,
    impacts,
    fields,
    rankOrder,
    gradeBonus,
    ...skeleton.ipc,
  };
  return openPoolIndex(data, ids);
}

type IpcPart = Pick<
  PoolIndexData,
  'ipcKeys' | 'ipcOffsets' | 'ipcDocs' | 'ipcMains' | 'ipcSubgroups' | 'subgroupNames'
>;

function ipcPostings(patents: readonly PoolPatent[]): IpcPart {
  // A pool repeats its codes: each is parsed once.
  const parsed = new Map<string, IpcSymbol | null>();
  const parse = (code: string) => {
    let s = parsed.get(code);
    if (s === undefined) {
      s = parseIpc(code);
      parsed.set(code, s);
    }
    return s;
  };
  const keyIds = new Map<string, number>();
  const keys: string[] = [];
  const lists: { docs: number[]; mains: number[]; subs: number[] }[] = [];
  const subgroupIds = new Map<string, number>([['', 0]]);
  const subgroupNames = [''];
  patents.forEach((patent, d) => {
    patent.ipcCodes.forEach((code, position) => {
      const s = parse(code);
      if (!s) return;
      const sub = s.subgroup ?? '';
      let subId = subgroupIds.get(sub);
      if (subId === undefined) {
        subId = subgroupNames.length;
        subgroupIds.set(sub, subId);
        subgroupNames.push(sub);
      }
      for (const key of [s.cls, s.subclass, s.group && `${s.subclass} ${s.group}`]) {
        if (!key) continue;
        let k = keyIds.get(key);
        if (k === undefined) {
          k = keys.length;
          keyIds.set(key, k);
          keys.push(key);
          lists.push({ docs: [], mains: [], subs: [] });
        }
        const list = lists[k]!;
        const last = list.docs.length - 1;
        if (last >= 0 && list.docs[last] === d) {
          // A second symbol of the document under this key: the main flag stays the first's (the main
          // classification comes first); a main group's subgroup is no longer one.
          list.subs[last] = -1;
          continue;
        }
        list.docs.push(d);
        list.mains.push(position === 0 ? 1 : 0);
        list.subs.push(subId);
      }
    });
  });
  const ipcOffsets = sharedArray(Int32Array, keys.length + 1);
  lists.forEach((l, k) => {
    ipcOffsets[k + 1] = ipcOffsets[k]! + l.docs.length;
  });
  const total = ipcOffsets[keys.length]!;
  const ipcDocs = sharedArray(Int32Array, total);
  const ipcMains = sharedArray(Uint8Array, total);
  const ipcSubgroups = sharedArray(Int32Array, total);
  lists.forEach((l, k) => {
    const at = ipcOffsets[k]!;
    ipcDocs.set(l.docs, at);
    ipcMains.set(l.mains, at);
    ipcSubgroups.set(l.subs, at);
  });
  return { ipcKeys: keys, ipcOffsets, ipcDocs, ipcMains, ipcSubgroups, subgroupNames };
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
  const n = index.size;
  return t === undefined ? Math.log(1 + (n + 0.5) / 0.5) : index.idf[t]!;
}
