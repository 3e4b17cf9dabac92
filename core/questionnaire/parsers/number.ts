// Numbers, 1–5 scales and technology readiness levels (1–9).
import type { Question } from '../definition.ts';
import {
  asText,
  fail,
  normalizeTyped,
  ok,
  type ParseEnv,
  type ParseResult,
  type RawAnswer,
} from './types.ts';

type NumberQuestion = Extract<Question, { type: 'number' }>;

function toNumber(raw: RawAnswer, stripWords: string[]): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  const text = asText(raw);
  if (text === null) return null;
  let cleaned = normalizeTyped(text);
  for (const word of stripWords) if (word && cleaned.endsWith(word)) cleaned = cleaned.slice(0, -word.length);
  cleaned = cleaned.replace(/(?<=\d)[,\s](?=\d{3}\b)/g, '').trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return null;
  return Number(cleaned);
}

export function parseNumber(q: NumberQuestion, raw: RawAnswer, env: ParseEnv): ParseResult<number> {
  const units = q.unit ? env.labels(q.unit) : [];
  const value = toNumber(raw, units);
  if (value === null) return fail('number_format');
  if (q.integer && !Number.isInteger(value)) return fail('number_integer');
  if (q.min !== undefined && value < q.min) return fail('number_min', { min: q.min });
  if (q.max !== undefined && value > q.max) return fail('number_max', { max: q.max });
  return ok(value);
}

function parseLevel(raw: RawAnswer, max: number, errorKey: string): ParseResult<number> {
  // Inventors type "TRL 4", "第4级", "4级" or just "4".
  const text = typeof raw === 'string' ? normalizeTyped(raw).replace(/^(trl|level|第)\s*/i, '') : raw;
  const value = toNumber(text, ['级', '分']);
  if (value === null || !Number.isInteger(value) || value < 1 || value > max) return fail(errorKey, { max });
  return ok(value);
}

export const parseScale = (raw: RawAnswer): ParseResult<number> => parseLevel(raw, 5, 'scale_range');
export const parseTrl = (raw: RawAnswer): ParseResult<number> => parseLevel(raw, 9, 'trl_range');
