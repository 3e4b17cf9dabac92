// What an enterprise's needs prose asks for: the phrases (chunks of content words) of its text, each
// weighted by how rare its terms are in the pool (the pool's own IDF: a general one ranks filler such
// as 专注/希望 first). Phrases that only hold words most of the pool uses say nothing and are left out.
import { normalizeText } from './normalize.ts';
import { chunks } from './segment.ts';

export interface NeedPhrase {
  /** As it stands in the normalised text: "热管理", "thermal management". */
  text: string;
  terms: string[];
  /** Mean IDF of its terms. */
  weight: number;
}

/** Terms used by more than this share of the pool carry no preference. */
const GENERIC_SHARE = 0.25;

/**
 * Phrases of `needs` (zh or en), best first. `idf(term)` is the pool's; `generic` the IDF at or below
 * which a term is filler (by default: used by a quarter of the pool).
 */
export function extractNeeds(
  needs: string,
  idf: (term: string) => number,
  generic = Math.log(1 + (1 - GENERIC_SHARE) / GENERIC_SHARE),
): NeedPhrase[] {
  const seen = new Set<string>();
  const phrases: NeedPhrase[] = [];
  for (const chunk of chunks(normalizeText(needs))) {
    if (chunk.terms.length === 0 || seen.has(chunk.text)) continue;
    seen.add(chunk.text);
    const weights = chunk.terms.map(idf);
    if (Math.max(...weights) <= generic) continue;
    phrases.push({
      text: chunk.text,
      terms: chunk.terms,
      weight: weights.reduce((a, b) => a + b, 0) / weights.length,
    });
  }
  return phrases.sort((a, b) => b.weight - a.weight);
}

/** The phrases to show the enterprise ("we will look for: …"), best first. */
export const understoodTerms = (phrases: readonly NeedPhrase[], max = 8): string[] =>
  phrases.slice(0, max).map((p) => p.text);
