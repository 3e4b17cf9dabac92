// What Revive understood of an enterprise's needs prose, to show it back when the enterprise writes it
// ("我们将为您查找：热管理、循环寿命、储能"), so that it can rephrase before any push depends on it.
// The IDF comes from the pool itself, as in a matching run.
import type { Db } from '../db/database.ts';
import { type Locale, t } from '../i18n.ts';
import { extractNeeds, type NeedPhrase, understoodTerms } from './text/needs.ts';
import { analyze } from './text/segment.ts';

export type Idf = (term: string) => number;

/** The pool's IDF over titles and abstracts of valid pool patents (one query, no index kept). */
export async function poolIdf(db: Db): Promise<Idf> {
  const rows = await db.patent.findMany({
    where: { inventoryStatus: 'IN_POOL', legalStatus: 'VALID' },
    select: { title: true, abstract: true },
  });
  const df = new Map<string, number>();
  for (const r of rows)
    for (const term of new Set(analyze(`${r.title}\n${r.abstract ?? ''}`)))
      df.set(term, (df.get(term) ?? 0) + 1);
  const n = rows.length;
  return (term) => Math.log(1 + (n - (df.get(term) ?? 0) + 0.5) / ((df.get(term) ?? 0) + 0.5));
}

/** The sentence shown to the enterprise, in its language. */
export function describeUnderstood(locale: Locale, phrases: readonly NeedPhrase[]): string {
  const terms = understoodTerms(phrases);
  if (terms.length === 0) return t(locale, 'matching:needs.nothing');
  return t(locale, 'matching:needs.understood', { terms: terms.join(t(locale, 'matching:needs.separator')) });
}

/** For the profile chat: what the needs text will be searched for, against the current pool. */
export async function understoodNeeds(db: Db, locale: Locale, needs: string): Promise<string> {
  return describeUnderstood(locale, extractNeeds(needs, await poolIdf(db)));
}
