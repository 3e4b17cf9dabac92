import type { Question } from '../definition.ts';
import { asText, fail, ok, type ParseResult, type RawAnswer } from './types.ts';

type TextQuestion = Extract<Question, { type: 'text' }>;

export function parseText(q: TextQuestion, raw: RawAnswer): ParseResult<string> {
  const text = asText(raw)?.trim() ?? '';
  // Count characters as people do: one per Chinese character or emoji, not per UTF-16 unit.
  const length = [...text].length;
  if (length === 0) return fail('text_empty');
  if (length < q.minLength) return fail('text_too_short', { min: q.minLength, length });
  if (length > q.maxLength) return fail('text_too_long', { max: q.maxLength, length });
  return ok(q.multiline ? text : text.replace(/\s+/g, ' '));
}
