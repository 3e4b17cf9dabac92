// Matching on several threads (core/matching/index/search-threads.ts) gives what one thread gives: the
// index built from slices counted on threads is the one built in one pass, array for array, and the
// threads rank every enterprise exactly as the main thread does (same documents, scores and reasons).
import { afterAll, describe, expect, it } from 'vitest';
import { generateEnterprises, generatePatents, subclasses } from '../../../bench/matching/data.ts';
import { buildPoolIndex, type PoolIndex } from '../../../core/matching/index/pool-index.ts';
import { searchIndexed } from '../../../core/matching/index/search.ts';
import { buildIndexOnThreads, SearchThreads } from '../../../core/matching/index/search-threads.ts';
import { buildQuery } from '../../../core/matching/query.ts';
import { withRelatedFields } from '../../../core/matching/related.ts';

const subs = subclasses(120);
const patents = generatePatents(3000, subs, 7);
const profiles = generateEnterprises(90, subs, 8);

describe('matching on threads', () => {
  let threads: SearchThreads | undefined;
  afterAll(async () => {
    await threads?.close();
  });

  it('builds the same index from slices counted on three threads', async () => {
    const one = buildPoolIndex(patents);
    const many = await buildIndexOnThreads(patents, 3);
    expect(many.size).toBe(one.size);
    // Term numbers may differ between the builds (slices meet terms in another order): compare by term.
    const postingsOf = (index: PoolIndex, term: string) => {
      const t = index.termIds.get(term)!;
      const from = index.offsets[t]!;
      const to = index.offsets[t + 1]!;
      return {
        idf: index.idf[t],
        docs: Array.from(index.docIds.subarray(from, to)),
        impacts: Array.from(index.impacts.subarray(from, to)),
        fields: Array.from(index.fields.subarray(from, to)),
        split: index.split[t]! - from,
      };
    };
    expect([...many.termIds.keys()].sort()).toEqual([...one.termIds.keys()].sort());
    for (const term of one.data.terms) expect(postingsOf(many, term), term).toEqual(postingsOf(one, term));
    expect(Array.from(many.rankOrder)).toEqual(Array.from(one.rankOrder));
    expect(many.data.ipcKeys).toEqual(one.data.ipcKeys);
    expect(Array.from(many.ipcDocs)).toEqual(Array.from(one.ipcDocs));
    expect(many.doc(1234)).toEqual(one.doc(1234));
    expect(many.ids).toEqual(one.ids);
  });

  it('ranks every enterprise on the threads exactly as on this thread', async () => {
    const index = buildPoolIndex(patents);
    threads = await SearchThreads.open(index, 2);
    const queries = profiles.map((p) => buildQuery(index, p));
    const onThreads: unknown[] = new Array(queries.length);
    await threads.rank(
      queries.length,
      (e) => ({ query: queries[e]!, k: 20 }),
      (e, hits) => {
        onThreads[e] = hits;
      },
    );
    const here = queries.map((q) => searchIndexed(index, withRelatedFields(index, q), 20).hits);
    expect(onThreads).toHaveLength(profiles.length);
    expect(here.filter((h) => h.length > 0).length).toBeGreaterThan(80);
    expect(onThreads).toEqual(here);
  });
});
