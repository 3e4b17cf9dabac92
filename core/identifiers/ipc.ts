// International Patent Classification symbols. Matching enterprises to patents and grouping patents
// for bulk answers compare subclasses and main groups, so every symbol is stored in one written form:
// "H01M 10/0562".

export type IpcError =
  | 'empty'
  /** Not section + class + subclass + main group / subgroup. */
  | 'format'
  /** Section letter outside A–H. */
  | 'section'
  /** A subclass ("H01M") or subclass + main group without the "/subgroup" part. */
  | 'incomplete';

export type IpcResult = { ok: true; value: string } | { ok: false; error: IpcError };

export interface IpcListResult {
  /** Canonical symbols, deduplicated, main classification first. */
  codes: string[];
  errors: { input: string; error: IpcError }[];
}

const SYMBOL = /^([A-Z])(\d{2})([A-Z])(\d{1,4})\/(\d{2,6})$/;
const SUBCLASS = /^([A-Z])(\d{2})([A-Z])$/;
// Exports often append the IPC version the symbol was assigned under, e.g. "H01M 10/0562(2010.01)".
const VERSION = /\(\d{4}\.\d{2}\)/g;

function clean(raw: string): string {
  return raw.normalize('NFKC').toUpperCase().replace(VERSION, '').replace(/\s+/g, '');
}

/** One IPC symbol in any common written form → "H01M 10/0562". */
export function parseIpc(raw: string): IpcResult {
  const s = clean(raw);
  if (s === '') return { ok: false, error: 'empty' };
  const m = SYMBOL.exec(s);
  if (!m) {
    if (SUBCLASS.test(s) || /^[A-Z]\d{2}[A-Z]\d{1,4}\/?$/.test(s)) return { ok: false, error: 'incomplete' };
    return { ok: false, error: 'format' };
  }
  const section = m[1]!;
  if (section < 'A' || section > 'H') return { ok: false, error: 'section' };
  // "0010/056200" is the zero-padded fixed-width form of "10/0562": same symbol.
  const mainGroup = m[4]!.replace(/^0+(?=\d)/, '');
  if (mainGroup === '0') return { ok: false, error: 'format' };
  const subgroup = m[5]!.replace(/(\d{2}\d*?)0+$/, '$1');
  return { ok: true, value: `${section}${m[2]}${m[3]} ${mainGroup}/${subgroup}` };
}

/**
 * Several symbols as exported ("H01M 10/0562; H01M 4/62", "，"-separated, one per line, or just
 * separated by spaces). Deduplicates; the main classification, when given in its own column, goes first,
 * otherwise the first symbol of the list stays first.
 */
export function parseIpcList(raw: string, mainClassification?: string): IpcListResult {
  const codes: string[] = [];
  const errors: IpcListResult['errors'] = [];
  const add = (code: string) => {
    if (!codes.includes(code)) codes.push(code);
  };

  if (mainClassification !== undefined && mainClassification.trim() !== '') {
    const main = parseIpc(mainClassification);
    if (main.ok) add(main.value);
    else errors.push({ input: mainClassification.trim(), error: main.error });
  }

  for (const chunk of raw.normalize('NFKC').split(/[;,、\n]+/)) {
    // Spaces separate symbols as well as subclass from group, so glue "/" first, then pair tokens.
    const tokens = chunk
      .replace(VERSION, '')
      .replace(/\s*\/\s*/g, '/')
      .split(/\s+/)
      .filter((t) => t !== '');
    for (let i = 0; i < tokens.length; i++) {
      const single = parseIpc(tokens[i]!);
      if (single.ok) {
        add(single.value);
        continue;
      }
      const next = tokens[i + 1];
      if (single.error === 'incomplete' && next !== undefined) {
        const pair = parseIpc(`${tokens[i]} ${next}`);
        if (pair.ok) {
          add(pair.value);
          i++;
          continue;
        }
      }
      errors.push({ input: tokens[i]!, error: single.error });
    }
  }
  return { codes, errors };
}

function canonicalOrThrow(code: string): string {
  const parsed = parseIpc(code);
  if (!parsed.ok) throw new RangeError(`not an IPC symbol (${parsed.error}): "${code}"`);
  return parsed.value;
}

/** "H01M 10/0562" → "H01M". Also accepts a bare subclass. */
export function ipcSubclass(code: string): string {
  const s = clean(code);
  if (SUBCLASS.test(s) && s[0]! >= 'A' && s[0]! <= 'H') return s;
  return canonicalOrThrow(code).slice(0, 4);
}

/** "H01M 10/0562" → "H01M 10/00". */
export function ipcMainGroup(code: string): string {
  const canonical = canonicalOrThrow(code);
  return `${canonical.slice(0, canonical.indexOf('/'))}/00`;
}
