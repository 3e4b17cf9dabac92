// Open licence in the chat: enterprises see the terms, confirm and get their written notice;
// coordinators list their institution's declarations, release them, confirm fees and export.
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { chatFilePath } from '../chat/files.ts';
import { Refusal } from '../errors.ts';
import { patentAction } from '../inventory/actions.ts';
import { enterpriseOf, hasRole } from '../people/actor.ts';
import { administeredInstitution, may } from '../people/authorize.ts';
import { localDate } from '../time-format.ts';
import {
  openLicenceClaimAction,
  openLicenceExportAction,
  openLicenceFeeAction,
  openLicenceListAction,
  openLicenceOfferAction,
  openLicenceReleaseAction,
  openLicenceReportAction,
} from './actions.ts';
import { claimableTerms, claimOpenLicence } from './claim.ts';
import { offeredDeclarations, storedTerms } from './declaration.ts';
import { declarationRows, writeDeclarationsXlsx } from './export.ts';
import { confirmFee } from './fee.ts';
import { noticeAttachment } from './notice.ts';
import { recordEvaluationReport, releaseDeclaration } from './release.ts';
import { describeTerms } from './terms-text.ts';

const LIST_LIMIT = 10;

/** A utility model or design declared without its patent-right evaluation report (art. 50). */
const needsReport = (d: { evaluationReport: boolean; patent: { type: string } }) =>
  (d.patent.type === 'UTILITY_MODEL' || d.patent.type === 'DESIGN') && !d.evaluationReport;

/** Enterprise: the published terms, and the one tap that takes the licence. */
export async function showOffer(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const { patent, terms } = await claimableTerms(ctx.db, ctx.actor, patentId);
  return [
    {
      text: [
        say(ctx, 'open-licence:offer.heading', { title: patent.title, number: patent.applicationNumber }),
        describeTerms(ctx.locale, terms),
        say(ctx, 'open-licence:offer.explain'),
      ].join('\n\n'),
      buttons: [
        [button(ctx, 'open-licence:button.confirm', openLicenceClaimAction.to({ patentId }))],
        [button(ctx, 'open-licence:button.back', patentAction.to({ patentId })), menuButton(ctx)],
      ],
    },
  ];
}

export async function claim(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const result = await claimOpenLicence(ctx.db, ctx.actor, patentId, ctx.clock.now());
  const key = result.outcome === 'CLAIMED' ? 'open-licence:claim.done' : 'open-licence:claim.exists';
  return [
    {
      text: say(ctx, key, {
        title: result.patent.title,
        date: localDate(result.claimedAt, ctx.actor.timeZone),
        terms: describeTerms(ctx.locale, result.terms),
      }),
      attachment: await noticeAttachment(ctx.locale, result, ctx.actor.timeZone),
      buttons: [[button(ctx, 'open-licence:button.back', patentAction.to({ patentId })), menuButton(ctx)]],
    },
  ];
}

/** What the patent's page shows an enterprise when an open licence is on offer: a line and a button. */
export async function offerForPatentPage(ctx: ChatContext, patentId: string) {
  const terms = (await offeredDeclarations(ctx.db, [patentId])).get(patentId);
  if (!terms) return null;
  // Once the enterprise claimed, the page says so and the button gives the notice again (no new claim).
  const enterpriseId = enterpriseOf(ctx.actor);
  const claimed = enterpriseId
    ? await ctx.db.openLicenceClaim.findUnique({
        where: { patentId_enterpriseId: { patentId, enterpriseId } },
        select: { claimedAt: true },
      })
    : null;
  if (claimed)
    return {
      line: `${describeTerms(ctx.locale, terms)}\n${say(ctx, 'open-licence:page.claimed', {
        date: localDate(claimed.claimedAt, ctx.actor.timeZone),
      })}`,
      button: button(ctx, 'open-licence:button.notice_again', openLicenceClaimAction.to({ patentId })),
    };
  return {
    line: describeTerms(ctx.locale, terms),
    button: button(ctx, 'open-licence:button.offer', openLicenceOfferAction.to({ patentId })),
  };
}

/**
 * The university whose declarations this actor exports, or null: only a coordinator of exactly one
 * university may (an administrator or a coordinator of several would be refused by the export).
 */
function exportInstitution(ctx: ChatContext): string | null {
  let institutionId: string;
  try {
    institutionId = administeredInstitution(ctx.actor);
  } catch (error) {
    if (error instanceof Refusal) return null;
    throw error;
  }
  return may(ctx.actor, 'inventory.export', { institutionId }) ? institutionId : null;
}

