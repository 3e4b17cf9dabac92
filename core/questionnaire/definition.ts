// Questionnaires are data: this zod schema is the contract every definition must satisfy.
// Every user-facing string is an i18n key (namespace-qualified, e.g. "self-assessment:q.trl.label").
import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'ids are lowerCamelCase letters, digits and _');
export const i18nKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]*:[\w.-]+$/, 'i18n keys look like "namespace:path.to.key"');

/** Facts about the subject (the patent) that questions may branch on, e.g. patentType. */
export const contextValue = z.union([z.string(), z.number(), z.boolean()]);
export type ContextValue = z.infer<typeof contextValue>;

type AnswerRef = { answer: string } | { context: string };
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | (AnswerRef & { equals: ContextValue })
  | (AnswerRef & { in: ContextValue[] })
  | (AnswerRef & { includes: string }) // a multiple-choice answer contains this option
  | (AnswerRef & { gte: number })
  | (AnswerRef & { lte: number })
  | (AnswerRef & { answered: boolean });

const answerRef = z.union([z.object({ answer: id }), z.object({ context: id })]);
export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(condition).min(1) }).strict(),
    z.object({ any: z.array(condition).min(1) }).strict(),
    z.object({ not: condition }).strict(),
    z.intersection(answerRef, z.object({ equals: contextValue })),
    z.intersection(answerRef, z.object({ in: z.array(contextValue).min(1) })),
    z.intersection(answerRef, z.object({ includes: z.string() })),
    z.intersection(answerRef, z.object({ gte: z.number() })),
    z.intersection(answerRef, z.object({ lte: z.number() })),
    z.intersection(answerRef, z.object({ answered: z.boolean() })),
  ]),
) as z.ZodType<Condition>;

export const choiceOption = z.object({
  id,
  label: i18nKey,
  description: i18nKey.optional(),
  /** Multiple choice: choosing this option clears the others (e.g. "none of these"). */
  exclusive: z.boolean().optional(),
});
export type ChoiceOption = z.infer<typeof choiceOption>;

const questionBase = {
  id,
  label: i18nKey,
  help: i18nKey.optional(),
  /** Optional questions can be skipped; required ones cannot. */
  required: z.boolean().default(true),
  showIf: condition.optional(),
};

export const singleChoiceQuestion = z.object({
  ...questionBase,
  type: z.literal('single_choice'),
  options: z.array(choiceOption).min(2),
});
export const multiChoiceQuestion = z.object({
  ...questionBase,
  type: z.literal('multi_choice'),
  options: z.array(choiceOption).min(2),
  minSelected: z.number().int().min(0).default(1),
  maxSelected: z.number().int().min(1).optional(),
});
export const scaleQuestion = z.object({
  ...questionBase,
  type: z.literal('scale'),
  /** 1..5; the ends are labelled, e.g. "very poor" … "very good". */
  minLabel: i18nKey,
  maxLabel: i18nKey,
});
export const trlQuestion = z.object({
  ...questionBase,
  type: z.literal('trl'),
});
/** Numbers beyond this are no longer exact in a double (2^53 − 1): refused, never rounded. */
export const LARGEST_EXACT = Number.MAX_SAFE_INTEGER;

export const numberQuestion = z
  .object({
    ...questionBase,
    type: z.literal('number'),
    unit: i18nKey.optional(),
    // Both ends are required: without them "99999999999999999999" was accepted and shown rounded.
    min: z.number(),
    max: z.number(),
    integer: z.boolean().default(false),
    /** Digits allowed after the decimal point (0 for integers). */
    decimals: z.number().int().min(0).max(6).default(2),
  })
  .superRefine((q, ctx) => {
    if (q.min > q.max) ctx.addIssue({ code: 'custom', message: `${q.id}: min is above max` });
    // Every value in the range, at the allowed precision, must be exact as a double.
    const places = q.integer ? 0 : q.decimals;
    if (Math.max(Math.abs(q.min), Math.abs(q.max)) * 10 ** places > LARGEST_EXACT) {
      ctx.addIssue({ code: 'custom', message: `${q.id}: range × 10^${places} decimals is not exact` });
    }
  });
export const textQuestion = z.object({
  ...questionBase,
  type: z.literal('text'),
  minLength: z.number().int().min(0).default(0),
  maxLength: z.number().int().min(1).default(500),
  multiline: z.boolean().default(false),
});
export const dateQuestion = z.object({
  ...questionBase,
  type: z.literal('date'),
  /** ISO dates "YYYY-MM-DD", or "today" (evaluated in the respondent's time zone). */
  min: z.string().optional(),
  max: z.string().optional(),
});
export const yesNoQuestion = z.object({
  ...questionBase,
  type: z.literal('yes_no'),
});

export const question = z.discriminatedUnion('type', [
  singleChoiceQuestion,
  multiChoiceQuestion,
  scaleQuestion,
  trlQuestion,
  numberQuestion,
  textQuestion,
  dateQuestion,
  yesNoQuestion,
]);
export type Question = z.infer<typeof question>;
export type QuestionType = Question['type'];

/** A section is one page in page mode (Slack modal) and a heading in one-at-a-time mode. */
export const section = z.object({
  id,
  title: i18nKey,
  questions: z.array(question).min(1),
});
export type Section = z.infer<typeof section>;

export const questionnaireDefinition = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    version: z.number().int().min(1),
    title: i18nKey,
    intro: i18nKey.optional(),
    /** Question ids answered once for a whole group in bulk mode (the rest are per patent). */
    sharedInBulk: z.array(id).default([]),
    sections: z.array(section).min(1),
  })
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    const order = new Map<string, number>();
    for (const s of def.sections) {
      for (const q of s.questions) {
        if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: `duplicate question id ${q.id}` });
        seen.add(q.id);
        order.set(q.id, order.size);
      }
    }
    for (const s of def.sections) {
      for (const q of s.questions) {
        for (const ref of answerRefs(q.showIf)) {
          const at = order.get(ref);
          if (at === undefined) {
            ctx.addIssue({ code: 'custom', message: `${q.id}: showIf refers to unknown question ${ref}` });
          } else if (at >= order.get(q.id)!) {
            ctx.addIssue({
              code: 'custom',
              message: `${q.id}: showIf must refer to an earlier question (${ref})`,
            });
          }
        }
      }
    }
    for (const shared of def.sharedInBulk) {
      if (!seen.has(shared))
        ctx.addIssue({ code: 'custom', message: `sharedInBulk names unknown ${shared}` });
    }
  });
export type QuestionnaireDefinition = z.infer<typeof questionnaireDefinition>;

export function answerRefs(c: Condition | undefined): string[] {
  if (!c) return [];
  if ('all' in c) return c.all.flatMap(answerRefs);
  if ('any' in c) return c.any.flatMap(answerRefs);
  if ('not' in c) return answerRefs(c.not);
  return 'answer' in c ? [c.answer] : [];
}

export function allQuestions(def: QuestionnaireDefinition): Question[] {
  return def.sections.flatMap((s) => s.questions);
}

/** Parses and checks a definition; throws with every problem listed. */
export function defineQuestionnaire(input: z.input<typeof questionnaireDefinition>): QuestionnaireDefinition {
  return questionnaireDefinition.parse(input);
}
