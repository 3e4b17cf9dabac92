// How deep a patent's IPC symbol and an enterprise's interest agree, by real prefix comparison of the
// symbol's parts: the same subgroup (or one under it: "H01M 10/0562" under "H01M 10/05"), the same
// main group ("H01M 10/05" and "H01M 10/54" share "H01M 10/00"), subclass, class. An interest cut short
// is never claimed: "H01M 10/54" and "H01M 10/05" agree at the main group, and a reason says so.
export const IPC_DEPTHS = ['subgroup', 'group', 'subclass', 'class'] as const;
export type IpcDepth = (typeof IPC_DEPTHS)[number];

export interface IpcSymbol {
  cls: string;
  subclass: string | null;
  /** Main group number without leading zeros: "10". */
  group: string | null;
  /** Subgroup digits as written after "/", null for a main group ("/00") or none. */
  subgroup: string | null;
}

// Symbols are typed by people too: "H01M", "h01m 10/05", "G06N 3", "H01", "Ｈ01Ｍ10/05".
const LOOSE_IPC = /^([A-H]\d{2})([A-Z])?(?:(\d{1,4})(?:\/(\d{1,6}))?)?$/;

export function parseIpc(symbol: string): IpcSymbol | null {
  const m = LOOSE_IPC.exec(symbol.normalize('NFKC').toUpperCase().replace(/\s+/g, ''));
  if (!m) return null;
  const subclass = m[2] ? `${m[1]}${m[2]}` : null;
  const group = subclass && m[3] ? m[3].replace(/^0+(?=\d)/, '') : null;
  const subgroup = group && m[4] && !/^0+$/.test(m[4]) ? m[4] : null;
  return { cls: m[1]!, subclass, group, subgroup };
}

/** The interest's own depth: what it names. */
export function depthOf(s: IpcSymbol): IpcDepth {
  return s.subgroup ? 'subgroup' : s.group ? 'group' : s.subclass ? 'subclass' : 'class';
}

export interface IpcAgreement {
  depth: IpcDepth;
  /** The category both lie in, written at that depth: "H01", "H01M", "H01M 10/00", "H01M 10/05". */
  shared: string;
  /** The patent's symbol lies inside the interest (not merely next to it). */
  within: boolean;
  /**
   * At the main group: how many leading subgroup digits both symbols share ("10/633" and "10/613":
   * 1). Subgroup numbers are allotted so that neighbours in the hierarchy share leading digits.
   */
  digits: number;
}

/** The deepest level at which patent symbol `p` and interest `i` agree, or null. */
export function agreement(p: IpcSymbol, i: IpcSymbol): IpcAgreement | null {
  if (p.cls !== i.cls) return null;
  const interestDepth = depthOf(i);
  const at = (depth: IpcDepth, shared: string, digits = 0): IpcAgreement => ({
    depth,
    shared,
    within: depth === interestDepth,
    digits,
  });
  if (!i.subclass || p.subclass !== i.subclass) return at('class', p.cls);
  if (!i.group || p.group !== i.group) return at('subclass', p.subclass);
  if (i.subgroup && p.subgroup?.startsWith(i.subgroup))
    return at('subgroup', `${p.subclass} ${i.group}/${i.subgroup}`);
  return at('group', `${p.subclass} ${p.group}/00`, commonPrefix(p.subgroup ?? '', i.subgroup ?? ''));
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
