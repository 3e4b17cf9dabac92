// Dates as people type them in China and elsewhere: 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日.
import { isValid, parse } from 'date-fns';
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

type DateQuestion = Extract<Question, { type: 'date' }>;

const PATTERN = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

export function toIsoDate(text: string): string | null {
  const match = PATTERN.exec(normalizeTyped(text));
  if (!match) return null;
  const iso = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  // date-fns rejects impossible dates such as 2023-02-29 instead of rolling them over.
  return isValid(parse(iso, 'yyyy-MM-dd', new Date(0))) ? iso : null;
}

export function parseDate(q: DateQuestion, raw: RawAnswer, env: ParseEnv): ParseResult<string> {
  const text = asText(raw);
  const iso = text === null ? null : toIsoDate(text);
  if (iso === null) return fail('date_format');
  const min = q.min === 'today' ? env.today : q.min;
  const max = q.max === 'today' ? env.today : q.max;
  if (min !== undefined && iso < min) return fail('date_min', { min });
  if (max !== undefined && iso > max) return fail('date_max', { max });
  return ok(iso);
}
