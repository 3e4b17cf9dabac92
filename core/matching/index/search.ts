// Top-k pool documents for one query. `searchIndexed` walks only the postings that can still change the
// top k (term-at-a-time MaxScore): sources — query terms and IPC interest levels — are taken in order
// of their upper bound; once the bounds of the sources left (plus the most bonuses can add) fall below
// the k-th best lower bound, no unseen document can enter and the rest are skipped. The survivors are
// scored exactly (explain.ts). `searchExhaustive` scores every document: the reference it must equal.
import { bonusBounds, type Scored, scoreDoc } from '../explain.ts';
import { agreement, IPC_DEPTHS, type IpcDepth, type IpcSymbol } from '../ipc-depth.ts';
import type { Query } from '../query.ts';
import { agreementPoints, WEIGHTS } from '../weights.ts';
import type { PoolIndex } from './pool-index.ts';

export interface TopK {
  /** Best first; ties by the patents' `order`. */
  hits: Scored[];
  /** Documents scored exactly (for the benchmark). */
  scored: number;
}

const byRank = (index: PoolIndex) => (a: Scored, b: Scored) =>
  b.score - a.score || index.rankOrder[a.doc]! - index.rankOrder[b.doc]!;

export function searchExhaustive(index: PoolIndex, query: Query, k: number): TopK {
  const hits: Scored[] = [];
  for (let d = 0; d < index.docs.length; d++) {
    const s = scoreDoc(index, query, d);
    if (s) hits.push(s);
  }
  return { hits: hits.sort(byRank(index)).slice(0, k), scored: index.docs.length };
}

interface Source {
  ub: number;
  /** `exact`: a one-bigram CJK phrase, whose phrase bonus is certain once the term is met. */
  text?: { start: number; end: number; weight: number; exact: boolean };
  ipc?: {
    postings: Int32Array;
    mains: Uint8Array;
    symbol: IpcSymbol;
    key: string;
    share: number;
    related: boolean;
    self: number;
    depth: IpcDepth;
  };
}

/** Reused between calls on one thread: a run searches thousands of enterprises. */
class Scratch {
  text: Float64Array;
  exact: Float64Array;
  buffer: Float64Array;
  ipc: Float64Array;
  rel: Float64Array;
  seen: Uint8Array;
  touched: Int32Array;
  count = 0;
  constructor(n: number) {
    this.text = new Float64Array(n);
    this.exact = new Float64Array(n);
    this.buffer = new Float64Array(n);
    this.ipc = new Float64Array(n);
    this.rel = new Float64Array(n);
    this.seen = new Uint8Array(n);
    this.touched = new Int32Array(n);
  }
  touch(d: number) {
    if (this.seen[d] === 0) {
      this.seen[d] = 1;
      this.touched[this.count++] = d;
    }
  }
  reset() {
    for (let i = 0; i < this.count; i++) {
      const d = this.touched[i]!;
      this.text[d] = 0;
      this.exact[d] = 0;
      this.ipc[d] = 0;
      this.rel[d] = 0;
      this.seen[d] = 0;
    }
    this.count = 0;
  }
}
const scratches = new WeakMap<PoolIndex, Scratch>();

function sources(index: PoolIndex, query: Query): Source[] {
  const out: Source[] = [];
  const phraseFactor = 1 + WEIGHTS.phraseBonus;
  for (const phrase of query.phrases) {
    for (const term of phrase.terms) {
      if (term.id === undefined || term.weight <= 0) continue;
      const exact = phrase.terms.length === 1 && !phrase.latin && term.term === phrase.text;
      const t = term.id;
      // The title run and the rest are separate sources: the rest often needs no walking at all.
      for (const [start, end, max] of [
        [index.offsets[t]!, index.split[t]!, index.maxImpactTitle[t]!],
        [index.split[t]!, index.offsets[t + 1]!, index.maxImpact[t]!],
      ] as const) {
        if (end > start)
          out.push({
            ub: term.weight * max * phraseFactor,
            text: { start, end, weight: term.weight, exact },
          });
      }
    }
  }
  const fields = [
    ...query.interests.map((i) => ({ symbol: i.symbol, share: 1, deepest: 'class' as IpcDepth, self: -1 })),
    ...query.related.map((r) => ({
      symbol: r.symbol,
      share: WEIGHTS.related.share,
      deepest: 'group' as IpcDepth,
      self: r.doc,
    })),
  ];
  for (const field of fields) {
    const s = field.symbol;
    // One source per level the interest reaches; a document met at a deeper level first keeps the max.
    const keys: [IpcDepth, string | null][] = [
      ['subgroup', s.subgroup && s.group ? `${s.subclass} ${s.group}` : null],
      ['group', s.group ? `${s.subclass} ${s.group}` : null],
      ['subclass', s.subclass],
      ['class', s.cls],
    ];
    for (const [depth, key] of keys) {
      const postings = key ? index.ipcPostings.get(key) : undefined;
      const mains = key ? index.ipcMain.get(key) : undefined;
      if (!postings || !mains || IPC_DEPTHS.indexOf(depth) > IPC_DEPTHS.indexOf(field.deepest)) continue;
      const top = WEIGHTS.ipc[depth] + (depth === 'group' ? 2 * WEIGHTS.ipcSubgroupDigit : 0);
      out.push({
        ub: field.share * top * WEIGHTS.mainClassificationFactor,
        ipc: {
          postings,
          mains,
          symbol: s,
          key: key!,
          share: field.share,
          related: field.share !== 1,
          self: field.self,
          depth,
        },
      });
    }
  }
  return out.sort((a, b) => b.ub - a.ub);
}

