// Patent lists and details: an inventor's own patents, or the patents recommended to an enterprise.

import { assessAction, feedbackAction } from '../assessments/actions.ts';
import { ownEvaluationEntry } from '../assessments/submitted-view.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say, shorten } from '../chat/context.ts';
import { refuse } from '../errors.ts';
import { expertRequestPageAction, expertResultAction } from '../expert-evaluation/actions.ts';
import { declineAction } from '../matching/actions.ts';
import { listRecommended } from '../matching/chat.ts';
import { describeReasons, parseReasons } from '../matching/reasons.ts';
import { findMatch, isAnswered, markMatchOpened, markMatchViewed } from '../matching/status.ts';
import { offerForPatentPage } from '../open-licence/chat.ts';
import { enterpriseOf, hasRole } from '../people/actor.ts';
import { may, mayAsync } from '../people/authorize.ts';
import { interestAction } from '../roadshows/actions.ts';
import { formatCalendarDate } from '../time-format.ts';
import { patentsAction } from './actions.ts';
import { clampPage, PATENT_PAGE_SIZE, patentListPage } from './patent-list-page.ts';

/** An inventor's own patents with their status; enterprises see their recommendations instead. */
export async function listPatents(ctx: ChatContext, page: number): Promise<OutgoingMessage[]> {
  // Enterprises see their pushed matches first, with reasons.
  if (!hasRole(ctx.actor, 'INVENTOR')) return listRecommended(ctx, page);
  const where = { responsibleInventorId: ctx.actor.personId };
  const total = await ctx.db.patent.count({ where });
  if (total === 0) return [{ text: say(ctx, 'chat:patents.none'), buttons: [[menuButton(ctx)]] }];
  const position = clampPage(page, total);
  const patents = await ctx.db.patent.findMany({
    where,
    orderBy: [{ applicationDate: 'asc' }, { applicationNumber: 'asc' }],
    skip: position.current * PATENT_PAGE_SIZE,
    take: PATENT_PAGE_SIZE,
  });
  const entries = patents.map((patent) => ({
    patent,
    suffix: ` · ${say(ctx, `chat:status.${patent.inventoryStatus}`)}`,
  }));
  return patentListPage(ctx, say(ctx, 'chat:patents.mine_title', { total }), entries, position);
}

