import type { Msg } from '../../i18n.ts';
import type { AnswerValue } from '../answers.ts';

/** What an adapter hands over for one question: typed text, tapped option ids, or a form field. */
export type RawAnswer = string | string[] | number | boolean | null;

export type ParseResult<T extends AnswerValue = AnswerValue> =
  | { ok: true; value: T }
  | { ok: false; error: Msg };

export interface ParseEnv {
  /** Every translation of an i18n key (all locales), for matching typed option labels. */
  labels(key: string): string[];
  /** Today's date in the respondent's time zone, "YYYY-MM-DD". */
  today: string;
}

export const ok = <T extends AnswerValue>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = (key: string, params?: Record<string, string | number>): ParseResult<never> => ({
  ok: false,
  error: params ? { key: `engine:error.${key}`, params } : { key: `engine:error.${key}` },
});

/** Folds full-width forms (common with Chinese input methods) to ASCII and trims. */
export function normalizeTyped(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

export function asText(raw: RawAnswer): string | null {
  if (raw === null) return null;
  if (Array.isArray(raw)) return raw.length === 1 ? String(raw[0]) : null;
  return String(raw);
}
