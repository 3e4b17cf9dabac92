// The labelled evaluation set (test/fixtures/matching): quality stays above the goal for every
// profile style, the indexed search returns exactly what scoring every patent returns, and every reason
// of every push is checked against the patent and the profile by logic independent of the scorer.
import { beforeAll, describe, expect, it } from 'vitest';
import { quality } from '../../../core/matching/eval/metrics.ts';
import type { Scored } from '../../../core/matching/explain.ts';
import { buildPoolIndex, type PoolIndex } from '../../../core/matching/index/pool-index.ts';
import { searchExhaustive, searchIndexed } from '../../../core/matching/index/search.ts';
import { buildQuery, type Query } from '../../../core/matching/query.ts';
import { cutOff, DEFAULT_CUT_OFF } from '../../../core/matching/rank.ts';
import type { MatchReason } from '../../../core/matching/reasons.ts';
import { withRelatedFields } from '../../../core/matching/related.ts';
import {
  ENTERPRISES,
  type EvalEnterprise,
  type EvalPatent,
  PATENTS,
  STYLES,
} from '../../fixtures/matching/index.ts';

let index: PoolIndex;
const queries = new Map<string, Query>();
const byId = new Map(PATENTS.map((p) => [p.id, p]));

beforeAll(() => {
  index = buildPoolIndex(PATENTS.map((p) => ({ ...p, order: p.id })));
  for (const e of ENTERPRISES) queries.set(e.id, withRelatedFields(index, buildQuery(index, e)));
});

const idOf = (h: Scored) => index.ids[h.doc]!;

describe('the evaluation set', () => {
  it('is as large and varied as the issue asks', () => {
    expect(PATENTS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(PATENTS.map((p) => p.id.split('-')[0])).size).toBeGreaterThanOrEqual(10);
    expect(new Set(ENTERPRISES.map((e) => e.style))).toEqual(new Set(STYLES));
    expect(new Set(PATENTS.map((p) => p.id)).size).toBe(PATENTS.length);
  });

  it('reaches precision@10 of at least 0.8 in every profile style', () => {
    for (const style of STYLES) {
      const runs = ENTERPRISES.filter((e) => e.style === style).map((e) => ({
        ranked: searchIndexed(index, queries.get(e.id)!, 20).hits.map(idOf),
        relevant: e.relevant,
      }));
      expect(quality(runs).p10, style).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('finds with the index exactly the top 20 that scoring every patent finds', () => {
    for (const e of ENTERPRISES) {
      const q = queries.get(e.id)!;
      const indexed = searchIndexed(index, q, 20).hits;
      const exhaustive = searchExhaustive(index, q, 20).hits;
      expect(
        indexed.map((h) => [idOf(h), h.score]),
        e.id,
      ).toEqual(exhaustive.map((h) => [idOf(h), h.score]));
    }
  });

  it('gives only true reasons that add up to the score, for every push', () => {
    let checked = 0;
    for (const e of ENTERPRISES) {
      const { hits } = searchIndexed(index, queries.get(e.id)!, 20);
      for (const hit of cutOff(hits, new Set(), { ...DEFAULT_CUT_OFF, cap: 20 })) {
        const patent = byId.get(idOf(hit))!;
        const tenths = hit.reasons.reduce((s, r) => s + Math.round((r.points ?? Number.NaN) * 10), 0);
        expect(tenths / 10, `${e.id} ${patent.id}`).toBe(hit.score);
        for (const reason of hit.reasons) {
          expect(
            checkReason(reason, patent, e, queries.get(e.id)!),
            `${e.id} ${patent.id} ${JSON.stringify(reason)}`,
          ).toBe(true);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});

// ——— An independent checker: plain string logic on the symbols and texts, no scorer code. ———

const norm = (s: string) => s.normalize('NFKC').toLowerCase();
const compact = (s: string) => norm(s).toUpperCase().replace(/\s+/g, '');

/** "H01M10/0562" → ["H01", "H01M", "H01M10", "H01M10/0562"] (class, subclass, main group, symbol). */
function levels(symbol: string): { cls: string; subclass?: string; group?: string; sub?: string } {
  const s = compact(symbol);
  const [head, sub] = s.split('/');
  return {
    cls: s.slice(0, 3),
    subclass: s.length >= 4 ? s.slice(0, 4) : undefined,
    group: head!.length > 4 ? head!.replace(/^([A-H]\d\d[A-Z])0*/, '$1') : undefined,
    sub: sub && !/^0+$/.test(sub) ? sub : undefined,
  };
}

function trueLevel(patentCode: string, interest: string): string | null {
  const p = levels(patentCode);
  const i = levels(interest);
  if (p.cls !== i.cls) return null;
  if (!i.subclass || p.subclass !== i.subclass) return 'class';
  if (!i.group || p.group !== i.group) return 'subclass';
  if (i.sub && p.sub?.startsWith(i.sub)) return 'subgroup';
  return 'group';
}

function checkReason(reason: MatchReason, patent: EvalPatent, e: EvalEnterprise, query: Query): boolean {
  const fields = { title: norm(patent.title), abstract: norm(patent.abstract), keywords: '' };
  const profileText = norm([...e.keywords, e.needs ?? ''].join('\n'));
  switch (reason.kind) {
    case 'ipc':
      return (
        patent.ipcCodes.includes(reason.patent) &&
        (reason.main === true) === (patent.ipcCodes[0] === reason.patent) &&
        e.ipcInterests.includes(reason.interest) &&
        trueLevel(reason.patent, reason.interest) === reason.level
      );
    case 'text':
      // the phrase is the enterprise's, every quote stands in the field it is said to be in and comes
      // from the phrase (or is the phrase)
      return (
        profileText.includes(norm(reason.phrase)) &&
        (['title', 'abstract', 'keywords'] as const).every((f) =>
          (reason[f] ?? []).every((q) => fields[f].includes(q) && norm(reason.phrase).includes(q)),
        ) &&
        (reason.title?.length ?? 0) + (reason.abstract?.length ?? 0) > 0
      );
    case 'related': {
      // the named best fit is a real pool patent with that main classification, found for this profile,
      // and both symbols share its main group
      const source = PATENTS.find((p) => p.title === reason.title && p.ipcCodes[0] === reason.code);
      const same = levels(reason.patent).group === levels(reason.code).group;
      return (
        source !== undefined &&
        source.id !== patent.id &&
        query.related.some((r) => r.code === reason.code) &&
        patent.ipcCodes.includes(reason.patent) &&
        same
      );
    }
    case 'region':
      return (
        patent.province.slice(0, 2) === e.region.slice(0, 2) &&
        reason.value === `${patent.province.slice(0, 2)}0000`
      );
    default:
      // the evaluation set has no grades, feedback or semantic scorer: such a reason would be false
      return false;
  }
}
