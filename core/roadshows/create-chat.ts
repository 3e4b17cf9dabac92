// A coordinator creates and broadcasts a roadshow from the chat: the event's questions (run by the
// questionnaire engine: one at a time with review and edit, or a page at a time as a form), the
// featured patents, a preview of the invitation and its audience, then confirm → create + publish,
// and a progress message the job layer keeps up to date (jobs/broadcast-progress.ts).
import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, openFormButton, say } from '../chat/context.ts';
import { fieldErrorsText, renderPageForm } from '../chat/render-form.ts';
import { renderEngineReplies } from '../chat/render-questionnaire.ts';
import { Refusal } from '../errors.ts';
import type { Msg } from '../i18n.ts';
import { authorizeAsync, organisingInstitution } from '../people/authorize.ts';
import { allQuestions } from '../questionnaire/definition.ts';
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
import { type EngineState, initialState } from '../questionnaire/state.ts';
import { type RoadshowWizardStep, roadshowStepAction } from './actions.ts';
import { startBroadcast } from './broadcast-progress.ts';
import {
  closeDraft,
  createDraft,
  currentDraft,
  type RoadshowDraft,
  updateDraft,
  withState,
} from './create-draft.ts';
import { checkField, roadshowFromAnswers } from './create-fields.ts';
import { pickMessage, poolPatents, togglePatent } from './create-patents.ts';
import { previewMessage } from './create-preview.ts';
import { roadshowCreateV1 } from './create-questionnaire.ts';
import { createRoadshow } from './roadshows.ts';

const DEF = roadshowCreateV1;
/** Form ids of the wizard's pages: `rs:<section id>`. */
export const ROADSHOW_FORM_PREFIX = 'rs:';

type Step = { next: RoadshowDraft | null; result: OutgoingMessage[] };

const env = (ctx: ChatContext) => ({ timeZone: ctx.actor.timeZone, now: ctx.clock.now() });
const cancelRow = (ctx: ChatContext) => [
  button(ctx, 'roadshow:create.cancel', roadshowStepAction.to({ step: 'cancel' })),
];

function engineMessages(ctx: ChatContext, replies: EngineReply[]): OutgoingMessage[] {
  const rendered = renderEngineReplies(replies, {
    locale: ctx.locale,
    title: say(ctx, 'roadshow:create.heading'),
  });
  return rendered.map((message, i) => {
    const kind = replies[i]?.kind;
    if (kind !== 'question' && kind !== 'review') return message;
    const formRow = ctx.supportsForms && kind === 'question' ? [[openFormButton(ctx)]] : [];
    return { ...message, buttons: [...(message.buttons ?? []), ...formRow, cancelRow(ctx)] };
  });
}

function formMessage(ctx: ChatContext, page: Page, errors?: Record<string, string>): OutgoingMessage {
  const form = renderPageForm(page, DEF, {
    locale: ctx.locale,
    formId: `${ROADSHOW_FORM_PREFIX}${page.section.id}`,
    title: say(ctx, page.section.title),
  });
  return {
    text: errors
      ? say(ctx, 'questionnaire-ui:form.has_errors', { count: Object.keys(errors).length })
      : say(ctx, 'roadshow:create.form_page', { progress: form.progress }),
    form: errors ? { ...form, errors } : form,
    buttons: [cancelRow(ctx)],
  };
}

/** Where the draft stands, shown again: after a restart, /start, or an input that changes nothing. */
async function show(ctx: ChatContext, draft: RoadshowDraft): Promise<OutgoingMessage[]> {
  if (draft.stage === 'patents') return [await pickMessage(ctx, draft)];
  if (draft.stage === 'preview') {
    const checked = await check(ctx, draft);
    if (checked.ok) return [await previewMessage(ctx, draft, checked.roadshow)];
  }
  const page = ctx.supportsForms && draft.state.phase === 'answering' ? currentPage(DEF, draft.state) : null;
  if (page) return [formMessage(ctx, page)];
  return engineMessages(ctx, step(DEF, draft.state, { type: 'start' }, ctx.parseEnv).replies);
}

