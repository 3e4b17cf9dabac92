// A submitted expert evaluation, read-only: the answers as the review showed them, the grade, who
// evaluated and when; for a coordinator whether it was released to the inventors (and the button to
// release it). Only for those 'expertEvaluation.view' allows: the requester, the institution's
// coordinators, the inventors once released.

import { definitionFor, upgradeIfNeeded } from '../assessments/response-store.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { reviewLines } from '../chat/render-questionnaire.ts';
import { may } from '../people/authorize.ts';
import { reviewReply } from '../questionnaire/engine.ts';
import { parseState } from '../questionnaire/state.ts';
import { localDate } from '../time-format.ts';
import { expertReassignAction, expertReleaseAction, expertRequestPageAction } from './actions.ts';
import { isOverdue, requestFor, requestObject } from './requests.ts';

/** The answers as sent, one numbered line each. */
export function answersText(ctx: ChatContext, stored: unknown): string {
  if (stored === null || stored === undefined) return '';
  const state = upgradeIfNeeded(parseState(stored));
  const review = reviewReply(definitionFor(state), state);
  return review.kind === 'review' ? reviewLines(review, ctx.locale).join('\n') : '';
}

export async function showResult(ctx: ChatContext, requestId: string): Promise<OutgoingMessage[]> {
  const row = await requestFor(ctx.db, ctx.actor, requestId, 'expertEvaluation.view');
  const zone = ctx.actor.timeZone;
  const object = requestObject(row);
  const rows = [];
  const lines = [
    `📄 ${row.patent.title}`,
    say(ctx, 'expert-evaluation:result.expert', {
      expert: row.expert.person.name,
      status: say(ctx, `expert-evaluation:status.${row.status}`),
    }),
  ];
  if (row.status === 'SUBMITTED') {
    lines.push(
      say(ctx, 'expert-evaluation:result.grade', {
        grade: row.valueGrade ?? '—',
        date: row.submittedAt ? localDate(row.submittedAt, zone) : '—',
      }),
      '',
      answersText(ctx, row.state),
    );
    if (may(ctx.actor, 'expertEvaluation.release', object)) {
      if (row.releasedAt) {
        lines.push(
          '',
          say(ctx, 'expert-evaluation:result.released', { date: localDate(row.releasedAt, zone) }),
        );
      } else {
        lines.push('', say(ctx, 'expert-evaluation:result.not_released'));
        rows.push([button(ctx, 'expert-evaluation:result.release', expertReleaseAction.to({ requestId }))]);
      }
    }
  } else {
    lines.push(say(ctx, 'expert-evaluation:result.due', { date: localDate(row.dueAt, zone) }));
    if (row.status === 'DECLINED' && row.declineReason)
      lines.push(say(ctx, 'expert-evaluation:result.decline_reason', { reason: row.declineReason }));
    if (isOverdue(row, ctx.clock.now()) && may(ctx.actor, 'expertEvaluation.reassign', object))
      rows.push([button(ctx, 'expert-evaluation:result.reassign', expertReassignAction.to({ requestId }))]);
  }
  // The inventors read the result only; the patent's page is for those who may request.
  if (!object.inventorIds.includes(ctx.actor.personId) || may(ctx.actor, 'expertEvaluation.reassign', object))
    rows.push([
      button(ctx, 'expert-evaluation:page.back', expertRequestPageAction.to({ patentId: row.patentId })),
    ]);
  rows.push([menuButton(ctx)]);
  return [{ text: lines.filter((l) => l !== undefined).join('\n'), buttons: rows, confidential: true }];
}
