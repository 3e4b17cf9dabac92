// Scoring one (patent, enterprise) pair from explainable evidence. Pure: the run loads the data.
//
// IPC: the best pair of (patent symbol, enterprise interest) at its most specific common level, a
// main classification weighing more; keywords: each of the enterprise's keywords found in the title
// or the abstract; region: a small bonus when the patent's holder is in the enterprise's province.
import type { IpcLevel, MatchReason } from './reasons.ts';

export const WEIGHTS = {
  ipc: { group: 40, subclass: 25, class: 10 } satisfies Record<IpcLevel, number>,
  /** The main classification says what the invention is; the others what it touches. */
  mainClassificationFactor: 1.5,
  keyword: { title: 20, abstract: 15 },
  /** Several keywords confirm one another, but should not outweigh everything else. */
  keywordCap: 40,
  region: 10,
} as const;

export interface ScoredPatent {
  title: string;
  abstract: string | null;
  /** Canonical symbols, main classification first. */
  ipcCodes: readonly string[];
  /** GB/T 2260 province code of the holding institution. */
  province: string;
}

export interface EnterpriseProfile {
  region: string;
  ipcInterests: readonly string[];
  keywords: readonly string[];
}

export interface Score {
  score: number;
  reasons: MatchReason[];
}

interface IpcParts {
  cls: string;
  subclass: string | null;
  mainGroup: string | null;
}

// Interests are typed by people: "H01M", "h01m 10/05", "G06N 3", "H01".
const LOOSE_IPC = /^([A-H]\d{2})([A-Z])?(?:(\d{1,4})(?:\/\d{1,6})?)?$/;

export function ipcParts(symbol: string): IpcParts | null {
  const m = LOOSE_IPC.exec(symbol.normalize('NFKC').toUpperCase().replace(/\s+/g, ''));
  if (!m) return null;
  const subclass = m[2] ? `${m[1]}${m[2]}` : null;
  return {
    cls: m[1]!,
    subclass,
    mainGroup: subclass && m[3] ? `${subclass} ${m[3].replace(/^0+(?=\d)/, '')}` : null,
  };
}

/** The most specific level at which a patent symbol falls in an interest, or null. */
export function ipcLevel(patentCode: string, interest: string): IpcLevel | null {
  const p = ipcParts(patentCode);
  const i = ipcParts(interest);
  if (!p || !i || p.cls !== i.cls) return null;
  if (i.subclass === null) return 'class';
  if (p.subclass !== i.subclass) return 'class';
  if (i.mainGroup !== null && p.mainGroup === i.mainGroup) return 'group';
  return 'subclass';
}

const round = (n: number) => Math.round(n * 10) / 10;

function bestIpc(
  patent: ScoredPatent,
  interests: readonly string[],
): { points: number; reason: MatchReason } | null {
  let best: { points: number; reason: MatchReason } | null = null;
  patent.ipcCodes.forEach((code, index) => {
    for (const interest of interests) {
      const level = ipcLevel(code, interest);
      if (!level) continue;
      const main = index === 0;
      const points = WEIGHTS.ipc[level] * (main ? WEIGHTS.mainClassificationFactor : 1);
      if (!best || points > best.points) {
        best = { points, reason: { kind: 'ipc', patent: code, interest: interest.trim(), level, main } };
      }
    }
  });
  return best;
}

export const normalizeText = (s: string) => s.normalize('NFKC').toLowerCase();

export function scoreMatch(patent: ScoredPatent, enterprise: EnterpriseProfile): Score {
  const reasons: MatchReason[] = [];
  let score = 0;
  const ipc = bestIpc(patent, enterprise.ipcInterests);
  if (ipc) {
    score += ipc.points;
    reasons.push(ipc.reason);
  }
  const title = normalizeText(patent.title);
  const abstract = normalizeText(patent.abstract ?? '');
  let keywordPoints = 0;
  const seen = new Set<string>();
  for (const raw of enterprise.keywords) {
    const keyword = normalizeText(raw.trim());
    if (keyword === '' || seen.has(keyword)) continue;
    seen.add(keyword);
    const where = title.includes(keyword) ? 'title' : abstract.includes(keyword) ? 'abstract' : null;
    if (!where) continue;
    keywordPoints += WEIGHTS.keyword[where];
    reasons.push({ kind: 'keyword', value: raw.trim(), where });
  }
  score += Math.min(keywordPoints, WEIGHTS.keywordCap);
  if (sameProvince(patent.province, enterprise.region)) {
    score += WEIGHTS.region;
    reasons.push({ kind: 'region', value: provinceOf(patent.province) });
  }
  return { score: round(score), reasons };
}

/** GB/T 2260: the first two digits are the province. */
export const provinceOf = (code: string) => `${code.trim().slice(0, 2)}0000`;

function sameProvince(a: string, b: string): boolean {
  return /^\d{2}/.test(a.trim()) && a.trim().slice(0, 2) === b.trim().slice(0, 2);
}
