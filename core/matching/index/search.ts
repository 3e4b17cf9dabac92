// Top-k pool documents for one query. `searchIndexed` walks only the postings that can still change the
// top k (term-at-a-time MaxScore): sources — query terms and IPC interest levels — are taken in order
// of their upper bound; once the bounds of the sources left (plus the most bonuses can add) fall below
// the k-th best lower bound, no unseen document can enter and the rest are skipped. The survivors are
// scored exactly (explain.ts). `searchExhaustive` scores every document: the reference it must equal.
import { bonusBounds, type Scored, scoreDoc } from '../explain.ts';
import { agreement, IPC_DEPTHS, type IpcDepth, type IpcSymbol } from '../ipc-depth.ts';
import type { Query } from '../query.ts';
import { agreementPoints, WEIGHTS } from '../weights.ts';
import { provincePrefix } from './doc-table.ts';
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
  for (let d = 0; d < index.size; d++) {
    const s = scoreDoc(index, query, d);
    if (s) hits.push(s);
  }
  return { hits: hits.sort(byRank(index)).slice(0, k), scored: index.size };
}

interface Source {
  ub: number;
  /** `exact`: a one-bigram CJK phrase, whose phrase bonus is certain once the term is met. */
  text?: { start: number; end: number; weight: number; exact: boolean };
  ipc?: {
    /** The key's postings: [start, end) in index.ipcDocs / ipcMains / ipcSubgroups. */
    start: number;
    end: number;
    symbol: IpcSymbol;
    key: string;
    share: number;
    related: boolean;
    self: number;
    depth: IpcDepth;
  };
}

/**
 * Reused between calls on one thread: a run searches thousands of enterprises. A document's four
 * accumulators sit side by side (acc[4d…4d+3]: text, exact phrase, IPC, related IPC): a search touches
 * tens of thousands of documents at random, and one cache line per document instead of four is most of
 * its speed.
 */
