// npm run eval:matching — ranking quality on the labelled evaluation set (test/fixtures/matching):
// precision@5, precision@10 and recall@20 per profile style, for Revive's matching and for the
// BM25-over-bigrams baseline, plus how many pushes a first run would make (relative cut-off, at most 5
// per enterprise) and the share of them that is relevant.
import { baselineRanking } from '../core/matching/eval/baseline.ts';
import { type Quality, quality } from '../core/matching/eval/metrics.ts';
import { buildPoolIndex, termIdf } from '../core/matching/index/pool-index.ts';
import { searchIndexed } from '../core/matching/index/search.ts';
import { buildQuery } from '../core/matching/query.ts';
import { cutOff, DEFAULT_CUT_OFF } from '../core/matching/rank.ts';
import { withRelatedFields } from '../core/matching/related.ts';
import { extractNeeds, understoodTerms } from '../core/matching/text/needs.ts';
import { ENTERPRISES, PATENTS, STYLES } from '../test/fixtures/matching/index.ts';

const pool = PATENTS.map((p) => ({ ...p, order: p.id }));
const index = buildPoolIndex(pool);
const rows: { style: string; ours: Quality; base: Quality; pushed: number; pushedRelevant: number }[] = [];
for (const style of STYLES) {
  const enterprises = ENTERPRISES.filter((e) => e.style === style);
  const ours = enterprises.map((e) => {
    const { hits } = searchIndexed(index, withRelatedFields(index, buildQuery(index, e)), 20);
    const pushes = cutOff(hits, new Set(), DEFAULT_CUT_OFF);
    return {
      ranked: hits.map((h) => index.ids[h.doc]!),
      relevant: e.relevant,
      pushes: pushes.map((h) => index.ids[h.doc]!),
    };
  });
  const base = enterprises.map((e) => ({ ranked: baselineRanking(PATENTS, e, 20), relevant: e.relevant }));
  const pushes = ours.flatMap((o) => o.pushes.map((id) => o.relevant.includes(id)));
  rows.push({
    style,
    ours: quality(ours),
    base: quality(base),
    pushed: pushes.length,
    pushedRelevant: pushes.filter(Boolean).length,
  });
}
const f = (n: number) => n.toFixed(2);
console.log(`evaluation set: ${PATENTS.length} patents, ${ENTERPRISES.length} enterprises\n`);
console.log(
  'style      n   P@5 ours/base   P@10 ours/base   R@20 ours/base   pushes of a first run (share relevant)',
);
for (const r of rows) {
  console.log(
    `${r.style.padEnd(9)} ${String(r.ours.n).padStart(2)}   ${f(r.ours.p5)} / ${f(r.base.p5)}     ${f(r.ours.p10)} / ${f(r.base.p10)}      ${f(r.ours.r20)} / ${f(r.base.r20)}      ${r.pushed} (${f(r.pushedRelevant / Math.max(1, r.pushed))})`,
  );
}
const prose = ENTERPRISES.find((e) => e.style === 'prose')!;
console.log(
  `\nwhat a prose profile is understood as (${prose.id}): ${understoodTerms(extractNeeds(prose.needs!, (t) => termIdf(index, t))).join('、')}`,
);
