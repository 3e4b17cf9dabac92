// An enterprise's profile turned into a query against one pool index: its IPC interests parsed, its
// keywords and needs prose segmented into phrases of weighted terms (each term counted once, under the
// first phrase that has it: keywords first), and its feedback on earlier pushes.
import type { DeclineReason } from './decline-reasons.ts';
import { type PoolIndex, termIdf } from './index/pool-index.ts';
import { type IpcSymbol, parseIpc } from './ipc-depth.ts';
import type { SemanticProfile } from './semantic.ts';
import { extractNeeds } from './text/needs.ts';
import { normalizeText } from './text/normalize.ts';
import { chunks } from './text/segment.ts';
import { WEIGHTS } from './weights.ts';

export interface Feedback {
  title: string;
  ipcCodes: readonly string[];
  answer: 'interested' | 'declined';
  reason?: DeclineReason | null;
}

export interface MatchProfile {
  region: string;
  ipcInterests: readonly string[];
  keywords: readonly string[];
  needs?: string | null;
  feedback?: readonly Feedback[];
}

export interface QueryTerm {
  term: string;
  /** Term id in the index; undefined when the pool never uses it. */
  id: number | undefined;
  /** Query weight × IDF. */
  weight: number;
}

export interface QueryPhrase {
  source: 'keyword' | 'needs';
  /** As the enterprise wrote it (keywords) or as it stands in the normalised prose (needs). */
  label: string;
  /** Normalised, what a field must contain for the phrase bonus. */
  text: string;
  latin: boolean;
  terms: QueryTerm[];
}

export interface QueryInterest {
  raw: string;
  symbol: IpcSymbol;
}

export interface QueryFeedback extends Feedback {
  /** Main group of its main classification, "H01M 10": patents there are "like" it. */
  group: string | null;
}

/** The main classification of a patent that best fits the profile's words (related.ts). */
export interface RelatedField {
  /** The patent (index in the pool): it is not evidence for itself. */
  doc: number;
  code: string;
  symbol: IpcSymbol;
  title: string;
}

export interface Query {
  region: string;
  interests: QueryInterest[];
  related: RelatedField[];
  phrases: QueryPhrase[];
  feedback: QueryFeedback[];
  semantic?: SemanticProfile;
}

export function buildQuery(index: PoolIndex, profile: MatchProfile, semantic?: SemanticProfile): Query {
  const interests = [...new Set(profile.ipcInterests.map((i) => i.trim()))].flatMap((raw) => {
    const symbol = parseIpc(raw);
    return symbol ? [{ raw, symbol }] : [];
  });
  const taken = new Set<string>();
  const phrases: QueryPhrase[] = [];
  const add = (source: QueryPhrase['source'], label: string, text: string, terms: string[]) => {
    const weight = WEIGHTS.query[source];
    const own = [...new Set(terms)].filter((t) => !taken.has(t));
    if (own.length === 0) return;
    for (const t of own) taken.add(t);
    phrases.push({
      source,
      label,
      text,
      latin: !/[\u3400-\u9fff]/u.test(text),
      terms: own.map((term) => {
        const id = index.termIds.get(term);
        return { term, id, weight: id === undefined ? 0 : weight * index.idf[id]! };
      }),
    });
  };
  for (const raw of profile.keywords) {
    const label = raw.trim();
    const text = normalizeText(label);
    if (text === '') continue;
    add(
      'keyword',
      label,
      text,
      chunks(text).flatMap((c) => c.terms),
    );
  }
  if (profile.needs) {
    for (const p of extractNeeds(profile.needs, (t) => termIdf(index, t)))
      add('needs', p.text, p.text, p.terms);
  }
  const feedback = (profile.feedback ?? []).map((f) => {
    const main = f.ipcCodes[0] ? parseIpc(f.ipcCodes[0]) : null;
    return { ...f, group: main?.group ? `${main.subclass} ${main.group}` : null };
  });
  return {
    region: profile.region,
    interests,
    related: [],
    phrases,
    feedback,
    ...(semantic ? { semantic } : {}),
  };
}
