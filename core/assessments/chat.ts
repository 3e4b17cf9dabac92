// Runs a questionnaire in the chat: the self-assessment of a patent, an enterprise evaluation, the
// shared part of a bulk self-assessment, and the patent-by-patent confirmation that follows it.

import type { OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, openFormButton, say } from '../chat/context.ts';
import { type ConversationState, IDLE } from '../chat/conversation.ts';
import { fieldErrorsText, renderPageForm } from '../chat/render-form.ts';
import { renderEngineReplies } from '../chat/render-questionnaire.ts';
import { Refusal } from '../errors.ts';
import type { QuestionnaireDefinition } from '../questionnaire/definition.ts';
import type { EngineInput } from '../questionnaire/engine.ts';
import type { Page } from '../questionnaire/pages.ts';
import type { RawAnswer } from '../questionnaire/parsers/index.ts';
import { type BulkFillReport, bulkHooks, bulkQueue } from './bulk.ts';
import { authorizeOpenEvaluation, evaluationHooks, openEvaluation } from './evaluations.ts';
import { openPage, submitPageStep } from './page-submission.ts';
import { applyStep, loadResponse, type ResponseHooks, type ResponseKind } from './response-store.ts';
import { openSelfAssessment, selfAssessmentHooks } from './self-assessments.ts';
import {
  evaluationSubmitted,
  showSubmittedEvaluation,
  showSubmittedSelfAssessment,
} from './submitted-view.ts';

type QuestionnaireState = Extract<ConversationState, { responseId: string }>;

/** The questionnaire this conversation is in, if any. */
function questionnaireOf(state: ConversationState): { kind: ResponseKind; state: QuestionnaireState } | null {
  switch (state.flow) {
    case 'self-assessment':
    case 'bulk-queue':
      return { kind: 'self-assessment', state };
    case 'evaluation':
      return { kind: 'evaluation', state };
    case 'bulk':
      return { kind: 'bulk', state };
    default:
      return null;
  }
}

function hooksFor(ctx: ChatContext, kind: ResponseKind): ResponseHooks {
  if (kind === 'self-assessment') return selfAssessmentHooks(ctx.actor);
  if (kind === 'evaluation') return evaluationHooks(ctx.actor);
  return bulkHooks(ctx.actor);
}

async function headerFor(ctx: ChatContext, conversation: QuestionnaireState): Promise<string | undefined> {
  if (conversation.flow === 'bulk') {
    const count = await ctx.db.selfAssessment.count({ where: { bulkId: conversation.responseId } });
    return say(ctx, 'chat:bulk.header', { count });
  }
  const row =
    conversation.flow === 'evaluation'
      ? await ctx.db.enterpriseEvaluation.findUnique({
          where: { id: conversation.responseId },
          include: { patent: true },
        })
      : await ctx.db.selfAssessment.findUnique({
          where: { id: conversation.responseId },
          include: { patent: true },
        });
  if (!row) return undefined;
  if (conversation.flow === 'bulk-queue') {
    const total = await ctx.db.selfAssessment.count({ where: { bulkId: conversation.bulkId } });
    const left = (await bulkQueue(ctx.db, conversation.bulkId)).length;
    return say(ctx, 'chat:bulk.queue_header', { index: total - left + 1, total, title: row.patent.title });
  }
  return row.patent.title;
}

/** Feeds one input to the active questionnaire, persisting it, and renders the replies. */
export async function continueQuestionnaire(
  ctx: ChatContext,
  input: EngineInput,
): Promise<OutgoingMessage[] | null> {
  const active = questionnaireOf(ctx.conversation.state);
  if (!active) return null;
  const { kind, state: current } = active;
  if (kind === 'evaluation') {
    // Submitted meanwhile (a colleague of the same enterprise, another chat): nothing to answer,
    // the enterprise reads what was sent rather than the engine's "ask your office" notice.
    const status = await authorizeOpenEvaluation(ctx.db, ctx.actor, current.responseId);
    if (status === 'SUBMITTED') {
      await ctx.conversation.set(IDLE);
      return showSubmittedEvaluation(ctx, current.responseId);
    }
  }
  const title = await headerFor(ctx, current);
  const filled: BulkFillReport = { members: 0, kept: [] };
  const result = await applyStep(
    ctx.db,
    kind,
    current.responseId,
    input,
    ctx.parseEnv,
    ctx.clock.now(),
    kind === 'bulk' ? bulkHooks(ctx.actor, filled) : hooksFor(ctx, kind),
  );
  const rendered = renderEngineReplies(result.replies, { locale: ctx.locale, ...(title ? { title } : {}) });
  // Where forms exist, every question also offers its whole page as a form.
  const messages = ctx.supportsForms
    ? rendered.map((message, i) =>
        result.replies[i]?.kind === 'question'
          ? {
              ...message,
              buttons: [...(message.buttons ?? []), [openFormButton(ctx)]],
            }
          : message,
      )
    : rendered;
  if (result.state.phase !== 'submitted') return messages;
  const submitted = result.events.find((e) => e.type === 'submitted');
  if (current.flow === 'evaluation' && submitted?.type === 'submitted') {
    // The inventor's thanks ("the office will review it…") does not fit an enterprise: its own words.
    const kept = messages.filter((_, i) => result.replies[i]?.kind !== 'submitted');
    const done = await evaluationSubmitted(ctx, current.responseId, submitted.answers);
    return [...kept, done, ...(await afterSubmit(ctx, current))];
  }
  if (current.flow !== 'bulk' && current.flow !== 'bulk-queue') {
    return [...messages, ...(await openLicenceNote(ctx, current)), ...(await afterSubmit(ctx, current))];
  }
  // In a bulk group the thanks and its menu button would stand above the next patent's question,
  // and the shared part submits no patent at all: say what really happened instead.
  const done = submitted ? [await bulkStepDone(ctx, current, filled)] : [];
  const kept = messages.filter((_, i) => result.replies[i]?.kind !== 'submitted');
  return [...kept, ...done, ...(await afterSubmit(ctx, current))];
}

