// The requester's side in the chat: a patent's expert evaluations (the requests so far, each with
// its state, and up to five experts Revive proposes, ticked one by one then confirmed), the result
// of a request, an overdue request handed to another proposed expert, and a coordinator's release
// of a result to the inventors. The ticked experts live in the conversation ('expert-pick'); every
// tick and the confirmation check the expert against the proposals computed again.
import type { Button, OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say, shorten } from '../chat/context.ts';
import { IDLE } from '../chat/conversation.ts';
import { Refusal, refuseWith } from '../errors.ts';
import { parseApplicationNumber } from '../identifiers/cn-application-number.ts';
import { patentAction } from '../inventory/actions.ts';
import { hasRole } from '../people/actor.ts';
import { localDate } from '../time-format.ts';
import {
  expertPickAction,
  expertPickConfirmAction,
  expertReassignToAction,
  expertRequestPageAction,
  expertResultAction,
} from './actions.ts';
import { showOwnRequests } from './expert-chat.ts';
import type { Proposal } from './proposals.ts';
import {
  isOverdue,
  proposalsFor,
  reassignCandidates,
  reassignRequest,
  releaseResult,
  requestEvaluations,
  requestFor,
  requestingParty,
  visibleRequests,
} from './requests.ts';
import { showResult } from './result-view.ts';

function proposalLine(ctx: ChatContext, p: Proposal, n: number, picked: boolean): string {
  return say(ctx, 'expert-evaluation:page.proposal', {
    mark: picked ? '☑' : '☐',
    n,
    name: p.name,
    title: p.title ?? '—',
    affiliation: p.affiliation ?? '—',
    field: p.field,
    depth: say(ctx, `expert-evaluation:depth.${p.depth}`),
  });
}

/** The page of a patent's expert evaluations; entering it starts a fresh pick. */
export async function showRequestPage(
  ctx: ChatContext,
  patentId: string,
  picked: readonly string[] = [],
  notice?: string,
): Promise<OutgoingMessage[]> {
  const party = await requestingParty(ctx.db, ctx.actor, patentId);
  const [requests, proposals] = await Promise.all([
    visibleRequests(ctx.db, ctx.actor, patentId),
    proposalsFor(ctx.db, ctx.actor, party),
  ]);
  const ticked = picked.filter((id) => proposals.some((p) => p.expertId === id));
  await ctx.conversation.set({ flow: 'expert-pick', patentId, picked: ticked });
  const now = ctx.clock.now();
  const lines = [
    ...(notice ? [notice, ''] : []),
    say(ctx, 'expert-evaluation:page.heading', { title: party.patent.title }),
  ];
  const rows: Button[][] = [];
  if (requests.length > 0) {
    lines.push('', say(ctx, 'expert-evaluation:page.requests'));
    requests.forEach((r, i) => {
      const overdue = isOverdue(r, now);
      lines.push(
        say(ctx, 'expert-evaluation:page.request', {
          n: i + 1,
          expert: r.expert.person.name,
          status: say(ctx, `expert-evaluation:status.${overdue ? 'OVERDUE' : r.status}`),
          grade: r.valueGrade ?? '—',
          date: localDate(r.dueAt, ctx.actor.timeZone),
        }),
      );
      if (r.status !== 'WITHDRAWN')
        rows.push([
          button(ctx, 'expert-evaluation:page.open_request', expertResultAction.to({ requestId: r.id }), {
            n: i + 1,
            expert: shorten(r.expert.person.name, 16),
          }),
        ]);
    });
  }
  lines.push('');
  if (proposals.length === 0) {
    // Those already asked are no longer proposed: after a request, "no expert" would read as a failure.
    lines.push(
      say(
        ctx,
        requests.length > 0
          ? 'expert-evaluation:page.no_more_proposals'
          : 'expert-evaluation:page.no_proposals',
      ),
    );
  } else {
    lines.push(say(ctx, 'expert-evaluation:page.proposals'));
    for (const [i, p] of proposals.entries())
      lines.push(proposalLine(ctx, p, i + 1, ticked.includes(p.expertId)));
    lines.push(say(ctx, 'expert-evaluation:page.pick_hint'));
    rows.push(
      proposals.map((p, i) => ({
        label: `${ticked.includes(p.expertId) ? '☑' : '☐'} ${i + 1}`,
        action: expertPickAction.to({ expertId: p.expertId }),
      })),
    );
    if (ticked.length > 0)
      rows.push([
        button(ctx, 'expert-evaluation:page.confirm', expertPickConfirmAction.to(), { count: ticked.length }),
      ]);
  }
  // An enterprise came from the patent's page; a coordinator has none for a pool patent.
  rows.push([
    ...(party.requesterEnterpriseId
      ? [button(ctx, 'expert-evaluation:page.back_patent', patentAction.to({ patentId }))]
      : []),
    menuButton(ctx),
  ]);
  return [{ text: lines.join('\n'), buttons: rows, slot: 'menu' }];
}

export async function togglePick(ctx: ChatContext, expertId: string): Promise<OutgoingMessage[]> {
  const state = ctx.conversation.state;
  if (state.flow !== 'expert-pick')
    return [{ text: say(ctx, 'chat:error.stale_button'), buttons: [[menuButton(ctx)]] }];
  const picked = state.picked.includes(expertId)
    ? state.picked.filter((id) => id !== expertId)
    : [...state.picked, expertId];
  // An expert not proposed (forged, or no longer proposed) is dropped by the page, never kept.
  return showRequestPage(ctx, state.patentId, picked);
}

