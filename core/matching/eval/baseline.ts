// The baseline the issue measured against: plain BM25 over the character bigrams of title and abstract
// (one field, no segmentation, no stop list, no phrase handling) plus points for IPC overlap by string
// prefix. Kept only to compare with in the evaluation; runs never use it.
import { normalizeText } from '../text/normalize.ts';

export interface BaselineDoc {
  id: string;
  title: string;
  abstract: string | null;
  ipcCodes: readonly string[];
}

const bigrams = (text: string): string[] => {
  const chars = [...normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, ' ')];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++)
    if (chars[i] !== ' ' && chars[i + 1] !== ' ') out.push(chars[i]! + chars[i + 1]!);
  return out;
};

const compact = (s: string) => normalizeText(s).replace(/\s+/g, '');

export function baselineRanking(
  docs: readonly BaselineDoc[],
  profile: { ipcInterests: readonly string[]; keywords: readonly string[]; needs: string | null },
  k: number,
): string[] {
  const k1 = 1.2;
  const b = 0.75;
  const terms = docs.map((d) => bigrams(`${d.title} ${d.abstract ?? ''}`));
  const avg = terms.reduce((s, t) => s + t.length, 0) / Math.max(1, docs.length);
  const df = new Map<string, number>();
  for (const t of terms) for (const g of new Set(t)) df.set(g, (df.get(g) ?? 0) + 1);
  const query = new Set(bigrams([...profile.keywords, profile.needs ?? ''].join(' ')));
  const interests = profile.ipcInterests.map(compact);
  const scored = docs.map((d, i) => {
    const tf = new Map<string, number>();
    for (const g of terms[i]!) tf.set(g, (tf.get(g) ?? 0) + 1);
    let score = 0;
    for (const g of query) {
      const f = tf.get(g);
      if (!f) continue;
      const n = df.get(g)!;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      score += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * terms[i]!.length) / avg));
    }
    // IPC overlap: the longest common prefix with any interest, 5 points per level (class, subclass,
    // main group, the interest itself).
    let ipc = 0;
    for (const code of d.ipcCodes.map(compact)) {
      for (const interest of interests) {
        let level = 0;
        if (code.slice(0, 3) === interest.slice(0, 3)) level = 1;
        if (level === 1 && interest.length >= 4 && code.slice(0, 4) === interest.slice(0, 4)) level = 2;
        if (level === 2 && interest.includes('/') && code.split('/')[0] === interest.split('/')[0]) level = 3;
        if (level === 3 && code.startsWith(interest)) level = 4;
        ipc = Math.max(ipc, level * 5);
      }
    }
    return { id: d.id, score: score + ipc };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, k)
    .map((s) => s.id);
}
