// Submitted questionnaires, read-only. The inventor sees the self-assessment they sent and where the
// screening stands (pending, in the resource pool, or screened out with the reason); a return by the
// coordinator reopens it. An enterprise sees the evaluation it sent, who sent it and when, and is
// pointed to what it can still do (register interest): its evaluation goes to the patent's holder,
// not to a technology-transfer office of its own. Also the enterprise's words after submitting an
// evaluation, and what a patent's page offers an enterprise about its evaluation.
import type { Button, OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { reviewLines } from '../chat/render-questionnaire.ts';
import type { Db } from '../db/database.ts';
import { patentAction, patentsAction } from '../inventory/actions.ts';
import type { Answers } from '../questionnaire/answers.ts';
import { reviewReply } from '../questionnaire/engine.ts';
import { parseState } from '../questionnaire/state.ts';
import { interestAction } from '../roadshows/actions.ts';
import { localDate } from '../time-format.ts';
import { evaluateAction } from './actions.ts';
import { CONTACT_CONSENT } from './enterprise-name.ts';
import { definitionFor, upgradeIfNeeded } from './response-store.ts';

type Outcome =
  | { status: 'SUBMITTED' | 'COLLEGE_APPROVED' | 'IN_POOL' }
  | { status: 'SCREENED_OUT'; reason: string | null };

/** Where the screening of a submitted self-assessment stands, from its patent and decisions. */
async function outcomeOf(db: Db, assessmentId: string): Promise<Outcome | null> {
  const row = await db.selfAssessment.findUnique({
    where: { id: assessmentId },
    select: {
      patent: { select: { inventoryStatus: true } },
      screeningDecisions: {
        where: { outcome: 'SCREENED_OUT' },
        orderBy: { decidedAt: 'desc' },
        take: 1,
        select: { comment: true },
      },
    },
  });
  const status = row?.patent.inventoryStatus;
  if (status === 'SCREENED_OUT') {
    return { status, reason: row?.screeningDecisions[0]?.comment ?? null };
  }
  if (status === 'SUBMITTED' || status === 'COLLEGE_APPROVED' || status === 'IN_POOL') return { status };
  return null;
}

/** The answers as sent, one numbered line each, as the review showed them (no edit buttons). */
function answerLines(ctx: ChatContext, stored: unknown): string {
  const state = upgradeIfNeeded(parseState(stored));
  const review = reviewReply(definitionFor(state), state);
  return review.kind === 'review' ? reviewLines(review, ctx.locale).join('\n') : '';
}

const paragraphs = (blocks: string[]) => blocks.filter((block) => block !== '').join('\n\n');

/** The answers as sent, without edit buttons, and the screening outcome; the menu to go on. */
export async function showSubmittedSelfAssessment(
  ctx: ChatContext,
  assessmentId: string,
): Promise<OutgoingMessage[]> {
  const row = await ctx.db.selfAssessment.findUniqueOrThrow({
    where: { id: assessmentId },
    select: { state: true, patent: { select: { title: true } } },
  });
  const outcome = await outcomeOf(ctx.db, assessmentId);
  const outcomeLines = outcome
    ? [
        say(ctx, 'self-assessment:view.outcome', { status: say(ctx, `chat:status.${outcome.status}`) }),
        ...(outcome.status === 'SCREENED_OUT' && outcome.reason
          ? [say(ctx, 'self-assessment:view.reason', { reason: outcome.reason })]
          : []),
      ]
    : [];
  const text = paragraphs([
    [`📄 ${row.patent.title}`, say(ctx, 'self-assessment:view.heading')].join('\n'),
    answerLines(ctx, row.state),
    outcomeLines.join('\n'),
    say(ctx, 'self-assessment:view.hint'),
  ]);
  return [{ text, buttons: [[menuButton(ctx)]], confidential: true }];
}

/** Back to the patent, to the list, to the menu: where an enterprise goes on from a patent's step. */
export function patentNavigation(ctx: ChatContext, patentId: string): Button[][] {
  return [
    [
      button(ctx, 'chat:patent.back_to_patent', patentAction.to({ patentId })),
      button(ctx, 'chat:patents.back_to_list', patentsAction.to({ page: 0 })),
    ],
    [menuButton(ctx)],
  ];
}

/**
 * The enterprise's submitted evaluation of a patent, read-only: who sent it and when, the answers,
 * and what is left to do (register interest) instead of the inventor's "ask your office" notice.
 */
export async function showSubmittedEvaluation(
  ctx: ChatContext,
  evaluationId: string,
): Promise<OutgoingMessage[]> {
  const row = await ctx.db.enterpriseEvaluation.findUniqueOrThrow({
    where: { id: evaluationId },
    select: {
      state: true,
      patentId: true,
      submittedAt: true,
      patent: { select: { title: true } },
      evaluator: { select: { name: true } },
    },
  });
  const by = row.submittedAt
    ? say(ctx, 'evaluation:view.by', {
        name: row.evaluator.name,
        date: localDate(row.submittedAt, ctx.actor.timeZone),
      })
    : '';
  const text = paragraphs([
    [`📄 ${row.patent.title}`, say(ctx, 'evaluation:view.heading'), by].filter(Boolean).join('\n'),
    answerLines(ctx, row.state),
    say(ctx, 'evaluation:view.hint'),
  ]);
  return [
    {
      text,
      buttons: [
        [button(ctx, 'roadshow:interest.button', interestAction.to({ patentId: row.patentId }))],
        ...patentNavigation(ctx, row.patentId),
      ],
      confidential: true,
    },
  ];
}

/**
 * What follows an enterprise's submission, in place of the inventor's "your office will review it":
 * where the evaluation goes (named or anonymous, as the enterprise chose), and interest as the next
 * step unless it declined to cooperate.
 */
export async function evaluationSubmitted(
  ctx: ChatContext,
  evaluationId: string,
  answers: Answers,
): Promise<OutgoingMessage> {
  const { patentId } = await ctx.db.enterpriseEvaluation.findUniqueOrThrow({
    where: { id: evaluationId },
    select: { patentId: true },
  });
  const declined = Array.isArray(answers.cooperation) && answers.cooperation.includes('none');
  const lines = [
    say(ctx, answers[CONTACT_CONSENT] === true ? 'evaluation:done.named' : 'evaluation:done.anonymous'),
    say(ctx, declined ? 'evaluation:done.declined' : 'evaluation:done.interest'),
  ];
  return {
    text: lines.join('\n'),
    buttons: [
      ...(declined ? [] : [[button(ctx, 'roadshow:interest.button', interestAction.to({ patentId }))]]),
      ...patentNavigation(ctx, patentId),
    ],
    confidential: true,
  };
}

/**
 * A patent's page for an enterprise: its evaluation to start, to continue, or, once submitted, to
 * read (with when it was sent).
 */
export async function ownEvaluationEntry(
  ctx: ChatContext,
  enterpriseId: string,
  patentId: string,
): Promise<{ line: string | null; button: Button }> {
  const evaluation = await ctx.db.enterpriseEvaluation.findUnique({
    where: { patentId_enterpriseId: { patentId, enterpriseId } },
    select: { status: true, submittedAt: true },
  });
  const action = evaluateAction.to({ patentId });
  if (evaluation?.status === 'SUBMITTED') {
    const date = evaluation.submittedAt ? localDate(evaluation.submittedAt, ctx.actor.timeZone) : '';
    return {
      line: say(ctx, 'chat:patent.evaluated_on', { date }),
      button: button(ctx, 'chat:patent.view_evaluation', action),
    };
  }
  const key = evaluation ? 'chat:patent.continue_evaluation' : 'chat:patent.evaluate';
  return { line: null, button: button(ctx, key, action) };
}
