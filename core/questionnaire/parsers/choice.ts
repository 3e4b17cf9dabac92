// Single and multiple choice: accept an option id (buttons, modals), its number in the list, or
// its label as typed in either language.
import type { ChoiceOption, Question } from '../definition.ts';
import {
  asText,
  fail,
  normalizeTyped,
  ok,
  type ParseEnv,
  type ParseResult,
  type RawAnswer,
} from './types.ts';

type SingleChoice = Extract<Question, { type: 'single_choice' }>;
type MultiChoice = Extract<Question, { type: 'multi_choice' }>;

function findOption(options: ChoiceOption[], token: string, env: ParseEnv): ChoiceOption | undefined {
  const typed = normalizeTyped(token).toLowerCase();
  if (typed === '') return undefined;
  const byId = options.find((o) => o.id === token || o.id.toLowerCase() === typed);
  if (byId) return byId;
  if (/^\d+$/.test(typed)) return options[Number(typed) - 1];
  return options.find((o) => env.labels(o.label).some((label) => label.toLowerCase() === typed));
}

export function parseSingleChoice(q: SingleChoice, raw: RawAnswer, env: ParseEnv): ParseResult<string> {
  const text = asText(raw);
  if (text === null || text.trim() === '') return fail('choice_required', { count: q.options.length });
  const option = findOption(q.options, text, env);
  return option ? ok(option.id) : fail('choice_unknown', { count: q.options.length });
}

const SEPARATORS = /[,，、;；\s]+/;

export function parseMultiChoice(q: MultiChoice, raw: RawAnswer, env: ParseEnv): ParseResult<string[]> {
  let tokens: string[];
  if (Array.isArray(raw)) tokens = raw;
  else if (raw === null) tokens = [];
  else {
    const text = String(raw);
    // A whole label may contain separators ("入门费+提成"), so try the full text first.
    const whole = findOption(q.options, text, env);
    tokens = whole ? [whole.id] : text.split(SEPARATORS).filter((s) => s !== '');
  }
  const chosen: string[] = [];
  for (const token of tokens) {
    const option = findOption(q.options, token, env);
    if (!option) return fail('choice_unknown_item', { item: token, count: q.options.length });
    if (!chosen.includes(option.id)) chosen.push(option.id);
  }
  const exclusive = chosen.filter((id) => q.options.find((o) => o.id === id)?.exclusive);
  if (exclusive.length > 0 && chosen.length > 1) return fail('choice_exclusive');
  if (chosen.length < Math.max(q.minSelected, q.required ? 1 : 0)) {
    return fail('choice_too_few', { min: Math.max(q.minSelected, 1) });
  }
  if (q.maxSelected !== undefined && chosen.length > q.maxSelected) {
    return fail('choice_too_many', { max: q.maxSelected });
  }
  // Keep the definition's order so answers compare and display consistently.
  return ok(q.options.filter((o) => chosen.includes(o.id)).map((o) => o.id));
}
