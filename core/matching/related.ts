// Words say what an enterprise needs; patents that fit them best also say where in the IPC such
// inventions are filed. A profile written in words (keywords, prose) gets, as extra evidence, the main
// classifications of its best few text matches (pseudo-relevance feedback): a patent in the same main
// group as one of them (and more so under the same subgroup digits) is likely what is needed even when
// it is worded differently. The reason names that patent, so the evidence stays checkable. Only for
// profiles without IPC interests of their own.

import type { PoolIndex } from './index/pool-index.ts';
import { searchIndexed } from './index/search.ts';
import { parseIpc } from './ipc-depth.ts';
import type { Query } from './query.ts';
import { WEIGHTS } from './weights.ts';

export function withRelatedFields(index: PoolIndex, query: Query): Query {
  // An enterprise that named its IPC fields has said where to look: nothing is inferred for it.
  if (query.phrases.length === 0 || query.interests.length > 0) return query;
  // Words alone decide which patents fit best: the IPC interests have their own evidence already.
  const words: Query = { ...query, interests: [], related: [], feedback: [] };
  delete words.semantic;
  const { hits } = searchIndexed(index, words, WEIGHTS.related.patents);
  const best = hits[0]?.score ?? 0;
  const related = hits
    .filter((h) => h.score >= WEIGHTS.related.ofBest * best)
    .flatMap((h) => {
      const patent = index.doc(h.doc).patent;
      const code = patent.ipcCodes[0];
      const symbol = code ? parseIpc(code) : null;
      return symbol?.group ? [{ doc: h.doc, code: code!, symbol, title: patent.title }] : [];
    });
  return { ...query, related };
}
