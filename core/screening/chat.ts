// Screening in chat: the queue of a level (with the counts of both levels always in view), one
// submission with its answers, and approve / return with a comment / screen out. Returning asks
// for the comment as the next text message ("return-comment" conversation flow).

import type { ScreeningLevel, ScreeningOutcome } from '../../prisma/generated/client.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say, shorten } from '../chat/context.ts';
import { IDLE } from '../chat/conversation.ts';
import { expertRequestPageAction } from '../expert-evaluation/actions.ts';
import { authorize } from '../people/authorize.ts';
import { localDate } from '../time-format.ts';
import {
  screenDecideAction,
  screenOutConfirmAction,
  screenQueueAction,
  screenViewAction,
} from './actions.ts';
import { decide } from './decide.ts';
import { submissionDetail } from './detail.ts';
import { screeningCounts, screeningQueue } from './queue.ts';

const PAGE_SIZE = 8;

async function countsLine(ctx: ChatContext): Promise<string> {
  const counts = await screeningCounts(ctx.db, ctx.actor);
  return say(ctx, 'coordinator:screening.counts', { college: counts.COLLEGE, university: counts.UNIVERSITY });
}

export async function showQueue(
  ctx: ChatContext,
  level: ScreeningLevel,
  page: number,
): Promise<OutgoingMessage[]> {
  authorize(ctx.actor, 'screening.queue');
  const first = await screeningQueue(ctx.db, ctx.actor, level, 0, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(first.total / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const { total, items } =
    current === 0 ? first : await screeningQueue(ctx.db, ctx.actor, level, current, PAGE_SIZE);
  const lines = [
    await countsLine(ctx),
    '',
    say(ctx, `coordinator:screening.queue_title.${level}`, { total }),
  ];
  if (total === 0) lines.push(say(ctx, 'coordinator:screening.empty'));
  items.forEach((item, i) => {
    lines.push(
      say(ctx, 'coordinator:screening.item', {
        n: current * PAGE_SIZE + i + 1,
        title: item.title,
        number: item.applicationNumber,
        inventor: item.inventorName ?? '—',
        college: item.collegeName ?? '—',
      }),
    );
  });
  const rows = items.map((item, i) => [
    {
      ...button(ctx, 'coordinator:screening.open', screenViewAction.to({ patentId: item.patentId }), {
        n: current * PAGE_SIZE + i + 1,
        title: shorten(item.title, 20),
      }),
    },
  ]);
  const nav = [];
  if (current > 0)
    nav.push(button(ctx, 'chat:patents.previous', screenQueueAction.to({ level, page: current - 1 })));
  if (current < pages - 1)
    nav.push(button(ctx, 'chat:patents.next', screenQueueAction.to({ level, page: current + 1 })));
  const other: ScreeningLevel = level === 'COLLEGE' ? 'UNIVERSITY' : 'COLLEGE';
  nav.push(
    button(ctx, `coordinator:screening.switch.${other}`, screenQueueAction.to({ level: other, page: 0 })),
  );
  nav.push(menuButton(ctx));
  rows.push(nav);
  return [{ text: lines.join('\n'), buttons: rows, slot: 'menu' }];
}

export async function showSubmission(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  authorize(ctx.actor, 'screening.queue');
  const detail = await submissionDetail(ctx.db, ctx.actor, patentId, ctx.locale);
  const lines = [
    say(ctx, 'coordinator:screening.detail_title', {
      level: say(ctx, `screening:level.${detail.level}`),
      title: detail.title,
      number: detail.applicationNumber,
      inventor: detail.inventorName ?? '—',
    }),
    '',
    ...detail.answers.map((a) => say(ctx, 'coordinator:screening.answer', a)),
  ];
  for (const d of detail.decisions) {
    lines.push(
      say(ctx, 'coordinator:screening.past_decision', {
        level: say(ctx, `screening:level.${d.level}`),
        outcome: say(ctx, `screening:outcome.${d.outcome}`),
        comment: d.comment ?? '—',
        date: localDate(d.decidedAt, ctx.actor.timeZone),
      }),
    );
  }
  return [
    {
      text: lines.join('\n'),
      confidential: true,
      buttons: [
        [
          button(
            ctx,
            'coordinator:screening.approve',
            screenDecideAction.to({ outcome: 'APPROVED', patentId }),
          ),
          button(
            ctx,
            'coordinator:screening.return',
            screenDecideAction.to({ outcome: 'RETURNED', patentId }),
          ),
        ],
        [button(ctx, 'coordinator:screening.screen_out', screenOutConfirmAction.to({ patentId }))],
        [button(ctx, 'expert-evaluation:page.entry', expertRequestPageAction.to({ patentId }))],
        [
          button(ctx, 'coordinator:screening.back', screenQueueAction.to({ level: detail.level, page: 0 })),
          menuButton(ctx),
        ],
      ],
    },
  ];
}

export async function confirmScreenOut(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  authorize(ctx.actor, 'screening.queue');
  // The patent is checked before the question is asked: a forged button for a patent of another
  // college, one not waiting, or none at all is refused, not offered a confirmation.
  await submissionDetail(ctx.db, ctx.actor, patentId, ctx.locale);
  return [
    {
      text: say(ctx, 'coordinator:screening.confirm_screen_out'),
      buttons: [
        [
          button(
            ctx,
            'coordinator:screening.confirm',
            screenDecideAction.to({ outcome: 'SCREENED_OUT', patentId }),
          ),
          button(ctx, 'coordinator:screening.cancel', screenViewAction.to({ patentId })),
        ],
      ],
    },
  ];
}

export async function decideFromChat(
  ctx: ChatContext,
  outcome: ScreeningOutcome,
  patentId: string,
): Promise<OutgoingMessage[]> {
  authorize(ctx.actor, 'screening.queue');
  if (outcome === 'RETURNED') {
    // Checked now, so that nobody types a comment for a patent they cannot return.
    await submissionDetail(ctx.db, ctx.actor, patentId, ctx.locale);
    await ctx.conversation.set({ flow: 'return-comment', patentId });
    return [
      {
        text: say(ctx, 'coordinator:screening.comment_prompt'),
        expects: 'text',
        buttons: [[button(ctx, 'coordinator:screening.cancel', screenViewAction.to({ patentId }))]],
      },
    ];
  }
  const result = await decide(ctx.db, ctx.actor, { patentId, outcome }, ctx.clock.now());
  return afterDecision(ctx, result.level, outcome);
}

/** The comment typed after "return": the decision is taken with it. */
export async function returnWithComment(
  ctx: ChatContext,
  patentId: string,
  comment: string,
): Promise<OutgoingMessage[]> {
  await ctx.conversation.set(IDLE);
  const result = await decide(ctx.db, ctx.actor, { patentId, outcome: 'RETURNED', comment }, ctx.clock.now());
  return afterDecision(ctx, result.level, 'RETURNED');
}

async function afterDecision(
  ctx: ChatContext,
  level: ScreeningLevel,
  outcome: ScreeningOutcome,
): Promise<OutgoingMessage[]> {
  return [{ text: say(ctx, `coordinator:screening.done.${outcome}`) }, ...(await showQueue(ctx, level, 0))];
}