export async function showPatent(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const patent = await ctx.db.patent.findUnique({ where: { id: patentId } });
  const inventor = may(ctx.actor, 'patent.viewOwn', patent);
  // Enterprises see pool patents and those offered to them (pushed, featured in their roadshows).
  const enterprise = !inventor && (await mayAsync(ctx.db, ctx.actor, 'patent.viewOffered', patent));
  if (!patent || (!inventor && !enterprise)) return refuse('not_your_patent', patentId);
  const p = patent!;
  const enterpriseId = enterprise ? enterpriseOf(ctx.actor)! : null;
  const match = enterpriseId ? await findMatch(ctx.db, enterpriseId, p.id) : null;
  if (match) {
    await markMatchViewed(ctx.db, match.enterpriseId, p.id);
    await markMatchOpened(ctx.db, match.enterpriseId, p.id, ctx.clock.now());
  }
  const why = match ? describeReasons(ctx.locale, parseReasons(match.reasons)) : [];
  // An enterprise's own evaluation: to start, to continue, or (submitted) to read.
  const evaluation = enterpriseId ? await ownEvaluationEntry(ctx, enterpriseId, p.id) : null;
  // A released open-licence declaration: its terms, and the one tap that takes the licence.
  const openLicence = enterpriseId ? await offerForPatentPage(ctx, p.id) : null;
  const lines = [
    `📄 ${p.title}`,
    say(ctx, 'chat:patent.number', { number: p.applicationNumber }),
    say(ctx, 'chat:patent.type', { type: say(ctx, `chat:patent_type.${p.type}`) }),
    p.ipcCodes.length > 0 ? say(ctx, 'chat:patent.ipc', { ipc: p.ipcCodes.join('; ') }) : null,
    say(ctx, 'chat:patent.dates', {
      filed: formatCalendarDate(p.applicationDate),
      granted: p.grantDate ? formatCalendarDate(p.grantDate) : '—',
    }),
    inventor
      ? say(ctx, 'chat:patent.status', { status: say(ctx, `chat:status.${p.inventoryStatus}`) })
      : null,
    inventor && p.inventoryStatus === 'RETURNED' ? await returnComment(ctx, p.id) : null,
    inventor ? await declarationState(ctx, p.id) : null,
    evaluation?.line ?? null,
    openLicence?.line ?? null,
    p.abstract ? `\n${shorten(p.abstract, 300)}` : null,
    why.length > 0 ? `\n${say(ctx, 'matching:push.why')}\n${why.map((r) => `• ${r}`).join('\n')}` : null,
  ].filter((line): line is string => line !== null);
  const rows = [];
  if (inventor) {
    const key =
      p.inventoryStatus === 'NOT_STARTED'
        ? 'chat:patent.start_assessment'
        : 'chat:patent.continue_assessment';
    rows.push([button(ctx, key, assessAction.to({ patentId: p.id }))]);
    const evaluations = await ctx.db.enterpriseEvaluation.count({
      where: { patentId: p.id, status: 'SUBMITTED' },
    });
    if (evaluations > 0) {
      rows.push([
        button(ctx, 'chat:patent.feedback', feedbackAction.to({ patentId: p.id }), { count: evaluations }),
      ]);
    }
    // Expert evaluations the institution released to the inventor, one button each.
    const released = await ctx.db.expertEvaluationRequest.findMany({
      where: { patentId: p.id, status: 'SUBMITTED', releasedAt: { not: null } },
      include: { expert: { include: { person: { select: { name: true } } } } },
      orderBy: { submittedAt: 'asc' },
    });
    for (const [i, r] of released.entries()) {
      rows.push([
        button(ctx, 'expert-evaluation:page.open_request', expertResultAction.to({ requestId: r.id }), {
          n: i + 1,
          expert: shorten(r.expert.person.name, 16),
        }),
      ]);
    }
  } else {
    rows.push([
      evaluation!.button,
      button(ctx, 'roadshow:interest.button', interestAction.to({ patentId: p.id })),
    ]);
    if (openLicence) rows.push([openLicence.button]);
    if (match && !isAnswered(match.status)) {
      rows.push([button(ctx, 'matching:button.decline', declineAction.to({ patentId: p.id }))]);
    }
    rows.push([button(ctx, 'expert-evaluation:page.entry', expertRequestPageAction.to({ patentId: p.id }))]);
  }
  rows.push([button(ctx, 'chat:patents.back_to_list', patentsAction.to({ page: 0 })), menuButton(ctx)]);
  return [{ text: lines.join('\n'), buttons: rows }];
}

/** The inventor's open-licence declaration: waiting for release, released (with its claims), withdrawn. */
async function declarationState(ctx: ChatContext, patentId: string): Promise<string | null> {
  const declaration = await ctx.db.openLicenceDeclaration.findUnique({
    where: { patentId },
    select: { releasedAt: true, withdrawnAt: true, _count: { select: { claims: true } } },
  });
  if (!declaration) return null;
  const state = declaration.withdrawnAt ? 'withdrawn' : declaration.releasedAt ? 'released' : 'pending';
  return say(ctx, `open-licence:inventor_state.${state}`, { claims: declaration._count.claims });
}

/** Why the self-assessment came back: the latest return decision's comment. */
async function returnComment(ctx: ChatContext, patentId: string): Promise<string | null> {
  const decision = await ctx.db.screeningDecision.findFirst({
    where: { outcome: 'RETURNED', assessment: { patentId } },
    orderBy: { decidedAt: 'desc' },
  });
  return decision?.comment ? say(ctx, 'chat:patent.return_comment', { comment: decision.comment }) : null;
}
