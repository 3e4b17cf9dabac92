// What the registration and profile wizards share: a questionnaire run by the engine with answers
// checked as typed (fields.ts), its draft kept in the person's conversation and changed through
// the conversation's guarded update (two taps at once cannot both apply), one question at a time
// or a page at a time as a form, a review, and a submission the wizard's own code performs.
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, openFormButton, say } from '../chat/context.ts';
import { IDLE } from '../chat/conversation.ts';
import { fieldErrorsText, renderPageForm } from '../chat/render-form.ts';
import { renderEngineReplies } from '../chat/render-questionnaire.ts';
import { Refusal } from '../errors.ts';
import type { Msg } from '../i18n.ts';
import { allQuestions, type QuestionnaireDefinition } from '../questionnaire/definition.ts';
import {
  type EngineInput,
  type EngineReply,
  missingRequired,
  questionReply,
  reviewReply,
  step,
} from '../questionnaire/engine.ts';
import { currentPage, type Page, pageFor, submitPage } from '../questionnaire/pages.ts';
import type { RawAnswer } from '../questionnaire/parsers/index.ts';
import type { EngineState } from '../questionnaire/state.ts';
import { enterpriseWizardAction } from './actions.ts';
import type { EnterpriseProfileDraft, EnterpriseRegistrationDraft } from './chat-state.ts';
import { browseRow, IPC_QUESTION, readTyped } from './ipc-picker.ts';

export type FieldCheck = { ok: true; value: RawAnswer } | { ok: false; error: Msg };

type Drafts = {
  'enterprise-register': EnterpriseRegistrationDraft;
  'enterprise-profile': EnterpriseProfileDraft;
};
export type WizardFlow = keyof Drafts;

export type WizardStep<D> = { next: D | null; result: OutgoingMessage[] };

export interface Wizard<F extends WizardFlow> {
  flow: F;
  def: QuestionnaireDefinition;
  /** Form ids of the wizard's pages: `<prefix><section id>`. */
  formPrefix: string;
  heading: string;
  /** Checks one typed answer beyond its question type; the value passed on is what the engine stores. */
  check(ctx: ChatContext, draft: Drafts[F], questionId: string, raw: RawAnswer): Promise<FieldCheck>;
  /** The reviewed answers submitted: does what the wizard is for. */
  submit(ctx: ChatContext, draft: Drafts[F]): Promise<WizardStep<Drafts[F]>>;
}

export function currentDraft<F extends WizardFlow>(ctx: ChatContext, flow: F): Drafts[F] | null {
  const state = ctx.conversation.state;
  return state.flow === flow ? (state.draft as Drafts[F]) : null;
}

export async function setDraft<F extends WizardFlow>(ctx: ChatContext, flow: F, draft: Drafts[F]) {
  await ctx.conversation.set({ flow, draft } as Parameters<typeof ctx.conversation.set>[0]);
}

/** Applies `change` to the open draft and stores the result (null ends the wizard); null without one. */
export async function updateDraft<F extends WizardFlow, T>(
  ctx: ChatContext,
  flow: F,
  change: (draft: Drafts[F]) => Promise<{ next: Drafts[F] | null; result: T }>,
): Promise<T | null> {
  return ctx.conversation.update(async (state) => {
    if (state.flow !== flow) return { next: state, result: null };
    const draft = state.draft as Drafts[F];
    const { next, result } = await change(draft);
    if (next === draft) return { next: state, result };
    return { next: next ? ({ flow, draft: next } as typeof state) : IDLE, result };
  });
}

const cancelRow = (ctx: ChatContext) => [
  button(ctx, 'enterprises:wizard.cancel', enterpriseWizardAction.to({ step: 'cancel' })),
];

