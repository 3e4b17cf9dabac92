// The questionnaire engine, one question at a time (Telegram, terminal): a pure function
// (definition, state, input) → (new state, channel-neutral replies, events to persist).
// Page mode (Slack modals) lives in pages.ts and shares the same state and rules.
import type { Msg } from '../i18n.ts';
import type { Answers, AnswerValue } from './answers.ts';
import { effectiveAnswers, visibleQuestions } from './conditions.ts';
import { allQuestions, type Question, type QuestionnaireDefinition } from './definition.ts';
import { isBlank, type ParseEnv, parseAnswer, type RawAnswer } from './parsers/index.ts';
import type { EngineState } from './state.ts';

export type EngineInput =
  /** Show where the respondent stands: the first question, the one they stopped at, or the review. */
  | { type: 'start' }
  /** Typed text or a tapped option; `questionId` guards against buttons of an older message. */
  | { type: 'answer'; questionId?: string; value: RawAnswer }
  /** Multiple choice by buttons: tick or untick one option … */
  | { type: 'toggle'; questionId: string; optionId: string }
  /** … then confirm the ticked set. */
  | { type: 'confirm'; questionId: string }
  | { type: 'skip' }
  | { type: 'back' }
  | { type: 'review' }
  | { type: 'edit'; questionId: string }
  | { type: 'submit' };

export interface QuestionReply {
  kind: 'question';
  question: Question;
  sectionTitle: string;
  /** 1-based position among the questions currently visible, and their count. */
  position: { index: number; total: number };
  current?: AnswerValue;
  /** Options ticked so far for a multiple choice answered by buttons. */
  selection?: string[];
  canGoBack: boolean;
  canSkip: boolean;
  /**
   * The question asked again because this answer was refused: shown briefly (the error, the label,
   * the buttons), since the whole question is still just above in the chat.
   */
  retry?: Msg;
}

export interface ReviewItem {
  question: Question;
  value?: AnswerValue;
  skipped: boolean;
}

export type EngineReply =
  | QuestionReply
  | { kind: 'error'; error: Msg; questionId?: string }
  | { kind: 'review'; items: ReviewItem[]; missing: string[] }
  | { kind: 'submitted'; answers: Answers }
  | { kind: 'notice'; message: Msg };

export type EngineEvent =
  | { type: 'answered'; questionId: string; value: AnswerValue }
  | { type: 'skipped'; questionId: string }
  | { type: 'submitted'; answers: Answers };

export interface StepResult {
  state: EngineState;
  replies: EngineReply[];
  events: EngineEvent[];
}

export class EngineMismatchError extends Error {}

const notice = (key: string): EngineReply => ({ kind: 'notice', message: { key: `engine:notice.${key}` } });
const error = (key: string, questionId?: string): EngineReply => ({
  kind: 'error',
  error: { key: `engine:error.${key}` },
  ...(questionId ? { questionId } : {}),
});

export function isResolved(state: EngineState, questionId: string): boolean {
  return state.answers[questionId] !== undefined || state.skipped.includes(questionId);
}

export function firstUnresolved(def: QuestionnaireDefinition, state: EngineState): Question | undefined {
  return visibleQuestions(def, state.answers, state.context).find((q) => !isResolved(state, q.id));
}

/** Visible required questions still without an answer: submission waits for these. */
export function missingRequired(def: QuestionnaireDefinition, state: EngineState): string[] {
  return visibleQuestions(def, state.answers, state.context)
    .filter((q) => q.required && state.answers[q.id] === undefined)
    .map((q) => q.id);
}

function findQuestion(def: QuestionnaireDefinition, id: string): Question | undefined {
  return allQuestions(def).find((q) => q.id === id);
}

function isVisible(def: QuestionnaireDefinition, state: EngineState, id: string): boolean {
  return visibleQuestions(def, state.answers, state.context).some((q) => q.id === id);
}

export function questionReply(def: QuestionnaireDefinition, state: EngineState, q: Question): QuestionReply {
  const visible = visibleQuestions(def, state.answers, state.context);
  const index = visible.findIndex((v) => v.id === q.id);
  const section = def.sections.find((s) => s.questions.some((x) => x.id === q.id))!;
  const current = state.answers[q.id];
  return {
    kind: 'question',
    question: q,
    sectionTitle: section.title,
    position: { index: index + 1, total: visible.length },
    ...(current !== undefined ? { current } : {}),
    ...(state.pendingSelection && q.type === 'multi_choice' ? { selection: state.pendingSelection } : {}),
    canGoBack: state.history.length > 0,
    canSkip: !q.required,
  };
}

