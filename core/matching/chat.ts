// Enterprise staff answering pushed matches: decline with a one-tap reason, and the recommended
// list with the pushed matches first and why each was matched.

import { audit } from '../audit.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { refuse } from '../errors.ts';
import { patentsAction } from '../inventory/actions.ts';
import { PATENT_PAGE_SIZE, patentListPage } from '../inventory/patent-list-page.ts';
import { offeredDeclarations } from '../open-licence/declaration.ts';
import { actingEnterprise } from '../people/authorize.ts';
import { declineAction } from './actions.ts';
import { DECLINE_REASONS, type DeclineReason, declineReasonLabel } from './decline-reasons.ts';
import { describeReasons } from './reasons.ts';
import { recommendedPage } from './recommended.ts';
import { findMatch, markMatchDeclined } from './status.ts';

async function ownMatch(ctx: ChatContext, patentId: string) {
  const enterpriseId = actingEnterprise(ctx.actor, 'match.decline');
  const match = await findMatch(ctx.db, enterpriseId, patentId);
  return match ?? refuse('not_your_patent', patentId);
}

export async function declineMatch(
  ctx: ChatContext,
  patentId: string,
  reason: DeclineReason | undefined,
): Promise<OutgoingMessage[]> {
  const match = await ownMatch(ctx, patentId);
  if (!reason) {
    return [
      {
        text: say(ctx, 'matching:decline.choose'),
        buttons: [
          ...DECLINE_REASONS.map((r) => [
            button(ctx, declineReasonLabel(r), declineAction.to({ patentId, reason: r })),
          ]),
          [menuButton(ctx)],
        ],
      },
    ];
  }
  const declined = await markMatchDeclined(ctx.db, match.enterpriseId, patentId);
  if (!declined) return [{ text: say(ctx, 'matching:decline.already'), buttons: [[menuButton(ctx)]] }];
  const patent = await ctx.db.patent.findUniqueOrThrow({ where: { id: patentId } });
  await audit(ctx.db, {
    actorId: ctx.actor.personId,
    action: 'match.declined',
    subjectType: 'Patent',
    subjectId: patentId,
    institutionId: patent.institutionId,
    details: { matchId: match.id, enterpriseId: match.enterpriseId, reason },
  });
  return [
    {
      text: say(ctx, 'matching:decline.recorded', { reason: say(ctx, declineReasonLabel(reason)) }),
      buttons: [[button(ctx, 'chat:patents.back_to_list', patentsAction.to({ page: 0 })), menuButton(ctx)]],
    },
  ];
}

/** The enterprise's recommended patents, a page at a time: pushed matches first, with reasons. */
export async function listRecommended(ctx: ChatContext, page: number): Promise<OutgoingMessage[]> {
  const enterpriseId = actingEnterprise(ctx.actor, 'match.list');
  const {
    total,
    items,
    page: current,
    pages,
  } = await recommendedPage(ctx.db, enterpriseId, {
    page,
    pageSize: PATENT_PAGE_SIZE,
  });
  if (total === 0) return [{ text: say(ctx, 'chat:patents.none'), buttons: [[menuButton(ctx)]] }];
  // A released open licence is marked 🔓: one tap on the patent's page takes it (core/open-licence).
  const open = await offeredDeclarations(
    ctx.db,
    items.map((i) => i.patent.id),
  );
  const entries = items.map(({ patent, reasons, evaluated }) => ({
    patent,
    // Evaluated ones stay listed (to read the evaluation or register interest), marked as done.
    ...(evaluated || open.has(patent.id)
      ? {
          suffix: [
            ...(open.has(patent.id) ? [` · ${say(ctx, 'open-licence:list_mark')}`] : []),
            ...(evaluated ? [` · ${say(ctx, 'chat:patents.evaluated')}`] : []),
          ].join(''),
        }
      : {}),
    starred: reasons !== null && reasons !== undefined,
    lines: reasons && reasons.length > 0 ? [describeReasons(ctx.locale, reasons).join('; ')] : [],
  }));
  return patentListPage(ctx, say(ctx, 'chat:patents.recommended_title', { total }), entries, {
    current,
    pages,
  });
}