export function engineMessages(
  ctx: ChatContext,
  wizard: Wizard<WizardFlow>,
  replies: EngineReply[],
): OutgoingMessage[] {
  const rendered = renderEngineReplies(replies, { locale: ctx.locale, title: say(ctx, wizard.heading) });
  return rendered.map((message, i) => {
    const reply = replies[i];
    // Registration data is the enterprise's own, not assessment data: it may be forwarded.
    const plain = { ...message, confidential: false };
    if (reply?.kind !== 'question' && reply?.kind !== 'review') return plain;
    // The IPC question can also be answered by browsing the classification (ipc-picker.ts).
    const ipcRow = reply.kind === 'question' && reply.question.id === IPC_QUESTION ? [browseRow(ctx)] : [];
    const formRow = ctx.supportsForms && reply.kind === 'question' ? [[openFormButton(ctx)]] : [];
    return { ...plain, buttons: [...(message.buttons ?? []), ...ipcRow, ...formRow, cancelRow(ctx)] };
  });
}

/** The draft moved on by the engine: a picker open at the IPC question closes, except on a mere "show". */
function moved<D extends { state: EngineState; ipc?: unknown }>(
  draft: D,
  state: EngineState,
  keepPick: boolean,
): D {
  if (keepPick) return { ...draft, state };
  const { ipc: _closed, ...rest } = draft;
  return { ...rest, state } as D;
}

function formMessage(
  ctx: ChatContext,
  wizard: Wizard<WizardFlow>,
  page: Page,
  errors?: Record<string, string>,
): OutgoingMessage {
  const form = renderPageForm(page, wizard.def, {
    locale: ctx.locale,
    formId: `${wizard.formPrefix}${page.section.id}`,
    title: say(ctx, page.section.title),
  });
  return {
    text: errors
      ? say(ctx, 'questionnaire-ui:form.has_errors', { count: Object.keys(errors).length })
      : say(ctx, 'enterprises:wizard.form_page', { progress: form.progress }),
    form: errors ? { ...form, errors } : form,
    buttons: [cancelRow(ctx)],
  };
}

/** Where the draft stands: the current page as a form where forms exist, else the question or review. */
export function show(ctx: ChatContext, wizard: Wizard<WizardFlow>, state: EngineState): OutgoingMessage[] {
  const page = ctx.supportsForms && state.phase === 'answering' ? currentPage(wizard.def, state) : null;
  if (page) return [formMessage(ctx, wizard, page)];
  return engineMessages(ctx, wizard, step(wizard.def, state, { type: 'start' }, ctx.parseEnv).replies);
}

/** Back to a question with the reason it must be answered again. */
export function askAgain<D extends { state: EngineState }>(
  ctx: ChatContext,
  wizard: Wizard<WizardFlow>,
  draft: D,
  error: Msg,
  questionId: string,
): WizardStep<D> {
  const edited = step(
    wizard.def,
    { ...draft.state, phase: 'review' },
    { type: 'edit', questionId },
    ctx.parseEnv,
  );
  return {
    next: { ...draft, state: edited.state },
    result: engineMessages(ctx, wizard, [{ kind: 'error', error, questionId }, ...edited.replies]),
  };
}