export function reviewReply(def: QuestionnaireDefinition, state: EngineState): EngineReply {
  const items = visibleQuestions(def, state.answers, state.context).map((question) => {
    const value = state.answers[question.id];
    return {
      question,
      skipped: state.skipped.includes(question.id),
      ...(value !== undefined ? { value } : {}),
    };
  });
  return { kind: 'review', items, missing: missingRequired(def, state) };
}

/** Moves to the next unresolved question, or to the review once every visible question is resolved. */
function advance(
  def: QuestionnaireDefinition,
  state: EngineState,
): { state: EngineState; reply: EngineReply } {
  const next = firstUnresolved(def, state);
  if (next) {
    const moved = { ...state, phase: 'answering' as const, current: next.id, pendingSelection: null };
    return { state: moved, reply: questionReply(def, moved, next) };
  }
  const review = {
    ...state,
    phase: 'review' as const,
    current: null,
    pendingSelection: null,
  };
  return { state: review, reply: reviewReply(def, review) };
}

function currentQuestion(def: QuestionnaireDefinition, state: EngineState): Question | undefined {
  if (state.phase !== 'answering' || state.current === null) return undefined;
  if (!isVisible(def, state, state.current)) return undefined;
  return findQuestion(def, state.current);
}

/** Shows the current position again: after a restart, or after an input that changed nothing. */
function resume(
  def: QuestionnaireDefinition,
  state: EngineState,
): { state: EngineState; reply: EngineReply } {
  if (state.phase === 'review') return { state, reply: reviewReply(def, state) };
  const q = currentQuestion(def, state);
  if (q) return { state, reply: questionReply(def, state, q) };
  return advance(def, state);
}

/**
 * The reply to a refused input. A typed answer gets the short re-ask (the full question is the
 * message just above); a tap on the question's own buttons replaces that message in place where the
 * platform edits, so it gets the error and the whole question again.
 */
function refused(
  def: QuestionnaireDefinition,
  state: EngineState,
  q: Question,
  reason: Msg,
  brief: boolean,
): EngineReply[] {
  const again = questionReply(def, state, q);
  return brief ? [{ ...again, retry: reason }] : [{ kind: 'error', error: reason, questionId: q.id }, again];
}

function accept(
  def: QuestionnaireDefinition,
  state: EngineState,
  q: Question,
  raw: RawAnswer,
  env: ParseEnv,
  brief: boolean,
): StepResult {
  if (isBlank(raw) && !q.required) return skip(def, state, q);
  const parsed = parseAnswer(q, raw, env);
  if (!parsed.ok) return { state, replies: refused(def, state, q, parsed.error, brief), events: [] };
  const answered: EngineState = {
    ...state,
    answers: { ...state.answers, [q.id]: parsed.value },
    skipped: state.skipped.filter((id) => id !== q.id),
    history: [...state.history.filter((id) => id !== q.id), q.id],
    pendingSelection: null,
  };
  const next = advance(def, answered);
  return {
    state: next.state,
    replies: [next.reply],
    events: [{ type: 'answered', questionId: q.id, value: parsed.value }],
  };
}

function skip(def: QuestionnaireDefinition, state: EngineState, q: Question): StepResult {
  if (q.required) {
    return { state, replies: refused(def, state, q, { key: 'engine:error.required' }, true), events: [] };
  }
  const { [q.id]: _dropped, ...answers } = state.answers;
  const skipped: EngineState = {
    ...state,
    answers,
    skipped: [...state.skipped.filter((id) => id !== q.id), q.id],
    history: [...state.history.filter((id) => id !== q.id), q.id],
    pendingSelection: null,
  };
  const next = advance(def, skipped);
  return { state: next.state, replies: [next.reply], events: [{ type: 'skipped', questionId: q.id }] };
}

function toggle(
  def: QuestionnaireDefinition,
  state: EngineState,
  q: Extract<Question, { type: 'multi_choice' }>,
  optionId: string,
): StepResult {
  const option = q.options.find((o) => o.id === optionId);
  if (!option) return { state, replies: [error('stale_button'), questionReply(def, state, q)], events: [] };
  const current = state.pendingSelection ?? (state.answers[q.id] as string[] | undefined) ?? [];
  let selection: string[];
  if (current.includes(optionId)) selection = current.filter((id) => id !== optionId);
  else if (option.exclusive) selection = [optionId];
  else {
    const exclusiveIds = new Set(q.options.filter((o) => o.exclusive).map((o) => o.id));
    selection = [...current.filter((id) => !exclusiveIds.has(id)), optionId];
  }
  if (q.maxSelected !== undefined && selection.length > q.maxSelected) {
    return {
      state,
      replies: [
        { kind: 'error', error: { key: 'engine:error.choice_too_many', params: { max: q.maxSelected } } },
        questionReply(def, state, q),
      ],
      events: [],
    };
  }
  const ordered = q.options.filter((o) => selection.includes(o.id)).map((o) => o.id);
  const next = { ...state, pendingSelection: ordered };
  return { state: next, replies: [questionReply(def, next, q)], events: [] };
}