/** k-th largest of `values` (k ≥ 1), by quickselect on a copy. */
function kthLargest(values: Float64Array, k: number): number {
  const a = values;
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

export function searchIndexed(index: PoolIndex, query: Query, k: number): TopK {
  let sc = scratches.get(index);
  if (!sc) {
    sc = new Scratch(index.docs.length);
    scratches.set(index, sc);
  }
  const list = sources(index, query);
  const bounds = bonusBounds(query);
  const phraseFactor = 1 + WEIGHTS.phraseBonus;
  const floor = WEIGHTS.partialFloor;
  // Rounding each reason to 0.1 moves a score by at most 0.05 per reason; only text and semantic
  // points are not already multiples of 0.1.
  const slack = 0.05 * (query.phrases.length + (query.semantic ? 1 : 0));
  const region = Number.parseInt(query.region.trim().slice(0, 2), 10);
  const fixedUp =
    (query.semantic ? WEIGHTS.semantic : 0) +
    (query.feedback.some((f) => f.answer === 'interested') ? WEIGHTS.feedback.interested : 0);
  /** Region and value bonuses are known exactly per document, without scoring it. */
  const bonus = (d: number) => (index.province[d] === region ? WEIGHTS.region : 0) + index.gradeBonus[d]!;
  const lowerOf = (d: number) =>
    sc.exact[d]! + floor * sc.text[d]! + sc.ipc[d]! + sc.rel[d]! + bonus(d) - bounds.down - slack;
  // What the sources not yet walked can still add: text sources add up, IPC evidence is a maximum
  // (over interests and levels), so only the best remaining IPC source counts, per kind.
  const remainingAfter = (from: number) => {
    let text = 0;
    let ipc = 0;
    let rel = 0;
    for (let i = from; i < list.length; i++) {
      const x = list[i]!;
      if (x.text) text += x.ub;
      else if (x.ipc?.related) rel = Math.max(rel, x.ub);
      else ipc = Math.max(ipc, x.ub);
    }
    return { text, ipc, rel, total: text + ipc + rel };
  };
  let remaining = remainingAfter(0).total;
  // θ costs a pass over the documents met: tried when what is left has halved since the last try.
  const initial = remaining;
  let theta = Number.NEGATIVE_INFINITY;
  let lastCheck = Number.POSITIVE_INFINITY;
  let admitting = true;
  const maxBonus = WEIGHTS.region + 2 * Math.max(...Object.values(WEIGHTS.value)) + fixedUp + slack;
  for (let si = 0; si < list.length; si++) {
    const source = list[si]!;
    // No unseen document can reach the k-th best any more: stop admitting new ones. θ is recomputed
    // only when the bound of what is left has dropped enough since the last try.
    if (admitting && sc.count >= k && remaining < 0.5 * Math.min(lastCheck, initial)) {
      lastCheck = remaining;
      theta = kthLower(sc, k, lowerOf);
      // From here on the remaining sources only complete the documents already met.
      if (remaining + maxBonus < theta - 1e-6) admitting = false;
    }
    remaining = remainingAfter(si + 1).total;
    if (source.text) {
      const { start, end, weight, exact } = source.text;
      const acc = exact ? sc.exact : sc.text;
      const w = exact ? weight * phraseFactor : weight;
      if (admitting) {
        for (let p = start; p < end; p++) {
          const d = index.docIds[p]!;
          sc.touch(d);
          acc[d]! += w * index.impacts[p]!;
        }
      } else {
        for (let p = start; p < end; p++) {
          const d = index.docIds[p]!;
          if (sc.seen[d] === 1) acc[d]! += w * index.impacts[p]!;
        }
      }
    } else if (source.ipc) {
      const { postings, mains, symbol, share, related, self, depth } = source.ipc;
      const acc = related ? sc.rel : sc.ipc;
      const main = WEIGHTS.mainClassificationFactor;
      const flat = WEIGHTS.ipc[depth] * share;
      for (let p = 0; p < postings.length; p++) {
        const d = postings[p]!;
        if (d === self || (!admitting && sc.seen[d] === 0)) continue;
        let best = 0;
        if (depth === 'class' || depth === 'subclass') {
          // Every document of these postings agrees at this depth; whether its main code does too is
          // stored beside the posting (no document object to fetch).
          best = flat * (mains[p] === 1 ? main : 1);
        } else {
          const codes = index.docs[d]!.ipc;
          for (let c = 0; c < codes.length; c++) {
            const sym = codes[c];
            if (!sym || sym.cls !== symbol.cls) continue;
            const agreed = agreement(sym, symbol);
            if (agreed === null || (depth === 'subgroup' && agreed.depth !== 'subgroup')) continue;
            if (agreed.depth !== 'subgroup' && agreed.depth !== 'group') continue;
            const pts = share * agreementPoints(agreed) * (c === 0 ? main : 1);
            if (pts > best) best = pts;
          }
        }
        if (best === 0) continue;
        sc.touch(d);
        if (best > acc[d]!) acc[d] = best;
      }
    }
  }
  // Every source was walked (the last ones for known documents only): the bounds are per document.
  const left = { text: 0, ipc: 0, rel: 0 };
  if (sc.count >= k) theta = Math.max(theta, kthLower(sc, k, lowerOf, sc.count));
  const upperOf = (d: number) =>
    sc.exact[d]! +
    phraseFactor * sc.text[d]! +
    left.text +
    Math.max(sc.ipc[d]!, left.ipc) +
    Math.max(sc.rel[d]!, left.rel) +
    bonus(d) +
    fixedUp +
    slack;
  // Survivors in order of their upper bounds (then their order, as ranks break ties); scoring stops
  // once the next one cannot beat the k-th exact score found.
  const candidates: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < sc.count; i++) {
    const d = sc.touched[i]!;
    const bound = upperOf(d);
    if (bound < theta - 1e-6) continue;
    upper.push(bound);
    candidates.push(d);
  }
  const orderOf = (d: number) => index.rankOrder[d]!;
  const order = Array.from(candidates.keys()).sort(
    (a, b) => upper[b]! - upper[a]! || orderOf(candidates[a]!) - orderOf(candidates[b]!),
  );
  const rank = byRank(index);
  const hits: Scored[] = [];
  let scored = 0;
  for (const c of order) {
    if (hits.length >= k) {
      const last = hits[k - 1]!;
      // Float sums of the same parts may differ in the last bits: compare with a tolerance.
      if (upper[c]! < last.score - 1e-6) break;
      if (upper[c]! <= last.score + 1e-6 && orderOf(candidates[c]!) > orderOf(last.doc)) break;
    }
    scored += 1;
    const s = scoreDoc(index, query, candidates[c]!);
    if (!s) continue;
    if (hits.length >= k && rank(s, hits[k - 1]!) >= 0) continue;
    let at = hits.length;
    while (at > 0 && rank(s, hits[at - 1]!) < 0) at--;
    hits.splice(at, 0, s);
    if (hits.length > k) hits.pop();
  }
  sc.reset();
  return { hits, scored };
}

/**
 * k-th largest lower bound among the first documents met (quickselect on a reused buffer). Any k
 * documents give a valid θ (it can only be lower than over all of them); the first met come from the
 * strongest sources, so a bounded prefix keeps θ close at a bounded cost.
 */
const THETA_PREFIX = 4096;
function kthLower(sc: Scratch, k: number, lowerOf: (d: number) => number, prefix = THETA_PREFIX): number {
  const n = Math.min(sc.count, prefix);
  const values = sc.buffer.subarray(0, n);
  for (let i = 0; i < n; i++) values[i] = lowerOf(sc.touched[i]!);
  return kthLargest(values, k);
}