/** Input while the wizard is open (typed text, engine buttons, /back, /review, /submit). */
export async function wizardInput<F extends WizardFlow>(
  ctx: ChatContext,
  wizard: Wizard<F>,
  input: EngineInput,
): Promise<OutgoingMessage[] | null> {
  const any = wizard as unknown as Wizard<WizardFlow>;
  return updateDraft(ctx, wizard.flow, async (draft): Promise<WizardStep<Drafts[F]>> => {
    const state = draft.state;
    if (input.type === 'submit') {
      // Nothing is submitted unseen: /submit while answering shows the review first.
      const first = state.phase === 'review' ? 'submit' : 'review';
      if (first === 'review' || missingRequired(wizard.def, state).length > 0) {
        const result = step(wizard.def, state, { type: first }, ctx.parseEnv);
        return { next: moved(draft, result.state, false), result: engineMessages(ctx, any, result.replies) };
      }
      return wizard.submit(ctx, draft);
    }
    let accepted = input;
    const current =
      state.phase === 'answering' ? allQuestions(wizard.def).find((q) => q.id === state.current) : undefined;
    // Words typed at the IPC question search the classification instead of answering it.
    if (
      input.type === 'answer' &&
      input.questionId === undefined &&
      current?.id === IPC_QUESTION &&
      typeof input.value === 'string'
    ) {
      const typed = readTyped(ctx, draft, input.value);
      if (typed.kind === 'picker') return { next: { ...draft, ipc: typed.ipc }, result: typed.messages };
    }
    if (input.type === 'answer' && current && (input.questionId ?? current.id) === current.id) {
      const checked = await wizard.check(ctx, draft, current.id, input.value);
      if (!checked.ok) {
        const replies: EngineReply[] = [
          { kind: 'error', error: checked.error, questionId: current.id },
          questionReply(wizard.def, state, current),
        ];
        return { next: draft, result: engineMessages(ctx, any, replies) };
      }
      accepted = { ...input, value: checked.value };
    }
    const result = step(wizard.def, state, accepted, ctx.parseEnv);
    return {
      next: moved(draft, result.state, input.type === 'start'),
      result: engineMessages(ctx, any, result.replies),
    };
  });
}

/** The wizard's current page as a form; null when it is not open. */
export async function wizardOpenForm<F extends WizardFlow>(
  ctx: ChatContext,
  wizard: Wizard<F>,
): Promise<OutgoingMessage[] | null> {
  const draft = currentDraft(ctx, wizard.flow);
  if (!draft) return null;
  const any = wizard as unknown as Wizard<WizardFlow>;
  const page = currentPage(wizard.def, draft.state);
  return page ? [formMessage(ctx, any, page)] : show(ctx, any, draft.state);
}

/**
 * A submitted page: fields are checked as typed answers are (the wizard's own checks, then the
 * engine's parsers); a page with any error stores nothing and comes back with the messages.
 */
export async function wizardSubmitForm<F extends WizardFlow>(
  ctx: ChatContext,
  wizard: Wizard<F>,
  formId: string,
  values: Record<string, RawAnswer>,
): Promise<OutgoingMessage[] | null> {
  const any = wizard as unknown as Wizard<WizardFlow>;
  const sectionId = formId.slice(wizard.formPrefix.length);
  return updateDraft(ctx, wizard.flow, async (draft): Promise<WizardStep<Drafts[F]>> => {
    const section = wizard.def.sections.find((s) => s.id === sectionId);
    if (!formId.startsWith(wizard.formPrefix) || !section)
      throw new Refusal({ key: 'questionnaire-ui:form.stale' }, `form ${formId}`);
    const checkedValues: Record<string, RawAnswer> = {};
    const errors: Record<string, Msg> = {};
    for (const [id, raw] of Object.entries(values)) {
      const blank = raw === null || (typeof raw === 'string' && raw.trim() === '');
      const checked = blank ? ({ ok: true, value: raw } as const) : await wizard.check(ctx, draft, id, raw);
      if (checked.ok) checkedValues[id] = checked.value;
      else errors[id] = checked.error;
    }
    const submission = submitPage(wizard.def, draft.state, sectionId, checkedValues, ctx.parseEnv);
    const allErrors = { ...submission.errors, ...errors };
    if (Object.keys(allErrors).length > 0) {
      const shown = pageFor(wizard.def, draft.state, sectionId);
      if (!shown) throw new Refusal({ key: 'questionnaire-ui:form.stale' }, `form ${formId}`);
      return { next: draft, result: [formMessage(ctx, any, shown, fieldErrorsText(allErrors, ctx.locale))] };
    }
    const next = { ...draft, state: submission.state };
    if (submission.next) return { next, result: [formMessage(ctx, any, submission.next)] };
    return { next, result: engineMessages(ctx, any, [reviewReply(wizard.def, submission.state)]) };
  });
}
