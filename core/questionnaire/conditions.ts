// Evaluates showIf conditions against the answers so far and the subject's context.
import type { Answers } from './answers.ts';
import type { Condition, ContextValue, Question, QuestionnaireDefinition } from './definition.ts';
import { allQuestions } from './definition.ts';

export type Context = Record<string, ContextValue>;

export function evaluate(c: Condition, answers: Answers, context: Context): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(x, answers, context));
  if ('any' in c) return c.any.some((x) => evaluate(x, answers, context));
  if ('not' in c) return !evaluate(c.not, answers, context);
  const value = 'answer' in c ? answers[c.answer] : context[c.context];
  if ('answered' in c) return (value !== undefined) === c.answered;
  if (value === undefined) return false;
  if ('equals' in c) return value === c.equals;
  if ('in' in c) return c.in.some((x) => x === value);
  if ('includes' in c) return Array.isArray(value) && value.includes(c.includes);
  if ('gte' in c) return typeof value === 'number' && value >= c.gte;
  if ('lte' in c) return typeof value === 'number' && value <= c.lte;
  return false;
}

/**
 * A question is visible when its own condition holds and every question its condition reads is
 * itself visible: hiding a question also hides whatever branched on its (now ignored) answer.
 */
export function visibleQuestions(
  def: QuestionnaireDefinition,
  answers: Answers,
  context: Context,
): Question[] {
  const visible: Question[] = [];
  const effective: Answers = {};
  for (const q of allQuestions(def)) {
    if (!q.showIf || evaluate(q.showIf, effective, context)) {
      visible.push(q);
      const value = answers[q.id];
      if (value !== undefined) effective[q.id] = value;
    }
  }
  return visible;
}

/** Only the answers to visible questions: what a submission actually contains. */
export function effectiveAnswers(def: QuestionnaireDefinition, answers: Answers, context: Context): Answers {
  const result: Answers = {};
  for (const q of visibleQuestions(def, answers, context)) {
    const value = answers[q.id];
    if (value !== undefined) result[q.id] = value;
  }
  return result;
}
