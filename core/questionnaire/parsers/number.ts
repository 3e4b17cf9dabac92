// Numbers, 1–5 scales and technology readiness levels (1–9).
import { LARGEST_EXACT, type Question } from '../definition.ts';
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

/** A typed number as its value and the digits typed after the decimal point. */
function readNumber(raw: RawAnswer, stripWords: string[]): { value: number; decimals: number } | null {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return null;
    const fraction = /\.(\d+)$/.exec(String(raw))?.[1] ?? '';
    return { value: raw, decimals: fraction.length };
  }
  const text = asText(raw);
  if (text === null) return null;
  let cleaned = normalizeTyped(text);
  for (const word of stripWords) if (word && cleaned.endsWith(word)) cleaned = cleaned.slice(0, -word.length);
  cleaned = cleaned.replace(/(?<=\d)[,\s](?=\d{3}\b)/g, '').trim();
  const match = /^[-+]?(?:\d+(?:\.(\d*))?|\.(\d+))$/.exec(cleaned);
  if (!match) return null;
  // Trailing zeros add no precision: "12.50" has two decimals' worth of digits but means 12.5.
  const fraction = (match[1] ?? match[2] ?? '').replace(/0+$/, '');
  return { value: Number(cleaned), decimals: fraction.length };
}

function toNumber(raw: RawAnswer, stripWords: string[]): number | null {
  return readNumber(raw, stripWords)?.value ?? null;
}

export function parseNumber(q: NumberQuestion, raw: RawAnswer, env: ParseEnv): ParseResult<number> {
  const units = q.unit ? env.labels(q.unit) : [];
  const read = readNumber(raw, units);
  if (read === null) return fail('number_format');
  const { value, decimals } = read;
  if (q.integer && !Number.isInteger(value)) return fail('number_integer');
  if (!q.integer && decimals > q.decimals) return fail('number_decimals', { decimals: q.decimals });
  if (value < q.min) return fail('number_min', { min: q.min });
  if (value > q.max) return fail('number_max', { max: q.max });
  // A double holds about 15–16 significant digits: anything longer would be stored rounded.
  if (Math.abs(value) * 10 ** decimals > LARGEST_EXACT) return fail('number_precision');
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
