// Finding IPC subclasses by what people type: a Chinese word anywhere in the Chinese title ("电池"),
// English words by their beginnings ("batter" finds "batteries"), or the start of a code ("H01").
// Every word typed must match; when none of the titles has them all, titles with some of them, or
// with two-character pieces of a longer Chinese word ("锂电池" → 锂电, 电池), come after, as guesses.
import type { Locale } from '../i18n.ts';
import { ipcTitle } from './lookup.ts';
import { type IpcEntry, type IpcLevel, ipcScheme } from './scheme.ts';

export interface SearchOptions {
  /** At most this many (8). */
  limit?: number;
  /** Which levels to return (subclasses only unless asked). */
  levels?: readonly IpcLevel[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CODE_TERM = /^[A-H](\d{1,2}[A-Z]?)?$/;

/** Terms of a query: Chinese runs and Latin words, lower-cased; codes upper-cased. */
function termsOf(query: string): string[] {
  return query
    .normalize('NFKC')
    .split(/[\s,，、;；.。:：/()（）"“”'‘’!?！？]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Singular and plural, verb forms: "batteries"/"battery" → "batter", "welding" → "weld". */
const stem = (word: string) => (word.length > 4 ? word.replace(/(ies|es|s|ing|ed|y)$/, '') : word);

const stemmedWords = new WeakMap<IpcEntry, string[]>();

/** The English title's words, stemmed; computed once per entry. */
function wordsOf(entry: IpcEntry): string[] {
  let words = stemmedWords.get(entry);
  if (!words) {
    words = (entry.titles.en ?? '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w !== '')
      .map(stem);
    stemmedWords.set(entry, words);
  }
  return words;
}

interface Scored {
  entry: IpcEntry;
  score: number;
}

/** How well one term matches one entry, strictly (0: not at all). */
function termScore(term: string, entry: IpcEntry, locale: Locale): number {
  const upper = term.toUpperCase();
  if (CODE_TERM.test(upper) && (term !== term.toLowerCase() || /\d/.test(term))) {
    if (entry.code === upper) return 200;
    if (entry.code.startsWith(upper)) return 150;
  }
  const { zh, en } = entry.titles;
  if (CJK.test(term)) {
    const at = zh?.indexOf(term) ?? -1;
    if (at < 0) return 0;
    const item = zh!.split('；').some((part) => part === term) ? 20 : 0;
    return 60 + item + (at === 0 ? 10 : 0) - Math.min(at, 40) / 4 + (locale === 'zh-CN' ? 5 : 0);
  }
  if (!en || term.length < 2) return 0;
  const wanted = stem(term.toLowerCase());
  const words = wordsOf(entry);
  const at = words.findIndex((w) => w.startsWith(wanted));
  if (at < 0) return 0;
  return 50 + (words[at] === wanted ? 10 : 0) + (at === 0 ? 10 : 0) + (locale === 'en' ? 5 : 0);
}

/** Two-character pieces of a Chinese term, for guesses: "锂离子电池" → 锂离, 离子, 子电, 电池. */
function bigrams(term: string): string[] {
  const chars = [...term];
  return chars.length < 3 ? [] : chars.slice(1).map((c, i) => `${chars[i]}${c}`);
}

function guessScore(terms: string[], entry: IpcEntry, locale: Locale): number {
  let score = 0;
  for (const term of terms) {
    const strict = termScore(term, entry, locale);
    if (strict > 0) score += strict;
    else if (CJK.test(term) && entry.titles.zh)
      score += bigrams(term).filter((b) => entry.titles.zh!.includes(b)).length * 10;
  }
  return score;
}

/** Best score first; among equals the shorter (more general) title, or code order for codes typed. */
function ranked(scored: Scored[], locale: Locale, byCode: boolean): IpcEntry[] {
  const length = (e: IpcEntry) => (byCode ? 0 : [...ipcTitle(e, locale)].length);
  return scored
    .sort(
      (a, b) =>
        b.score - a.score || length(a.entry) - length(b.entry) || (a.entry.code < b.entry.code ? -1 : 1),
    )
    .map((s) => s.entry);
}

const isCodeQuery = (terms: string[]) => terms.every((t) => CODE_TERM.test(t.toUpperCase()));

function candidates(levels: readonly IpcLevel[]): IpcEntry[] {
  return ipcScheme().entries.filter((e) => levels.includes(e.level));
}

/** Entries every term matches, best first (the strict matches only). */
export function strictMatches(query: string, locale: Locale, levels: readonly IpcLevel[] = ['subclass']) {
  const terms = termsOf(query);
  if (terms.length === 0) return [];
  const scored: Scored[] = [];
  for (const entry of candidates(levels)) {
    let score = 0;
    for (const term of terms) {
      const s = termScore(term, entry, locale);
      if (s === 0) {
        score = 0;
        break;
      }
      score += s;
    }
    if (score > 0) scored.push({ entry, score });
  }
  return ranked(scored, locale, isCodeQuery(terms));
}

/** Subclasses (by default) for what was typed, best first: strict matches, then guesses. */
export function searchIpc(query: string, locale: Locale, options: SearchOptions = {}): IpcEntry[] {
  const limit = options.limit ?? 8;
  const levels = options.levels ?? ['subclass'];
  const strict = strictMatches(query, locale, levels);
  if (strict.length >= limit) return strict.slice(0, limit);
  const terms = termsOf(query);
  const seen = new Set(strict.map((e) => e.code));
  const guesses: Scored[] = [];
  for (const entry of candidates(levels)) {
    if (seen.has(entry.code)) continue;
    const score = guessScore(terms, entry, locale);
    if (score > 0) guesses.push({ entry, score });
  }
  return [...strict, ...ranked(guesses, locale, false)].slice(0, limit);
}

export type WordResolution =
  | { kind: 'one'; entry: IpcEntry }
  | { kind: 'many'; candidates: IpcEntry[] }
  | { kind: 'none' };

/**
 * A word typed where a code was expected (the Slack form): it stands for a subclass only when
 * exactly one subclass title matches it; otherwise the candidates, to choose from.
 */
export function resolveIpcWord(word: string, locale: Locale): WordResolution {
  const strict = strictMatches(word, locale);
  if (strict.length === 1) return { kind: 'one', entry: strict[0]! };
  if (strict.length > 1) return { kind: 'many', candidates: strict.slice(0, 5) };
  return { kind: 'none' };
}
