// Page mode: a section at a time, submitted together (Slack modals). Same state and rules as the
// one-question engine, so a respondent may start in Slack and finish in Telegram.
import type { Msg } from '../i18n.ts';
import type { Answers } from './answers.ts';
import { visibleQuestions } from './conditions.ts';
import type { Question, QuestionnaireDefinition, Section } from './definition.ts';
import type { EngineEvent } from './engine.ts';
import { isResolved } from './engine.ts';
import { isBlank, type ParseEnv, parseAnswer, type RawAnswer } from './parsers/index.ts';
import type { EngineState } from './state.ts';

export interface Page {
  section: Section;
  /** The section's questions visible with the answers so far (answered ones included, to change). */
  questions: Question[];
  values: Answers;
  /** 1-based among the sections that have a visible question. */
  index: number;
  total: number;
}

export interface PageSubmission {
  state: EngineState;
  /** Per-field errors; when there are any, nothing was accepted and the state is unchanged. */
  errors: Record<string, Msg>;
  events: EngineEvent[];
  /** The page to show next, or null when every question is resolved (show the review). */
  next: Page | null;
}

function sectionsWithVisible(def: QuestionnaireDefinition, state: EngineState): Section[] {
  const visible = new Set(visibleQuestions(def, state.answers, state.context).map((q) => q.id));
  return def.sections.filter((s) => s.questions.some((q) => visible.has(q.id)));
}

export function pageFor(def: QuestionnaireDefinition, state: EngineState, sectionId: string): Page | null {
  const sections = sectionsWithVisible(def, state);
  const index = sections.findIndex((s) => s.id === sectionId);
  if (index < 0) return null;
  const section = sections[index]!;
  const visible = new Set(visibleQuestions(def, state.answers, state.context).map((q) => q.id));
  const questions = section.questions.filter((q) => visible.has(q.id));
  const values: Answers = {};
  for (const q of questions) if (state.answers[q.id] !== undefined) values[q.id] = state.answers[q.id]!;
  return { section, questions, values, index: index + 1, total: sections.length };
}

/**
 * The page of the question being asked (one reopened from the review, or gone back to), else the
 * first page with a visible question not yet answered or skipped; null means review.
 */
export function currentPage(def: QuestionnaireDefinition, state: EngineState): Page | null {
  if (state.phase === 'submitted') return null;
  if (state.phase === 'answering' && state.current !== null) {
    const asked = visibleQuestions(def, state.answers, state.context).find((q) => q.id === state.current);
    const section = asked && def.sections.find((s) => s.questions.some((q) => q.id === asked.id));
    if (section) return pageFor(def, state, section.id);
  }
  const unresolved = visibleQuestions(def, state.answers, state.context).find(
    (q) => !isResolved(state, q.id),
  );
  if (!unresolved) return null;
  const section = def.sections.find((s) => s.questions.some((q) => q.id === unresolved.id))!;
  return pageFor(def, state, section.id);
}

/**
 * Validates a whole page at once. Visibility is re-evaluated question by question with the values
 * being submitted, so a follow-up revealed by an answer on the same page is asked on a next page
 * when the form did not carry it.
 */
export function submitPage(
  def: QuestionnaireDefinition,
  state: EngineState,
  sectionId: string,
  values: Record<string, RawAnswer>,
  env: ParseEnv,
): PageSubmission {
  const section = def.sections.find((s) => s.id === sectionId);
  if (!section || state.phase === 'submitted') {
    return { state, errors: {}, events: [], next: currentPage(def, state) };
  }
  const answers: Answers = { ...state.answers };
  const skipped = new Set(state.skipped);
  const errors: Record<string, Msg> = {};
  const events: EngineEvent[] = [];
  for (const q of section.questions) {
    // Includes the values accepted so far on this page, in question order.
    if (!visibleQuestions(def, answers, state.context).some((v) => v.id === q.id)) continue;
    if (!(q.id in values)) continue;
    const raw = values[q.id] ?? null;
    if (isBlank(raw)) {
      if (q.required) errors[q.id] = { key: 'engine:error.required' };
      else if (answers[q.id] !== undefined || !skipped.has(q.id)) {
        delete answers[q.id];
        skipped.add(q.id);
        events.push({ type: 'skipped', questionId: q.id });
      }
      continue;
    }
    const parsed = parseAnswer(q, raw, env);
    if (!parsed.ok) {
      errors[q.id] = parsed.error;
      continue;
    }
    answers[q.id] = parsed.value;
    skipped.delete(q.id);
    events.push({ type: 'answered', questionId: q.id, value: parsed.value });
  }
  if (Object.keys(errors).length > 0)
    return { state, errors, events: [], next: pageFor(def, state, sectionId) };

  const moved: EngineState = {
    ...state,
    answers,
    skipped: [...skipped],
    phase: 'answering',
    current: null,
    pendingSelection: null,
  };
  const next = currentPage(def, moved);
  const finalState: EngineState = next ? moved : { ...moved, phase: 'review' };
  return { state: finalState, errors: {}, events, next };
}