async function check(ctx: ChatContext, draft: RoadshowDraft) {
  const featured = await ctx.db.patent.findMany({
    where: { id: { in: draft.patentIds } },
    select: { ipcCodes: true },
  });
  return roadshowFromAnswers(draft.state.answers, draft, featured, env(ctx));
}

/** Back to a question with the reason it must be answered again. */
function askAgain(ctx: ChatContext, draft: RoadshowDraft, error: Msg, questionId: string): Step {
  const edited = step(DEF, { ...draft.state, phase: 'review' }, { type: 'edit', questionId }, ctx.parseEnv);
  const next: RoadshowDraft = { ...draft, stage: 'questions', state: edited.state };
  return { next, result: engineMessages(ctx, [{ kind: 'error', error, questionId }, ...edited.replies]) };
}

// ---------------------------------------------------------------- entry points

export async function startRoadshowWizard(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const institutionId = await organisingInstitution(ctx.db, ctx.actor);
  const existing = currentDraft(ctx);
  if (existing && existing.institutionId === institutionId) {
    return [{ text: say(ctx, 'roadshow:create.resumed') }, ...(await show(ctx, existing))];
  }
  const pool = await poolPatents(ctx.db, institutionId);
  if (pool.length === 0)
    return [{ text: say(ctx, 'roadshow:create.no_patents'), buttons: [[menuButton(ctx)]] }];
  const draft: RoadshowDraft = {
    institutionId,
    roadshowId: randomUUID(),
    stage: 'questions',
    // Started, so that the first typed answer is taken for the first question.
    state: step(DEF, initialState(DEF.id, DEF.version), { type: 'start' }, ctx.parseEnv).state,
    patentIds: [],
    filter: '',
  };
  await createDraft(ctx, draft);
  ctx.logger.info({ institutionId, roadshowId: draft.roadshowId }, 'roadshow wizard started');
  return [{ text: say(ctx, 'roadshow:create.intro') }, ...(await show(ctx, draft))];
}

/** Input while a wizard is open (typed text, engine buttons, commands); null when none is. */
export async function continueRoadshowDraft(
  ctx: ChatContext,
  input: EngineInput,
): Promise<OutgoingMessage[] | null> {
  return updateDraft(ctx, async (draft): Promise<Step> => {
    await authorizeAsync(ctx.db, ctx.actor, 'roadshow.create', draft);
    if (draft.stage === 'questions') return questionsStep(ctx, draft, input);
    // Typed text narrows the patent list; a question's button from an older message does not.
    const typed = input.type === 'answer' && input.questionId === undefined;
    if (draft.stage === 'patents' && typed && typeof input.value === 'string') {
      const next = { ...draft, filter: input.value.trim().slice(0, 60) };
      return { next, result: [await pickMessage(ctx, next)] };
    }
    if (input.type === 'back' || input.type === 'review') return toReview(ctx, draft);
    return { next: draft, result: await show(ctx, draft) };
  });
}

const noDraft = (ctx: ChatContext): OutgoingMessage[] => [
  { text: say(ctx, 'roadshow:create.no_draft'), buttons: [[menuButton(ctx)]] },
];

/** A featured patent ticked or unticked. */
export async function pickPatent(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const replies = await updateDraft(ctx, async (draft): Promise<Step> => {
    await authorizeAsync(ctx.db, ctx.actor, 'roadshow.create', draft);
    if (draft.stage !== 'patents') return { next: draft, result: await show(ctx, draft) };
    const next = await togglePatent(ctx.db, draft, patentId);
    return { next, result: [await pickMessage(ctx, next)] };
  });
  return replies ?? noDraft(ctx);
}