/** A self-assessment that declared an open licence: the inventor learns what happens to it next. */
async function openLicenceNote(ctx: ChatContext, current: QuestionnaireState): Promise<OutgoingMessage[]> {
  if (current.flow !== 'self-assessment') return [];
  const assessment = await ctx.db.selfAssessment.findUnique({
    where: { id: current.responseId },
    select: { patent: { select: { openLicence: { select: { releasedAt: true, withdrawnAt: true } } } } },
  });
  const declaration = assessment?.patent.openLicence;
  if (!declaration || declaration.withdrawnAt || declaration.releasedAt) return [];
  return [{ text: say(ctx, 'open-licence:declared'), confidential: true }];
}

/** One line for a step of a bulk group: the shared answers filled in, or one patent submitted. */
async function bulkStepDone(
  ctx: ChatContext,
  conversation: QuestionnaireState,
  filled: BulkFillReport,
): Promise<OutgoingMessage> {
  if (conversation.flow === 'bulk') {
    const lines = [
      filled.kept.length === 0
        ? say(ctx, 'self-assessment:bulk.filled', { count: filled.members })
        : say(ctx, 'self-assessment:bulk.filled_kept', {
            count: filled.members,
            kept: filled.kept.length,
          }),
      ...filled.kept.map((k) =>
        say(ctx, 'self-assessment:bulk.kept_line', {
          title: k.title,
          questions: k.questionIds
            .map((id) => say(ctx, `self-assessment:q.${id}.label`))
            .join(say(ctx, 'questionnaire-ui:answer.list_separator')),
        }),
      ),
    ];
    return { text: lines.join('\n'), confidential: true };
  }
  const row = await ctx.db.selfAssessment.findUnique({
    where: { id: conversation.responseId },
    select: { patent: { select: { title: true } } },
  });
  return {
    text: say(ctx, 'self-assessment:bulk.patent_submitted', { title: row?.patent.title ?? '' }),
    confidential: true,
  };
}

/** What follows a submission: the next patent of a bulk group, or back to the menu. */
async function afterSubmit(ctx: ChatContext, conversation: QuestionnaireState): Promise<OutgoingMessage[]> {
  const bulkId =
    conversation.flow === 'bulk'
      ? conversation.responseId
      : conversation.flow === 'bulk-queue'
        ? conversation.bulkId
        : null;
  if (bulkId) {
    const queue = await bulkQueue(ctx.db, bulkId);
    const next = queue[0];
    if (next) {
      await ctx.conversation.set({ flow: 'bulk-queue', responseId: next.assessmentId, bulkId });
      return (await continueQuestionnaire(ctx, { type: 'start' })) ?? [];
    }
    await ctx.conversation.set(IDLE);
    return [{ text: say(ctx, 'chat:bulk.all_done'), buttons: [[menuButton(ctx)]] }];
  }
  await ctx.conversation.set(IDLE);
  return [];
}

export async function startSelfAssessment(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const response = await openSelfAssessment(ctx.db, ctx.actor, patentId, ctx.clock.now());
  // Submitted: nothing to answer, but the inventor may read what they sent and how it was screened.
  if (response.status === 'SUBMITTED') return showSubmittedSelfAssessment(ctx, response.id);
  await ctx.conversation.set({ flow: 'self-assessment', responseId: response.id });
  return (await continueQuestionnaire(ctx, { type: 'start' })) ?? [];
}

export async function startEvaluation(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const response = await openEvaluation(ctx.db, ctx.actor, patentId);
  // Submitted: the enterprise reads what it sent, and may still register interest.
  if (response.status === 'SUBMITTED') return showSubmittedEvaluation(ctx, response.id);
  await ctx.conversation.set({ flow: 'evaluation', responseId: response.id });
  return (await continueQuestionnaire(ctx, { type: 'start' })) ?? [];
}