class Scratch {
  acc: Float64Array;
  buffer: Float64Array;
  upper: Float64Array;
  seen: Uint8Array;
  touched: Int32Array;
  count = 0;
  constructor(n: number) {
    this.acc = new Float64Array(n * 4);
    this.buffer = new Float64Array(n);
    this.upper = new Float64Array(n);
    this.seen = new Uint8Array(n);
    this.touched = new Int32Array(n);
  }
  reset() {
    const { acc, seen, touched } = this;
    for (let i = 0; i < this.count; i++) {
      const d = touched[i]!;
      const at = d << 2;
      acc[at] = 0;
      acc[at + 1] = 0;
      acc[at + 2] = 0;
      acc[at + 3] = 0;
      seen[d] = 0;
    }
    this.count = 0;
  }
}
const TEXT = 0;
const EXACT = 1;
const IPC = 2;
const REL = 3;
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
      const slot = key ? index.ipcKey.get(key) : undefined;
      if (slot === undefined || IPC_DEPTHS.indexOf(depth) > IPC_DEPTHS.indexOf(field.deepest)) continue;
      const top = WEIGHTS.ipc[depth] + (depth === 'group' ? 2 * WEIGHTS.ipcSubgroupDigit : 0);
      out.push({
        ub: field.share * top * WEIGHTS.mainClassificationFactor,
        ipc: {
          start: index.ipcOffsets[slot]!,
          end: index.ipcOffsets[slot + 1]!,
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
    sc = new Scratch(index.size);
    scratches.set(index, sc);
  }
  const { acc, seen, touched } = sc;
  const list = sources(index, query);
  const bounds = bonusBounds(query);
  const phraseFactor = 1 + WEIGHTS.phraseBonus;
  const floor = WEIGHTS.partialFloor;
  // Rounding each reason to 0.1 moves a score by at most 0.05 per reason; only text and semantic
  // points are not already multiples of 0.1.
  const slack = 0.05 * (query.phrases.length + (query.semantic ? 1 : 0));
  const region = provincePrefix(query.region);
  const fixedUp =
    (query.semantic ? WEIGHTS.semantic : 0) +
    (query.feedback.some((f) => f.answer === 'interested') ? WEIGHTS.feedback.interested : 0);
  const { province, gradeBonus } = index;
  /** Region and value bonuses are known exactly per document, without scoring it. */
  // An unknown region (−1) never equals a province: documents store −1 for theirs.
  const regionKey = region < 0 ? -2 : region;
  const regionBonus = WEIGHTS.region;
  const lowerShift = -bounds.down - slack;
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
  // Exact scores found on the way, kept for the last step (a document is scored once per search).
  const exactScores = new Map<number, Scored | null>();
  const scoreOf = (d: number): Scored | null => {
    let s = exactScores.get(d);
    if (s === undefined) {
      s = scoreDoc(index, query, d);
      exactScores.set(d, s);
    }
    return s;
  };
  /**
   * θ: a score k documents are known to reach. The k-th largest lower bound among the first `prefix`
   * documents met (any k give a valid θ) — and, much tighter, the k-th best exact score of the documents
   * with the best lower bounds: a phrase met in part counts from 0.4 to 1.5 times its terms, so bounds
   * alone leave θ far below the scores that will win, and nothing can be skipped.
   */
  const thetaAt = (prefix: number) => {
    const n = Math.min(sc.count, prefix);
    const lowers = sc.buffer.subarray(0, n);
    for (let i = 0; i < n; i++) {
      const d = touched[i]!;
      const at = d << 2;
      lowers[i] =
        acc[at + EXACT]! +
        floor * acc[at + TEXT]! +
        acc[at + IPC]! +
        acc[at + REL]! +
        (province[d] === regionKey ? regionBonus : 0) +
        gradeBonus[d]! +
        lowerShift;
    }
    const copy = sc.upper.subarray(0, n);
    copy.set(lowers);
    const cut = kthLargest(copy, k);
    const scores: number[] = [];
    for (let i = 0; i < n && scores.length < 2 * k; i++) {
      if (lowers[i]! < cut) continue;
      const s = scoreOf(touched[i]!);
      if (s) scores.push(s.score);
    }
    if (scores.length < k) return cut;
    scores.sort((a, b) => b - a);
    return Math.max(cut, scores[k - 1]!);
  };
  let count = sc.count;
  for (let si = 0; si < list.length; si++) {
    const source = list[si]!;
    // No unseen document can reach the k-th best any more: stop admitting new ones. θ is recomputed
    // only when the bound of what is left has dropped enough since the last try.
    if (admitting && count >= k && remaining < CHECK_AFTER * Math.min(lastCheck, initial)) {
      lastCheck = remaining;
      sc.count = count;
      theta = Math.max(theta, thetaAt(THETA_PREFIX));
      // From here on the remaining sources only complete the documents already met.
      if (remaining + maxBonus < theta - 1e-6) admitting = false;
    }
    remaining = remainingAfter(si + 1).total;
    if (source.text) {
      const { start, end, weight, exact } = source.text;
      const slotOf = exact ? EXACT : TEXT;
      const w = exact ? weight * phraseFactor : weight;
      const { docIds, impacts } = index;
      if (admitting) {
        for (let p = start; p < end; p++) {
          const d = docIds[p]!;
          if (seen[d] === 0) {
            seen[d] = 1;
            touched[count++] = d;
          }
          acc[(d << 2) + slotOf]! += w * impacts[p]!;
        }
      } else {
        for (let p = start; p < end; p++) {
          const d = docIds[p]!;
          if (seen[d] === 1) acc[(d << 2) + slotOf]! += w * impacts[p]!;
        }
      }
    } else if (source.ipc) {
      const { start, end, symbol, share, related, self, depth } = source.ipc;
      const slotOf = related ? REL : IPC;
      const main = WEIGHTS.mainClassificationFactor;
      const flat = WEIGHTS.ipc[depth] * share;
      const { ipcDocs, ipcMains, ipcSubgroups } = index;
      const coarse = depth === 'class' || depth === 'subclass';
      // Points of a document's subgroup under the interest's main group, by subgroup number (few distinct).
      const bySubgroup = new Map<number, number>();
      const subgroupPoints = (sub: number): number => {
        let pts = bySubgroup.get(sub);
        if (pts === undefined) {
          const name = index.subgroupNames[sub]!;
          const agreed = agreement({ ...symbol, subgroup: name === '' ? null : name }, symbol);
          pts =
            agreed && (agreed.depth === 'subgroup' || (agreed.depth === 'group' && depth === 'group'))
              ? share * agreementPoints(agreed)
              : 0;
          bySubgroup.set(sub, pts);
        }
        return pts;
      };
      for (let p = start; p < end; p++) {
        const d = ipcDocs[p]!;
        if (d === self || (!admitting && seen[d] === 0)) continue;
        let best = 0;
        if (coarse) {
          // Every document of these postings agrees at this depth; whether its main code does too is
          // stored beside the posting (no document object to fetch).
          best = flat * (ipcMains[p] === 1 ? main : 1);
        } else {
          const sub = ipcSubgroups[p]!;
          if (sub >= 0) best = subgroupPoints(sub) * (ipcMains[p] === 1 ? main : 1);
          else best = groupPoints(index, d, symbol, share, depth);
        }
        if (best === 0) continue;
        if (seen[d] === 0) {
          seen[d] = 1;
          touched[count++] = d;
        }
        const at = (d << 2) + slotOf;
        if (best > acc[at]!) acc[at] = best;
      }
    }
  }
  sc.count = count;
  // Every source was walked (the last ones for known documents only): the bounds are per document,
  // both taken in one pass over the documents met (each one's accumulators read once).
  const upShift = fixedUp + slack;
  const lowers = sc.buffer.subarray(0, count);
  const uppers = sc.upper.subarray(0, count);
  for (let i = 0; i < count; i++) {
    const d = touched[i]!;
    const at = d << 2;
    const text = acc[at + TEXT]!;
    const rest =
      acc[at + EXACT]! +
      acc[at + IPC]! +
      acc[at + REL]! +
      (province[d] === regionKey ? regionBonus : 0) +
      gradeBonus[d]!;
    lowers[i] = rest + floor * text + lowerShift;
    uppers[i] = rest + phraseFactor * text + upShift;
  }
  if (count >= k) theta = Math.max(theta, kthLargest(lowers, k));
  // Survivors in order of their upper bounds (then their order, as ranks break ties); scoring stops
  // once the next one cannot beat the k-th exact score found.
  const candidates: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < count; i++) {
    if (uppers[i]! < theta - 1e-6) continue;
    upper.push(uppers[i]!);
    candidates.push(touched[i]!);
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
    const s = scoreOf(candidates[c]!);
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

/** A document with several symbols in the interest's main group: the best of them, as explain.ts scores. */
function groupPoints(index: PoolIndex, d: number, symbol: IpcSymbol, share: number, depth: IpcDepth): number {
  const codes = index.ipcOf(d);
  let best = 0;
  for (let c = 0; c < codes.length; c++) {
    const sym = codes[c];
    if (!sym || sym.cls !== symbol.cls) continue;
    const agreed = agreement(sym, symbol);
    if (agreed === null || (depth === 'subgroup' && agreed.depth !== 'subgroup')) continue;
    if (agreed.depth !== 'subgroup' && agreed.depth !== 'group') continue;
    const pts = share * agreementPoints(agreed) * (c === 0 ? WEIGHTS.mainClassificationFactor : 1);
    if (pts > best) best = pts;
  }
  return best;
}

/**
 * θ is taken over a bounded prefix of the documents met while admitting: the first met come from the
 * strongest sources, so a prefix keeps θ close at a bounded cost.
 */
const THETA_PREFIX = 4096;
/** θ is tried again once the bound of what is left has fallen to this share of the last try's. */
const CHECK_AFTER = 0.5;
