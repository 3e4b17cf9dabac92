// An expert's fields as people type them: IPC fields ("H01M, G06N 3/04；h02j" — subclasses, main
// groups or groups, each checked by core/identifiers/ipc.ts and kept in its one written form, the
// same as enterprises' interests so that both can be compared) and keywords.
import { type IpcError, parseIpc } from '../identifiers/ipc.ts';

export const IPC_FIELDS_MAX = 30;
export const KEYWORDS_MAX = 30;
export const KEYWORD_MAX_LENGTH = 50;

const SEPARATORS = /[,，、;；\n]+/;

const split = (raw: string | readonly string[]) =>
  (typeof raw === 'string' ? [raw] : raw)
    .flatMap((r) => r.split(SEPARATORS))
    .map((p) => p.normalize('NFKC').trim().replace(/\s+/g, ' '))
    .filter((p) => p !== '');

/** One IPC field: "H01M", "H01M 10" (its main group, H01M 10/00) or a full symbol "G06N 3/04". */
export function parseIpcField(raw: string): { ok: true; value: string } | { ok: false; error: IpcError } {
  const s = raw.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
  if (/^[A-H]\d{2}[A-Z]$/.test(s)) return { ok: true, value: s };
  const mainGroup = /^([A-H]\d{2}[A-Z])(\d{1,4})\/?$/.exec(s);
  return parseIpc(mainGroup ? `${mainGroup[1]}${mainGroup[2]}/00` : s);
}

export interface IpcFieldsResult {
  codes: string[];
  /** What could not be read, as typed. */
  invalid: string[];
  tooMany: boolean;
}

/** A list of IPC fields; "H01M H02J" (subclasses separated by spaces only) is read as two. */
export function parseIpcFields(raw: string | readonly string[]): IpcFieldsResult {
  const codes: string[] = [];
  const invalid: string[] = [];
  for (const part of split(raw)) {
    const whole = parseIpcField(part);
    const pieces = whole.ok ? [part] : part.split(' ');
    const parsed = pieces.map(parseIpcField);
    if (!whole.ok && parsed.some((p) => !p.ok)) {
      invalid.push(part);
      continue;
    }
    for (const p of parsed) if (p.ok && !codes.includes(p.value)) codes.push(p.value);
  }
  return { codes, invalid, tooMany: codes.length > IPC_FIELDS_MAX };
}

export interface KeywordsResult {
  keywords: string[];
  /** Keywords longer than KEYWORD_MAX_LENGTH. */
  tooLong: string[];
  tooMany: boolean;
}

export function parseKeywords(raw: string | readonly string[]): KeywordsResult {
  const keywords: string[] = [];
  const tooLong: string[] = [];
  for (const part of split(raw)) {
    if ([...part].length > KEYWORD_MAX_LENGTH) tooLong.push(part);
    else if (!keywords.some((k) => k.toLowerCase() === part.toLowerCase())) keywords.push(part);
  }
  return { keywords, tooLong, tooMany: keywords.length > KEYWORDS_MAX };
}