/** The wizard's own buttons: new, cancel, edit, clear the filter, patents done. */
export async function wizardStep(
  ctx: ChatContext,
  wizardStep: RoadshowWizardStep,
): Promise<OutgoingMessage[]> {
  if (wizardStep === 'new') return startRoadshowWizard(ctx);
  const replies = await updateDraft(ctx, async (draft): Promise<Step> => {
    await authorizeAsync(ctx.db, ctx.actor, 'roadshow.create', draft);
    switch (wizardStep) {
      case 'cancel':
        return {
          next: null,
          result: [{ text: say(ctx, 'roadshow:create.cancelled'), buttons: [[menuButton(ctx)]] }],
        };
      case 'edit':
        return toReview(ctx, draft);
      case 'clearFilter': {
        const next = { ...draft, filter: '' };
        return {
          next,
          result: draft.stage === 'patents' ? [await pickMessage(ctx, next)] : await show(ctx, next),
        };
      }
      default:
        return toPreview(ctx, draft);
    }
  });
  return replies ?? noDraft(ctx);
}

// ---------------------------------------------------------------- stages

async function questionsStep(ctx: ChatContext, draft: RoadshowDraft, input: EngineInput): Promise<Step> {
  const state = draft.state;
  if (input.type === 'submit') return toPatents(ctx, draft);
  let accepted = input;
  const current =
    state.phase === 'answering' ? allQuestions(DEF).find((q) => q.id === state.current) : undefined;
  if (input.type === 'answer' && current && (input.questionId ?? current.id) === current.id) {
    const checked = checkField(current.id, input.value, { ...env(ctx), answers: state.answers });
    if (!checked.ok) {
      const replies: EngineReply[] = [
        { kind: 'error', error: checked.error, questionId: current.id },
        questionReply(DEF, state, current),
      ];
      return { next: draft, result: engineMessages(ctx, replies) };
    }
    accepted = { ...input, value: checked.value };
  }
  const result = step(DEF, state, accepted, ctx.parseEnv);
  return { next: withState(draft, result.state), result: engineMessages(ctx, result.replies) };
}

/** The questions are done (the review's submit): on to the patents, unless an answer is wrong. */
async function toPatents(ctx: ChatContext, draft: RoadshowDraft): Promise<Step> {
  if (missingRequired(DEF, draft.state).length > 0) {
    const result = step(DEF, draft.state, { type: 'submit' }, ctx.parseEnv);
    return { next: withState(draft, result.state), result: engineMessages(ctx, result.replies) };
  }
  const checked = await check(ctx, draft);
  if (!checked.ok && checked.questionId !== 'patentIds')
    return askAgain(ctx, draft, checked.error, checked.questionId);
  const reviewing: EngineState = { ...draft.state, phase: 'review', current: null, pendingSelection: null };
  const next: RoadshowDraft = { ...draft, stage: 'patents', state: reviewing };
  return { next, result: [await pickMessage(ctx, next)] };
}

async function toPreview(ctx: ChatContext, draft: RoadshowDraft): Promise<Step> {
  if (draft.stage === 'questions') return toPatents(ctx, draft);
  if (draft.patentIds.length === 0) {
    return {
      next: { ...draft, stage: 'patents' },
      result: [{ text: `⚠️ ${say(ctx, 'roadshow:create.error.no_patents')}` }, await pickMessage(ctx, draft)],
    };
  }
  const checked = await check(ctx, draft);
  if (!checked.ok) return askAgain(ctx, draft, checked.error, checked.questionId);
  const next: RoadshowDraft = { ...draft, stage: 'preview' };
  return { next, result: [await previewMessage(ctx, next, checked.roadshow)] };
}

function toReview(ctx: ChatContext, draft: RoadshowDraft): Step {
  const result = step(DEF, draft.state, { type: 'review' }, ctx.parseEnv);
  return {
    next: { ...draft, stage: 'questions', state: result.state },
    result: engineMessages(ctx, result.replies),
  };
}

// ---------------------------------------------------------------- confirmation

/**
 * Creates and publishes the previewed roadshow. The roadshow's id was fixed when the wizard
 * started, so a double tap or a replayed update finds the same roadshow, and publishing invites
 * each person once; the button of a wizard already confirmed only reports what happened.
 */