function back(def: QuestionnaireDefinition, state: EngineState): StepResult {
  const history = [...state.history];
  while (history.length > 0) {
    const previous = history.pop()!;
    if (previous !== state.current && isVisible(def, state, previous)) {
      const moved: EngineState = {
        ...state,
        phase: 'answering',
        current: previous,
        history,
        pendingSelection: null,
      };
      return { state: moved, replies: [questionReply(def, moved, findQuestion(def, previous)!)], events: [] };
    }
  }
  const { state: same, reply } = resume(def, state);
  return { state: same, replies: [notice('at_start'), reply], events: [] };
}

function submit(def: QuestionnaireDefinition, state: EngineState): StepResult {
  const missing = missingRequired(def, state);
  if (missing.length > 0) {
    const next = advance(def, { ...state });
    return { state: next.state, replies: [error('incomplete'), next.reply], events: [] };
  }
  const answers = effectiveAnswers(def, state.answers, state.context);
  const submitted: EngineState = {
    ...state,
    phase: 'submitted',
    current: null,
    pendingSelection: null,
  };
  return {
    state: submitted,
    replies: [{ kind: 'submitted', answers }],
    events: [{ type: 'submitted', answers }],
  };
}

export function step(
  def: QuestionnaireDefinition,
  state: EngineState,
  input: EngineInput,
  env: ParseEnv,
): StepResult {
  if (state.questionnaireId !== def.id || state.version !== def.version) {
    throw new EngineMismatchError(
      `state is for ${state.questionnaireId} v${state.version}, definition is ${def.id} v${def.version}: upgrade the state first`,
    );
  }
  if (state.phase === 'submitted') {
    return { state, replies: [notice('already_submitted')], events: [] };
  }
  switch (input.type) {
    case 'start': {
      const { state: next, reply } = resume(def, state);
      return { state: next, replies: [reply], events: [] };
    }
    case 'answer': {
      const q = currentQuestion(def, state);
      if (!q || (input.questionId !== undefined && input.questionId !== q.id)) {
        const { state: next, reply } = resume(def, state);
        const why =
          state.phase === 'review' && input.questionId === undefined ? 'use_review_actions' : 'stale_button';
        return { state: next, replies: [notice(why), reply], events: [] };
      }
      return accept(def, state, q, input.value, env, true);
    }
    case 'toggle':
    case 'confirm': {
      const q = currentQuestion(def, state);
      if (!q || q.id !== input.questionId || q.type !== 'multi_choice') {
        const { state: next, reply } = resume(def, state);
        return { state: next, replies: [notice('stale_button'), reply], events: [] };
      }
      if (input.type === 'toggle') return toggle(def, state, q, input.optionId);
      const selection = state.pendingSelection ?? (state.answers[q.id] as string[] | undefined) ?? [];
      return accept(def, state, q, selection, env, false);
    }
    case 'skip': {
      const q = currentQuestion(def, state);
      if (!q) {
        const { state: next, reply } = resume(def, state);
        return { state: next, replies: [reply], events: [] };
      }
      return skip(def, state, q);
    }
    case 'back':
      return back(def, state);
    case 'review': {
      const reviewing: EngineState = { ...state, phase: 'review', current: null, pendingSelection: null };
      return { state: reviewing, replies: [reviewReply(def, reviewing)], events: [] };
    }
    case 'edit': {
      const q = findQuestion(def, input.questionId);
      if (!q || !isVisible(def, state, q.id)) {
        const { state: next, reply } = resume(def, state);
        return { state: next, replies: [notice('stale_button'), reply], events: [] };
      }
      const editing: EngineState = {
        ...state,
        phase: 'answering',
        current: q.id,
        pendingSelection: null,
      };
      return { state: editing, replies: [questionReply(def, editing, q)], events: [] };
    }
    case 'submit':
      return submit(def, state);
  }
}

/** Reopens a submitted response for revision (after a screening level sent it back). */
export function reopen(def: QuestionnaireDefinition, state: EngineState): EngineState {
  const reviewing: EngineState = { ...state, phase: 'review', current: null };
  return firstUnresolved(def, reviewing) ? advance(def, reviewing).state : reviewing;
}