/** Coordinator: the declarations of the institutions and colleges they coordinate. */
export async function listDeclarations(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const scopes = ctx.actor.roles.filter(
    (r) => (r.role === 'UNIVERSITY_COORDINATOR' || r.role === 'COLLEGE_COORDINATOR') && r.institutionId,
  );
  if (scopes.length === 0 && !hasRole(ctx.actor, 'ADMIN'))
    return [{ text: say(ctx, 'open-licence:refusal.not_coordinator'), buttons: [[menuButton(ctx)]] }];
  const where = hasRole(ctx.actor, 'ADMIN')
    ? {}
    : {
        patent: {
          OR: scopes.flatMap((r) => [{ institutionId: r.institutionId! }, { collegeId: r.institutionId! }]),
        },
      };
  const declarations = await ctx.db.openLicenceDeclaration.findMany({
    where: { ...where, withdrawnAt: null },
    include: { patent: true, claims: { include: { enterprise: true }, where: { feeReceivedAt: null } } },
    orderBy: { declaredAt: 'asc' },
    take: 200,
  });
  const pending = declarations.filter((d) => d.releasedAt === null);
  const unpaid = declarations.flatMap((d) => d.claims.map((c) => ({ claim: c, patent: d.patent })));
  const lines = [
    say(ctx, 'open-licence:list.heading', {
      total: declarations.length,
      pending: pending.length,
      unpaid: unpaid.length,
    }),
    ...pending.slice(0, LIST_LIMIT).map((d) =>
      say(ctx, needsReport(d) ? 'open-licence:list.blocked_line' : 'open-licence:list.pending_line', {
        title: d.patent.title,
        number: d.patent.applicationNumber,
        terms: describeTerms(ctx.locale, storedTerms(d), 'plain'),
        pool: say(ctx, `chat:status.${d.patent.inventoryStatus}`),
      }),
    ),
    ...unpaid.slice(0, LIST_LIMIT).map(({ claim, patent }) =>
      say(ctx, 'open-licence:list.claim_line', {
        enterprise: claim.enterprise.name,
        title: patent.title,
        date: localDate(claim.claimedAt, ctx.actor.timeZone),
      }),
    ),
  ];
  const rows = [
    ...pending
      .slice(0, LIST_LIMIT)
      // Only what releaseDeclaration would accept: a button that can only be refused is a dead end.
      .filter(
        (d) => d.patent.inventoryStatus === 'IN_POOL' && d.patent.legalStatus === 'VALID' && !needsReport(d),
      )
      .map((d) => [
        button(ctx, 'open-licence:button.release', openLicenceReleaseAction.to({ patentId: d.patentId }), {
          number: d.patent.applicationNumber,
        }),
      ]),
    // A report obtained since the self-assessment (read-only by then) is recorded by the coordinator.
    ...pending
      .slice(0, LIST_LIMIT)
      .filter((d) => needsReport(d))
      .map((d) => [
        button(ctx, 'open-licence:button.report', openLicenceReportAction.to({ patentId: d.patentId }), {
          number: d.patent.applicationNumber,
        }),
      ]),
    ...unpaid.slice(0, LIST_LIMIT).map(({ claim, patent }) => [
      button(ctx, 'open-licence:button.fee', openLicenceFeeAction.to({ claimId: claim.id }), {
        enterprise: claim.enterprise.name,
        number: patent.applicationNumber,
      }),
    ]),
    ...(exportInstitution(ctx)
      ? [[button(ctx, 'open-licence:button.export', openLicenceExportAction.to())]]
      : []),
    [menuButton(ctx)],
  ];
  return [{ text: lines.join('\n'), buttons: rows }];
}

export async function release(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const outcome = await releaseDeclaration(ctx.db, ctx.actor, patentId, ctx.clock.now());
  const text = say(
    ctx,
    outcome === 'RELEASED' ? 'open-licence:release.done' : 'open-licence:release.already',
  );
  return [{ text }, ...(await listDeclarations(ctx))];
}

export async function reportObtained(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const outcome = await recordEvaluationReport(ctx.db, ctx.actor, patentId);
  const text = say(
    ctx,
    outcome === 'RECORDED' ? 'open-licence:report.recorded' : 'open-licence:report.already',
  );
  return [{ text }, ...(await listDeclarations(ctx))];
}

export async function feeReceived(ctx: ChatContext, claimId: string): Promise<OutgoingMessage[]> {
  const result = await confirmFee(ctx.db, ctx.actor, claimId, ctx.clock.now());
  const key = result.outcome === 'RECORDED' ? 'open-licence:fee.recorded' : 'open-licence:fee.already';
  return [{ text: say(ctx, key, result) }, ...(await listDeclarations(ctx))];
}

export async function exportDeclarations(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const institutionId = administeredInstitution(ctx.actor);
  const rows = await declarationRows(ctx.db, institutionId, ctx.locale, ctx.actor.timeZone);
  const fileName = `${say(ctx, 'open-licence:export.file')}.xlsx`;
  const path = await chatFilePath(fileName);
  const count = await writeDeclarationsXlsx(path, rows);
  return [
    {
      text: say(ctx, 'open-licence:export.done', { count }),
      attachment: {
        fileName,
        path,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      buttons: [[button(ctx, 'open-licence:button.list', openLicenceListAction.to()), menuButton(ctx)]],
    },
  ];
}