// ---------------------------------------------------------------- page mode (forms)

/** A form id names the response and the page: `pg:<response id>:<section id>` (≤ 255 bytes). */
const FORM_ID = /^pg:([0-9a-f-]{36}):([a-zA-Z][\w]{0,40})$/;

function formMessage(
  ctx: ChatContext,
  page: Page,
  def: QuestionnaireDefinition,
  responseId: string,
  title: string | undefined,
  errors?: Record<string, string>,
): OutgoingMessage {
  const form = renderPageForm(page, def, {
    locale: ctx.locale,
    formId: `pg:${responseId}:${page.section.id}`,
    title: say(ctx, page.section.title),
  });
  const heading = title ?? say(ctx, def.title);
  return {
    text: errors
      ? say(ctx, 'questionnaire-ui:form.has_errors', { count: Object.keys(errors).length })
      : say(ctx, 'questionnaire-ui:form.page', { title: heading, progress: form.progress }),
    form: errors ? { ...form, errors } : form,
    confidential: true,
  };
}

/** The active questionnaire's current page as a form, resumed from the saved state. */
export async function openForm(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const active = questionnaireOf(ctx.conversation.state);
  if (!active) return noQuestionnaire(ctx);
  const { kind, state: conversation } = active;
  if (kind === 'evaluation') await authorizeOpenEvaluation(ctx.db, ctx.actor, conversation.responseId);
  const response = await loadResponse(ctx.db, kind, conversation.responseId);
  if (!response) return noQuestionnaire(ctx);
  const { page, def } = await openPage(response, hooksFor(ctx, kind));
  // Everything answered: the review (with its submit button) is the next thing to see.
  if (!page) return (await continueQuestionnaire(ctx, { type: 'review' })) ?? [];
  const title = await headerFor(ctx, conversation);
  return [formMessage(ctx, page, def, response.id, title)];
}

/**
 * A submitted form page. The form id is checked against the person's own active questionnaire:
 * a forged or stale form (another response, another person's) is refused, never applied.
 */
export async function submitForm(
  ctx: ChatContext,
  formId: string,
  values: Record<string, RawAnswer>,
): Promise<OutgoingMessage[]> {
  const match = FORM_ID.exec(formId);
  const active = questionnaireOf(ctx.conversation.state);
  if (!match || !active || active.state.responseId !== match[1]) {
    throw new Refusal({ key: 'questionnaire-ui:form.stale' }, `form ${formId}`);
  }
  const { kind, state: conversation } = active;
  if (kind === 'evaluation') await authorizeOpenEvaluation(ctx.db, ctx.actor, conversation.responseId);
  const [, responseId, sectionId] = match as unknown as [string, string, string];
  const title = await headerFor(ctx, conversation);
  const hooks = hooksFor(ctx, kind);
  const result = await submitPageStep(
    ctx.db,
    kind,
    responseId,
    sectionId,
    values,
    ctx.parseEnv,
    ctx.clock.now(),
    hooks,
  );
  switch (result.outcome) {
    case 'INVALID': {
      if (!result.page) throw new Refusal({ key: 'questionnaire-ui:form.stale' }, `form ${formId}`);
      const errors = fieldErrorsText(result.errors, ctx.locale);
      return [formMessage(ctx, result.page, result.def, responseId, title, errors)];
    }
    case 'NEXT_PAGE':
      return [formMessage(ctx, result.page, result.def, responseId, title)];
    case 'REVIEW':
      return (await continueQuestionnaire(ctx, { type: 'review' })) ?? [];
    case 'CLOSED':
      return [{ text: say(ctx, 'questionnaire-ui:form.closed'), buttons: [[menuButton(ctx)]] }];
  }
}

function noQuestionnaire(ctx: ChatContext): OutgoingMessage[] {
  return [{ text: say(ctx, 'chat:error.no_questionnaire'), buttons: [[menuButton(ctx)]] }];
}

/**
 * A questionnaire input with no questionnaire open: a second tap on "submit", /review, /skip.
 * When the person's latest questionnaire is the one they submitted, they are told so (not that
 * there is none); either way the menu follows.
 */
export async function noOpenQuestionnaire(ctx: ChatContext, input: EngineInput['type']): Promise<string> {
  if (input !== 'submit') return say(ctx, 'chat:error.no_questionnaire');
  const personId = ctx.actor.personId;
  const latest = { orderBy: { updatedAt: 'desc' as const }, select: { status: true, updatedAt: true } };
  const [own, evaluation] = await Promise.all([
    ctx.db.selfAssessment.findFirst({ where: { respondentId: personId }, ...latest }),
    ctx.db.enterpriseEvaluation.findFirst({ where: { evaluatorId: personId }, ...latest }),
  ]);
  const last = [own, evaluation]
    .filter((row) => row !== null)
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  return last?.status === 'SUBMITTED'
    ? say(ctx, 'questionnaire-ui:submitted.already')
    : say(ctx, 'chat:error.no_questionnaire');
}
