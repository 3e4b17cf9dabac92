// The expert's side in the chat: their open requests with deadlines, one request opened (the
// invitation to accept or decline, the questionnaire resumed where they stopped, or what they sent),
// accepting (the questionnaire starts), declining (the next text is the reason) and the
// questionnaire itself, run by the engine with its usual back, skip, review, edit and submit. Each
// turn checks that the request is still the actor's and still open.
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say, shorten } from '../chat/context.ts';
import { IDLE } from '../chat/conversation.ts';
import { renderEngineReplies } from '../chat/render-questionnaire.ts';
import { notifyPeople } from '../delivery/notify.ts';
import { Refusal } from '../errors.ts';
import { patentCoordinators } from '../people/patent-coordinators.ts';
import type { EngineInput } from '../questionnaire/engine.ts';
import { localDate } from '../time-format.ts';
import { expertOpenAction, expertRequestsAction } from './actions.ts';
import { expertSubmittedNotice, invitationMessage, requesterLabel } from './messages.ts';
import { acceptRequest, declineRequest, OPEN_STATUSES, ownRequest } from './requests.ts';
import { answersText } from './result-view.ts';
import { applyExpertStep } from './store.ts';

/** The expert's open requests, soonest deadline first (menu, Home). */
export async function openRequestsOf(ctx: Pick<ChatContext, 'db'>, personId: string) {
  return ctx.db.expertEvaluationRequest.findMany({
    where: { expert: { personId }, status: { in: OPEN_STATUSES } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    select: { id: true, status: true, dueAt: true, patent: { select: { title: true } } },
  });
}

export async function showOwnRequests(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const open = await openRequestsOf(ctx, ctx.actor.personId);
  const now = ctx.clock.now();
  const lines = [say(ctx, 'expert-evaluation:mine.heading', { count: open.length })];
  if (open.length === 0) lines.push(say(ctx, 'expert-evaluation:mine.none'));
  for (const [i, r] of open.entries()) {
    lines.push(
      say(ctx, r.dueAt < now ? 'expert-evaluation:mine.item_overdue' : 'expert-evaluation:mine.item', {
        n: i + 1,
        title: r.patent.title,
        status: say(ctx, `expert-evaluation:status.${r.status}`),
        date: localDate(r.dueAt, ctx.actor.timeZone),
      }),
    );
  }
  const rows = open.slice(0, 10).map((r, i) => [
    button(ctx, 'expert-evaluation:mine.open', expertOpenAction.to({ requestId: r.id }), {
      n: i + 1,
      title: shorten(r.patent.title, 24),
    }),
  ]);
  return [{ text: lines.join('\n'), buttons: [...rows, [menuButton(ctx)]] }];
}

/** One of the expert's requests, as it stands. */
export async function openOwnRequest(ctx: ChatContext, requestId: string): Promise<OutgoingMessage[]> {
  const row = await ownRequest(ctx.db, ctx.actor, requestId);
  switch (row.status) {
    case 'INVITED': {
      const full = await ctx.db.expertEvaluationRequest.findUniqueOrThrow({
        where: { id: requestId },
        include: { patent: true, expert: { include: { person: true } } },
      });
      const requester = await requesterLabel(ctx.db, full);
      return [invitationMessage(ctx.locale, ctx.actor.timeZone, full, requester)];
    }
    case 'ACCEPTED':
      await ctx.conversation.set({ flow: 'expert-evaluation', requestId });
      return (await continueExpertQuestionnaire(ctx, { type: 'start' })) ?? [];
    case 'SUBMITTED':
      return [
        {
          text: [
            `📄 ${row.patent.title}`,
            say(ctx, 'expert-evaluation:mine.sent'),
            '',
            answersText(ctx, row.state),
          ].join('\n'),
          buttons: [
            [button(ctx, 'expert-evaluation:mine.back', expertRequestsAction.to())],
            [menuButton(ctx)],
          ],
          confidential: true,
        },
      ];
    default:
      return [
        {
          text: say(ctx, `expert-evaluation:refusal.closed.${row.status}`),
          buttons: [[button(ctx, 'expert-evaluation:mine.back', expertRequestsAction.to())]],
        },
      ];
  }
}

export async function acceptFromChat(ctx: ChatContext, requestId: string): Promise<OutgoingMessage[]> {
  const row = await acceptRequest(ctx.db, ctx.actor, requestId, ctx.clock.now());
  if (row.status === 'SUBMITTED') return openOwnRequest(ctx, requestId);
  await ctx.conversation.set({ flow: 'expert-evaluation', requestId });
  const started = (await continueExpertQuestionnaire(ctx, { type: 'start' })) ?? [];
  return [{ text: say(ctx, 'expert-evaluation:accepted', { title: row.patent.title }) }, ...started];
}

export async function askDeclineReason(ctx: ChatContext, requestId: string): Promise<OutgoingMessage[]> {
  const row = await ownRequest(ctx.db, ctx.actor, requestId);
  if (row.status !== 'INVITED') return openOwnRequest(ctx, requestId);
  await ctx.conversation.set({ flow: 'expert-decline', requestId });
  return [
    {
      text: say(ctx, 'expert-evaluation:decline.ask', { title: row.patent.title }),
      buttons: [[button(ctx, 'expert-evaluation:decline.cancel', expertOpenAction.to({ requestId }))]],
      expects: 'text',
    },
  ];
}

/** The text after "decline": the reason. Too short or too long: asked again, nothing changed. */
export async function saveDeclineReason(ctx: ChatContext, text: string): Promise<OutgoingMessage[]> {
  const state = ctx.conversation.state;
  if (state.flow !== 'expert-decline') return [];
  let outcome: 'DECLINED' | 'CLOSED';
  try {
    outcome = await declineRequest(ctx.db, ctx.actor, state.requestId, text, ctx.clock.now());
  } catch (error) {
    if (error instanceof Refusal && error.reason.key === 'expert-evaluation:refusal.reason_length') {
      return [
        {
          text: `⚠ ${say(ctx, error.reason.key)}\n${say(ctx, 'expert-evaluation:decline.again')}`,
          buttons: [
            [
              button(
                ctx,
                'expert-evaluation:decline.cancel',
                expertOpenAction.to({ requestId: state.requestId }),
              ),
            ],
          ],
        },
      ];
    }
    throw error;
  }
  await ctx.conversation.set(IDLE);
  ctx.logger.info({ requestId: state.requestId, outcome }, 'expert evaluation request declined');
  const key = outcome === 'DECLINED' ? 'expert-evaluation:decline.done' : 'expert-evaluation:decline.closed';
  return [{ text: say(ctx, key), buttons: [[menuButton(ctx)]] }];
}

/** One questionnaire input for the request the conversation is in. */
export async function continueExpertQuestionnaire(
  ctx: ChatContext,
  input: EngineInput,
): Promise<OutgoingMessage[] | null> {
  const state = ctx.conversation.state;
  if (state.flow !== 'expert-evaluation') return null;
  const row = await ownRequest(ctx.db, ctx.actor, state.requestId);
  if (row.status !== 'ACCEPTED') {
    // Submitted from another chat, or withdrawn meanwhile: nothing to answer any more.
    await ctx.conversation.set(IDLE);
    return openOwnRequest(ctx, row.id);
  }
  const result = await applyExpertStep(
    ctx.db,
    row.id,
    ctx.actor.personId,
    input,
    ctx.parseEnv,
    ctx.clock.now(),
  );
  // One question at a time on every platform: this questionnaire has no page (form) mode.
  const messages = renderEngineReplies(result.replies, { locale: ctx.locale, title: row.patent.title });
  if (result.state.phase !== 'submitted') return messages;
  await ctx.conversation.set(IDLE);
  await announceSubmission(ctx, row.id);
  const kept = messages.filter((_, i) => result.replies[i]?.kind !== 'submitted');
  return [
    ...kept,
    { text: say(ctx, 'expert-evaluation:done'), buttons: [[menuButton(ctx)]], confidential: true },
  ];
}

/** The requester and the institution's coordinators are told that the result is in. */
async function announceSubmission(ctx: ChatContext, requestId: string) {
  const row = await ctx.db.expertEvaluationRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: { requestedById: true, patent: { select: { institutionId: true, collegeId: true } } },
  });
  const coordinators = await patentCoordinators(ctx.db, row.patent);
  await notifyPeople(
    ctx.db,
    expertSubmittedNotice,
    [row.requestedById, ...coordinators],
    { requestId },
    ctx.clock.now(),
    requestId,
  );
}