export async function confirmPick(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const state = ctx.conversation.state;
  if (state.flow !== 'expert-pick')
    return [{ text: say(ctx, 'chat:error.stale_button'), buttons: [[menuButton(ctx)]] }];
  const created = await requestEvaluations(ctx.db, ctx.actor, state.patentId, state.picked, ctx.clock.now());
  await ctx.conversation.set(IDLE);
  ctx.logger.info({ patentId: state.patentId, requests: created.length }, 'expert evaluations requested');
  return showRequestPage(
    ctx,
    state.patentId,
    [],
    say(ctx, 'expert-evaluation:page.requested', { count: created.length }),
  );
}

/** The experts an overdue request may go to, one tap each. */
export async function showReassign(ctx: ChatContext, requestId: string): Promise<OutgoingMessage[]> {
  const row = await requestFor(ctx.db, ctx.actor, requestId, 'expertEvaluation.reassign');
  if (!isOverdue(row, ctx.clock.now()))
    return [
      { text: say(ctx, 'expert-evaluation:refusal.not_overdue') },
      ...(await showResult(ctx, requestId)),
    ];
  const candidates = await reassignCandidates(ctx.db, row);
  const lines = [
    say(ctx, 'expert-evaluation:reassign.heading', {
      title: row.patent.title,
      expert: row.expert.person.name,
    }),
  ];
  if (candidates.length === 0) lines.push(say(ctx, 'expert-evaluation:page.no_proposals'));
  for (const [i, p] of candidates.entries()) lines.push(proposalLine(ctx, p, i + 1, false).replace('☐ ', ''));
  const rows = candidates.map((p, i) => [
    button(
      ctx,
      'expert-evaluation:reassign.to',
      expertReassignToAction.to({ requestId, expertId: p.expertId }),
      {
        n: i + 1,
        name: shorten(p.name, 16),
      },
    ),
  ]);
  return [{ text: lines.join('\n'), buttons: [...rows, [menuButton(ctx)]] }];
}

export async function reassignFromChat(
  ctx: ChatContext,
  requestId: string,
  expertId: string,
): Promise<OutgoingMessage[]> {
  const row = await requestFor(ctx.db, ctx.actor, requestId, 'expertEvaluation.reassign');
  await reassignRequest(ctx.db, ctx.actor, requestId, expertId, ctx.clock.now());
  return [
    {
      text: say(ctx, 'expert-evaluation:reassign.done', { title: row.patent.title }),
      buttons: [
        [button(ctx, 'expert-evaluation:page.back', expertRequestPageAction.to({ patentId: row.patentId }))],
        [menuButton(ctx)],
      ],
    },
  ];
}

export async function releaseFromChat(ctx: ChatContext, requestId: string): Promise<OutgoingMessage[]> {
  const released = await releaseResult(ctx.db, ctx.actor, requestId, ctx.clock.now());
  const notice = say(
    ctx,
    released ? 'expert-evaluation:result.release_done' : 'expert-evaluation:result.release_again',
  );
  return [{ text: notice }, ...(await showResult(ctx, requestId))];
}

/**
 * `/experteval <application number>`: the patent's expert evaluations for whoever may request them
 * (a coordinator reaches a pool patent this way, having no patent page of their own); without a
 * number, an expert's own open requests. A patent unknown or out of reach is refused alike.
 */
export async function expertEvalCommand(ctx: ChatContext, args: string): Promise<OutgoingMessage[]> {
  if (args.trim() === '') {
    if (hasRole(ctx.actor, 'EXPERT')) return showOwnRequests(ctx);
    return [{ text: say(ctx, 'expert-evaluation:command.usage'), buttons: [[menuButton(ctx)]] }];
  }
  const number = parseApplicationNumber(args);
  // A mistyped number (most often without its check character) says so: it reveals no patent.
  if (!number.ok)
    return [
      {
        text: say(ctx, 'expert-evaluation:command.bad_number', { value: shorten(args.trim(), 40) }),
        buttons: [[menuButton(ctx)]],
      },
    ];
  const patent = await ctx.db.patent.findUnique({
    where: { applicationNumber: number.value.canonical },
    select: { id: true, title: true },
  });
  if (!patent) return refuseWith('expert-evaluation:refusal.not_allowed', args);
  try {
    return await showRequestPage(ctx, patent.id);
  } catch (error) {
    // Not a requester: an inventor still reads the results a coordinator released to them.
    if (!(error instanceof Refusal)) throw error;
    const released = await visibleRequests(ctx.db, ctx.actor, patent.id);
    if (released.length === 0) throw error;
    return releasedResults(ctx, patent.title, released);
  }
}

/** An inventor's read-only list of the released results of their patent, one button each. */
function releasedResults(
  ctx: ChatContext,
  title: string,
  requests: Awaited<ReturnType<typeof visibleRequests>>,
): OutgoingMessage[] {
  const lines = [
    say(ctx, 'expert-evaluation:page.heading', { title }),
    '',
    say(ctx, 'expert-evaluation:page.released'),
    ...requests.map((r, i) =>
      say(ctx, 'expert-evaluation:page.released_item', {
        n: i + 1,
        expert: r.expert.person.name,
        grade: r.valueGrade ?? '—',
        date: r.submittedAt ? localDate(r.submittedAt, ctx.actor.timeZone) : '—',
      }),
    ),
  ];
  const rows: Button[][] = requests.map((r, i) => [
    button(ctx, 'expert-evaluation:page.open_request', expertResultAction.to({ requestId: r.id }), {
      n: i + 1,
      expert: shorten(r.expert.person.name, 16),
    }),
  ]);
  return [{ text: lines.join('\n'), buttons: [...rows, [menuButton(ctx)]], confidential: true }];
}