export async function confirmRoadshow(ctx: ChatContext, roadshowId: string): Promise<OutgoingMessage[]> {
  const draft = currentDraft(ctx);
  if (!draft || draft.roadshowId !== roadshowId || draft.stage !== 'preview') {
    const done = await ctx.db.roadshow.findUnique({ where: { id: roadshowId } });
    if (!done || done.createdById !== ctx.actor.personId) return noDraft(ctx);
    await authorizeAsync(ctx.db, ctx.actor, 'roadshow.publish', done);
    return [
      {
        text: say(ctx, 'roadshow:create.already_published', { title: done.title }),
        buttons: [[menuButton(ctx)]],
      },
    ];
  }
  await authorizeAsync(ctx.db, ctx.actor, 'roadshow.publish', draft);
  const checked = await check(ctx, draft);
  if (!checked.ok) {
    const again = askAgain(ctx, draft, checked.error, checked.questionId);
    await updateDraft(ctx, async () => ({ next: again.next, result: null }));
    return again.result;
  }
  const roadshow = await createRoadshow(ctx.db, ctx.actor, checked.roadshow);
  const { recipients } = await startBroadcast(ctx.db, ctx.actor, roadshow.id, ctx.channel, ctx.clock.now());
  await closeDraft(ctx);
  ctx.logger.info({ roadshowId: roadshow.id, recipients }, 'roadshow published from chat');
  return [
    {
      text: say(ctx, 'roadshow:create.published', { title: roadshow.title, count: recipients }),
      buttons: [[menuButton(ctx)]],
    },
  ];
}

// ---------------------------------------------------------------- page mode (forms)

/** The wizard's current page as a form; null when no wizard is open. */
export async function openRoadshowForm(ctx: ChatContext): Promise<OutgoingMessage[] | null> {
  const draft = currentDraft(ctx);
  if (!draft) return null;
  await authorizeAsync(ctx.db, ctx.actor, 'roadshow.create', draft);
  const page = draft.stage === 'questions' ? currentPage(DEF, draft.state) : null;
  return page ? [formMessage(ctx, page)] : show(ctx, draft);
}

/**
 * A submitted page. Fields are checked as typed answers are (the engine's parsers, then the
 * wizard's own checks); a page with any error stores nothing and comes back with the messages.
 */
export async function submitRoadshowForm(
  ctx: ChatContext,
  formId: string,
  values: Record<string, RawAnswer>,
): Promise<OutgoingMessage[]> {
  const sectionId = formId.slice(ROADSHOW_FORM_PREFIX.length);
  const replies = await updateDraft(ctx, async (draft): Promise<Step> => {
    await authorizeAsync(ctx.db, ctx.actor, 'roadshow.create', draft);
    const section = DEF.sections.find((s) => s.id === sectionId);
    if (draft.stage !== 'questions' || !section)
      throw new Refusal({ key: 'questionnaire-ui:form.stale' }, `form ${formId}`);
    const checkedValues: Record<string, RawAnswer> = {};
    const errors: Record<string, Msg> = {};
    // A form page holds both times: each is checked against the other as submitted.
    const answers = { ...draft.state.answers, ...values };
    for (const [id, raw] of Object.entries(values)) {
      const checked = checkField(id, raw, { ...env(ctx), answers });
      if (checked.ok) checkedValues[id] = checked.value;
      else errors[id] = checked.error;
    }
    const submission = submitPage(DEF, draft.state, sectionId, checkedValues, ctx.parseEnv);
    const allErrors = { ...submission.errors, ...errors };
    if (Object.keys(allErrors).length > 0) {
      const shown = pageFor(DEF, draft.state, sectionId);
      if (!shown) throw new Refusal({ key: 'questionnaire-ui:form.stale' }, `form ${formId}`);
      return { next: draft, result: [formMessage(ctx, shown, fieldErrorsText(allErrors, ctx.locale))] };
    }
    const next = withState(draft, submission.state);
    if (submission.next) return { next, result: [formMessage(ctx, submission.next)] };
    return { next, result: engineMessages(ctx, [reviewReply(DEF, submission.state)]) };
  });
  return replies ?? noDraft(ctx);
}
