// The exact score of one pool document for one query, with its reasons. Every reason carries the points
// it added (rounded to 0.1) and the score is their sum, so what a push says is what ranked it. Both the
// indexed search and the exhaustive one rank by this function: they can only differ in which documents
// they look at, never in how a document scores.
import { provincePrefix } from './index/doc-table.ts';
import { FIELD_BIT, FIELDS, type Field, findPosting, type PoolIndex } from './index/pool-index.ts';
import { agreement } from './ipc-depth.ts';
import type { Query, QueryPhrase } from './query.ts';
import type { IpcReason, MatchReason } from './reasons.ts';
import { agreementPoints, WEIGHTS } from './weights.ts';

export interface Scored {
  doc: number;
  score: number;
  reasons: MatchReason[];
}

const tenths = (n: number) => Math.round(n * 10);

/** The best (patent symbol, interest) pair of the document, or null. */
export function ipcEvidence(
  index: PoolIndex,
  query: Query,
  d: number,
): { points: number; reason: IpcReason } | null {
  if (query.interests.length === 0) return null;
  let best: { points: number; reason: IpcReason } | null = null;
  // Symbols only: the document's texts are read when a reason quotes them.
  index.ipcOf(d).forEach((symbol, position) => {
    if (!symbol) return;
    for (const interest of query.interests) {
      const agreed = agreement(symbol, interest.symbol);
      if (!agreed) continue;
      const main = position === 0;
      const points = agreementPoints(agreed) * (main ? WEIGHTS.mainClassificationFactor : 1);
      if (!best || points > best.points) {
        best = {
          points,
          reason: {
            kind: 'ipc',
            patent: index.doc(d).patent.ipcCodes[position]!,
            interest: interest.raw,
            level: agreed.depth,
            main,
          },
        };
      }
    }
  });
  return best;
}

/** The best agreement, at main group or deeper, with a related field (related.ts), or null. */
function relatedEvidence(
  index: PoolIndex,
  query: Query,
  d: number,
): { points: number; reason: MatchReason } | null {
  if (query.related.length === 0) return null;
  let best: { points: number; reason: MatchReason } | null = null;
  index.ipcOf(d).forEach((symbol, position) => {
    if (!symbol) return;
    for (const field of query.related) {
      if (field.doc === d) continue;
      const agreed = agreement(symbol, field.symbol);
      if (!agreed || (agreed.depth !== 'group' && agreed.depth !== 'subgroup')) continue;
      const main = position === 0;
      const points =
        WEIGHTS.related.share * agreementPoints(agreed) * (main ? WEIGHTS.mainClassificationFactor : 1);
      if (!best || points > best.points) {
        best = {
          points,
          reason: {
            kind: 'related',
            patent: index.doc(d).patent.ipcCodes[position]!,
            code: field.code,
            title: field.title,
            main,
          },
        };
      }
    }
  });
  return best;
}

/** Whether the phrase stands whole in a field: as a substring (CJK) or between word boundaries (Latin). */
export function containsPhrase(field: string, phrase: QueryPhrase): boolean {
  if (!phrase.latin) return field.includes(phrase.text);
  let at = field.indexOf(phrase.text);
  while (at >= 0) {
    const before = field[at - 1];
    const after = field[at + phrase.text.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    at = field.indexOf(phrase.text, at + 1);
  }
  return false;
}
const isWordChar = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);

/** Matched terms of a field merged into the longest quotes the field really contains. */
function quotes(fieldText: string, phrase: QueryPhrase, matched: string[]): string[] {
  if (matched.length === 0) return [];
  if (containsPhrase(fieldText, phrase)) return [phrase.text];
  const spans: string[] = [];
  let span = '';
  for (const term of matched) {
    const extended =
      span !== '' && [...term].length === 2 && span.endsWith([...term][0]!) ? span + [...term][1]! : '';
    if (extended !== '' && phrase.text.includes(extended) && fieldText.includes(extended)) {
      span = extended;
      continue;
    }
    if (span !== '') spans.push(span);
    span = term;
  }
  if (span !== '') spans.push(span);
  // A three-character word already inside a longer quote adds nothing to read.
  return [...new Set(spans)].filter(
    (s, i, all) => !all.some((o, j) => j !== i && o.length > s.length && o.includes(s)),
  );
}

/**
 * A phrase met only in part counts less: one generic bigram of "电池热管理" (电池) says little about heat
 * management. Never under WEIGHTS.partialFloor, which the indexed search relies on as a lower bound.
 */
export const coverageFactor = (matched: number, of: number) =>
  WEIGHTS.partialFloor + (1 - WEIGHTS.partialFloor) * (matched / Math.max(1, of));

