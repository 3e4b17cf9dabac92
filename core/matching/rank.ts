// Which pool patents an enterprise gets this run: its top k by score (the indexed search), cut
// relatively — at least `relativeFloor` of its own best score and never under `minScore` — so a single
// strong keyword or a prose profile qualifies as well as an IPC list does; pairs already pushed are left
// out (but still set the best score, so repeated runs do not slide down to weaker matches); at most
// `cap` of them.
import type { Scored } from './explain.ts';
import type { PoolIndex } from './index/pool-index.ts';
import { searchIndexed } from './index/search.ts';
import type { Query } from './query.ts';
import { withRelatedFields } from './related.ts';

export interface CutOff {
  k: number;
  cap: number;
  minScore: number;
  relativeFloor: number;
}

export const DEFAULT_CUT_OFF: CutOff = { k: 20, cap: 5, minScore: 10, relativeFloor: 0.25 };

export function pick(index: PoolIndex, query: Query, excluded: ReadonlySet<number>, cut: CutOff): Scored[] {
  const { hits } = searchIndexed(index, withRelatedFields(index, query), cut.k + excluded.size);
  return cutOff(hits, excluded, cut);
}

export function cutOff(hits: readonly Scored[], excluded: ReadonlySet<number>, cut: CutOff): Scored[] {
  const best = hits[0]?.score ?? 0;
  const floor = Math.max(cut.minScore, cut.relativeFloor * best);
  return hits
    .filter((h) => h.score >= floor)
    .filter((h) => !excluded.has(h.doc))
    .slice(0, cut.cap);
}
