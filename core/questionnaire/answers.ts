// The typed value of one answer, by question type. Stored as JSON per question.
import { z } from 'zod';
import type { Question } from './definition.ts';

export const answerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type AnswerValue = z.infer<typeof answerValue>;
export type Answers = Record<string, AnswerValue>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks that a stored value still fits its question (used after a definition changes). */
export function fitsQuestion(q: Question, value: AnswerValue): boolean {
  switch (q.type) {
    case 'single_choice':
      return typeof value === 'string' && q.options.some((o) => o.id === value);
    case 'multi_choice':
      return (
        Array.isArray(value) &&
        value.every((v) => q.options.some((o) => o.id === v)) &&
        value.length >= q.minSelected &&
        (q.maxSelected === undefined || value.length <= q.maxSelected)
      );
    case 'scale':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
    case 'trl':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 9;
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!q.integer || Number.isInteger(value)) &&
        (q.min === undefined || value >= q.min) &&
        (q.max === undefined || value <= q.max)
      );
    case 'text':
      return (
        typeof value === 'string' && [...value].length <= q.maxLength && [...value].length >= q.minLength
      );
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value);
    case 'yes_no':
      return typeof value === 'boolean';
  }
}
