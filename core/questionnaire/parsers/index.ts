// One parser per question type; a failed parse returns a localized retry message, never throws.
import type { AnswerValue } from '../answers.ts';
import type { Question } from '../definition.ts';
import { parseMultiChoice, parseSingleChoice } from './choice.ts';
import { parseDate } from './date.ts';
import { parseNumber, parseScale, parseTrl } from './number.ts';
import { parseText } from './text.ts';
import type { ParseEnv, ParseResult, RawAnswer } from './types.ts';
import { parseYesNo } from './yes-no.ts';

export type { ParseEnv, ParseResult, RawAnswer } from './types.ts';

export function parseAnswer(q: Question, raw: RawAnswer, env: ParseEnv): ParseResult<AnswerValue> {
  switch (q.type) {
    case 'single_choice':
      return parseSingleChoice(q, raw, env);
    case 'multi_choice':
      return parseMultiChoice(q, raw, env);
    case 'scale':
      return parseScale(raw);
    case 'trl':
      return parseTrl(raw);
    case 'number':
      return parseNumber(q, raw, env);
    case 'text':
      return parseText(q, raw);
    case 'date':
      return parseDate(q, raw, env);
    case 'yes_no':
      return parseYesNo(raw);
  }
}

/** Blank input: a skip for optional questions, an error for required ones. */
export function isBlank(raw: RawAnswer): boolean {
  return (
    raw === null || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0)
  );
}