function textEvidence(index: PoolIndex, query: Query, d: number): { points: number; reason: MatchReason }[] {
  const out: { points: number; reason: MatchReason }[] = [];
  for (const phrase of query.phrases) {
    let sum = 0;
    let matched = 0;
    const byField: Record<Field, string[]> = { title: [], abstract: [], keywords: [] };
    for (const term of phrase.terms) {
      if (term.id === undefined) continue;
      const at = findPosting(index, term.id, d);
      if (at < 0) continue;
      matched += 1;
      sum += term.weight * index.impacts[at]!;
      for (const f of FIELDS) if (index.fields[at]! & FIELD_BIT[f]) byField[f].push(term.term);
    }
    if (sum <= 0) continue;
    const doc = index.doc(d);
    const whole = FIELDS.some((f) => containsPhrase(doc.text[f], phrase));
    const points = sum * (whole ? 1 + WEIGHTS.phraseBonus : coverageFactor(matched, phrase.terms.length));
    const reason: MatchReason = { kind: 'text', source: phrase.source, phrase: phrase.label };
    for (const f of FIELDS) {
      const q = quotes(doc.text[f], phrase, byField[f]);
      if (q.length > 0) reason[f] = q;
    }
    out.push({ points, reason });
  }
  return out;
}

function bonuses(index: PoolIndex, query: Query, d: number): { points: number; reason: MatchReason }[] {
  const doc = index.doc(d);
  const out: { points: number; reason: MatchReason }[] = [];
  // The same comparison as the indexed search's bound (two-digit province prefixes, −1 unknown).
  const province = index.province[d]!;
  if (province >= 0 && province === provincePrefix(query.region)) {
    out.push({ points: WEIGHTS.region, reason: { kind: 'region', value: `${doc.patent.province}0000` } });
  }
  for (const [source, grade] of [
    ['self', doc.patent.selfGrade],
    ['expert', doc.patent.expertGrade],
  ] as const) {
    if (grade && WEIGHTS.value[grade] > 0) {
      out.push({ points: WEIGHTS.value[grade], reason: { kind: 'value', source, grade } });
    }
  }
  const main = doc.ipc[0];
  const group = main?.group ? `${main.subclass} ${main.group}` : null;
  if (group) {
    const alike = query.feedback.filter((f) => f.group === group);
    const liked = alike.find((f) => f.answer === 'interested');
    if (liked) {
      out.push({
        points: WEIGHTS.feedback.interested,
        reason: { kind: 'feedback', answer: 'interested', title: liked.title, shared: `${group}/00` },
      });
    }
    const declined = alike
      .filter((f) => f.answer === 'declined')
      .map((f) => ({ f, points: WEIGHTS.feedback.declined[f.reason ?? 'other'] }))
      .sort((a, b) => a.points - b.points)[0];
    if (declined) {
      out.push({
        points: declined.points,
        reason: {
          kind: 'feedback',
          answer: 'declined',
          reason: declined.f.reason ?? 'other',
          title: declined.f.title,
          shared: `${group}/00`,
        },
      });
    }
  }
  return out;
}

/** The document's score and reasons, or null when nothing but bonuses speaks for it. */
export function scoreDoc(index: PoolIndex, query: Query, d: number): Scored | null {
  const evidence: { points: number; reason: MatchReason }[] = [];
  const ipc = ipcEvidence(index, query, d);
  if (ipc) evidence.push(ipc);
  evidence.push(...textEvidence(index, query, d));
  const related = relatedEvidence(index, query, d);
  if (related) evidence.push(related);
  const similarity = query.semantic?.similarity(d) ?? 0;
  if (similarity > 0) {
    evidence.push({
      points: similarity * WEIGHTS.semantic,
      reason: { kind: 'semantic', similarity: Math.round(similarity * 100) / 100 },
    });
  }
  if (evidence.length === 0) return null;
  evidence.push(...bonuses(index, query, d));
  let total = 0;
  const reasons = evidence
    .map(({ points, reason }) => {
      const rounded = tenths(points);
      total += rounded;
      return { ...reason, points: rounded / 10 };
    })
    .filter((r) => r.points !== 0);
  return { doc: d, score: total / 10, reasons };
}

/** Upper bounds used by the indexed search: the most bonuses can add, the most they can take away. */
export function bonusBounds(query: Query): { up: number; down: number } {
  const value = Math.max(...Object.values(WEIGHTS.value)) * 2;
  const like = query.feedback.some((f) => f.answer === 'interested') ? WEIGHTS.feedback.interested : 0;
  const down = query.feedback.some((f) => f.answer === 'declined')
    ? -Math.min(...Object.values(WEIGHTS.feedback.declined))
    : 0;
  const semantic = query.semantic ? WEIGHTS.semantic : 0;
  // Rounding each reason to 0.1 may add up to 0.05 per reason.
  return { up: WEIGHTS.region + value + like + semantic + 1, down: down + 1 };
}
