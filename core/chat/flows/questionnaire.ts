// Runs a questionnaire in the chat: the self-assessment of a patent, an enterprise evaluation, the
// shared part of a bulk self-assessment, and the patent-by-patent confirmation that follows it.

import { bulkHooks, bulkQueue } from '../../assessments/bulk.ts';
import { evaluationHooks, openEvaluation } from '../../assessments/evaluations.ts';
import { applyStep, type ResponseHooks, type ResponseKind } from '../../assessments/response-store.ts';
import { openSelfAssessment, selfAssessmentHooks } from '../../assessments/self-assessments.ts';
import type { OutgoingMessage } from '../../channel/messages.ts';
import type { EngineInput } from '../../questionnaire/engine.ts';
import { type ChatContext, menuButton, say } from '../context.ts';
import { type ConversationState, idle, loadConversation, saveConversation } from '../conversation.ts';
import { renderEngineReplies } from '../render-questionnaire.ts';

function kindOf(flow: ConversationState['flow']): ResponseKind | null {
  if (flow === 'self-assessment' || flow === 'bulk-queue') return 'self-assessment';
  if (flow === 'evaluation') return 'evaluation';
  if (flow === 'bulk') return 'bulk';
  return null;
}

function hooksFor(ctx: ChatContext, kind: ResponseKind): ResponseHooks {
  if (kind === 'self-assessment') return selfAssessmentHooks(ctx.actor);
  if (kind === 'evaluation') return evaluationHooks(ctx.actor);
  return bulkHooks(ctx.actor);
}

async function headerFor(ctx: ChatContext, conversation: ConversationState): Promise<string | undefined> {
  if (!conversation.subjectId) return undefined;
  if (conversation.flow === 'bulk') {
    const count = await ctx.db.selfAssessment.count({ where: { bulkId: conversation.subjectId } });
    return say(ctx, 'chat:bulk.header', { count });
  }
  const row =
    conversation.flow === 'evaluation'
      ? await ctx.db.enterpriseEvaluation.findUnique({
          where: { id: conversation.subjectId },
          include: { patent: true },
        })
      : await ctx.db.selfAssessment.findUnique({
          where: { id: conversation.subjectId },
          include: { patent: true },
        });
  if (!row) return undefined;
  if (conversation.flow === 'bulk-queue' && conversation.data.bulkId) {
    const total = await ctx.db.selfAssessment.count({ where: { bulkId: conversation.data.bulkId } });
    const left = (await bulkQueue(ctx.db, conversation.data.bulkId)).length;
    return say(ctx, 'chat:bulk.queue_header', { index: total - left + 1, total, title: row.patent.title });
  }
  return row.patent.title;
}

/** Feeds one input to the active questionnaire, persisting it, and renders the replies. */
export async function continueQuestionnaire(
  ctx: ChatContext,
  input: EngineInput,
  conversation?: ConversationState,
): Promise<OutgoingMessage[] | null> {
  const current = conversation ?? (await loadConversation(ctx.db, ctx.actor.personId, ctx.channel));
  const kind = kindOf(current.flow);
  if (!kind || !current.subjectId) return null;
  const title = await headerFor(ctx, current);
  const result = await applyStep(ctx.db, kind, current.subjectId, input, ctx.parseEnv, hooksFor(ctx, kind));
  const messages = renderEngineReplies(result.replies, { locale: ctx.locale, ...(title ? { title } : {}) });
  if (result.state.phase !== 'submitted') return messages;
  return [...messages, ...(await afterSubmit(ctx, current))];
}

/** What follows a submission: the next patent of a bulk group, or back to the menu. */
async function afterSubmit(ctx: ChatContext, conversation: ConversationState): Promise<OutgoingMessage[]> {
  const bulkId = conversation.flow === 'bulk' ? conversation.subjectId : conversation.data.bulkId;
  if ((conversation.flow === 'bulk' || conversation.flow === 'bulk-queue') && bulkId) {
    const queue = await bulkQueue(ctx.db, bulkId);
    const next = queue[0];
    if (next) {
      const state: ConversationState = {
        flow: 'bulk-queue',
        subjectId: next.assessmentId,
        data: { picked: [], bulkId },
      };
      await saveConversation(ctx.db, ctx.actor.personId, ctx.channel, state);
      const intro =
        conversation.flow === 'bulk'
          ? [{ text: say(ctx, 'chat:bulk.shared_done', { count: queue.length }) }]
          : [];
      return [...intro, ...((await continueQuestionnaire(ctx, { type: 'start' }, state)) ?? [])];
    }
    await saveConversation(ctx.db, ctx.actor.personId, ctx.channel, idle());
    return [{ text: say(ctx, 'chat:bulk.all_done'), buttons: [[menuButton(ctx)]] }];
  }
  await saveConversation(ctx.db, ctx.actor.personId, ctx.channel, idle());
  return [];
}

export async function startSelfAssessment(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const response = await openSelfAssessment(ctx.db, ctx.actor, patentId);
  const state: ConversationState = { flow: 'self-assessment', subjectId: response.id, data: { picked: [] } };
  await saveConversation(ctx.db, ctx.actor.personId, ctx.channel, state);
  return (await continueQuestionnaire(ctx, { type: 'start' }, state)) ?? [];
}

export async function startEvaluation(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const response = await openEvaluation(ctx.db, ctx.actor, patentId);
  const state: ConversationState = { flow: 'evaluation', subjectId: response.id, data: { picked: [] } };
  await saveConversation(ctx.db, ctx.actor.personId, ctx.channel, state);
  return (await continueQuestionnaire(ctx, { type: 'start' }, state)) ?? [];
}
