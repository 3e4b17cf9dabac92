// Term counts of a run of documents: the expensive part of building the index (word segmentation), so
// it is what the build spreads over threads (build-threads.ts). A slice numbers its terms locally and
// ships flat typed arrays; assembling the index (pool-index.ts) maps local numbers to the pool's.
import { chunks } from '../text/segment.ts';

export interface AnalyzedSlice {
  /** Local term number → term. */
  terms: string[];
  /** Per document: how many distinct terms it has (its entries below, in document order). */
  entryCount: Int32Array;
  /** Per entry: local term number. */
  entryTerm: Int32Array;
  /** Per entry: term frequency in title, abstract, keywords (capped at 255). */
  entryTf: Uint8Array;
  /** Per document: number of terms in title, abstract, keywords. */
  fieldLength: Int32Array;
}

/**
 * `fieldsOf(i)`: the normalised title, abstract and keywords of the slice's document i (read one at a
 * time: a thread reads them from the shared document table, not from a copy of the pool's texts).
 */
export function analyzeSlice(
  count: number,
  fieldsOf: (i: number) => readonly [string, string, string],
): AnalyzedSlice {
  const local = new Map<string, number>();
  const terms: string[] = [];
  const entryCount = new Int32Array(count);
  const fieldLength = new Int32Array(count * 3);
  let entryTerm = new Int32Array(1 << 16);
  let entryTf = new Uint8Array(3 << 16);
  let entries = 0;
  const slotOf = new Map<number, number>();
  for (let d = 0; d < count; d++) {
    const texts = fieldsOf(d);
    slotOf.clear();
    for (let f = 0; f < 3; f++) {
      let length = 0;
      for (const chunk of chunks(texts[f]!)) {
        for (const term of chunk.terms) {
          length += 1;
          let id = local.get(term);
          if (id === undefined) {
            id = terms.length;
            local.set(term, id);
            terms.push(term);
          }
          let slot = slotOf.get(id);
          if (slot === undefined) {
            slot = entries++;
            if (slot >= entryTerm.length) {
              entryTerm = grow(entryTerm, Int32Array);
              entryTf = grow(entryTf, Uint8Array);
            }
            slotOf.set(id, slot);
            entryTerm[slot] = id;
          }
          const at = slot * 3 + f;
          if (entryTf[at]! < 255) entryTf[at]! += 1;
        }
      }
      fieldLength[d * 3 + f] = length;
    }
    entryCount[d] = slotOf.size;
  }
  return {
    terms,
    entryCount,
    // Views of the grown buffers, not copies: a province's slice holds millions of entries.
    entryTerm: entryTerm.subarray(0, entries),
    entryTf: entryTf.subarray(0, entries * 3),
    fieldLength,
  };
}

function grow<T extends Int32Array | Uint8Array>(a: T, Type: { new (n: number): T }): T {
  const b = new Type(a.length * 2);
  b.set(a);
  return b;
}
