// A person's overview by role, channel-neutral: a list of sections (heading, lines, buttons) that an
// adapter lays out as a home screen (Slack's App Home) or sends as one message (/progress).
// inventor → own patents and their status; enterprise → recommended patents; coordinator → the
// institution's patents counted by inventory status; bureau officer → the province's institutions.

import type { InventoryStatus } from '../../prisma/generated/client.ts';
import type { Button, OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, shorten } from '../chat/context.ts';
import type { Db } from '../db/database.ts';
import { digestDownloadAction } from '../digest/actions.ts';
import { digestReplies, digestScopesOf } from '../digest/chat.ts';
import { digestFigures, unitName } from '../digest/figures.ts';
import { expertRequestsSection } from '../expert-evaluation/menu.ts';
import { type Locale, type TParams, t } from '../i18n.ts';
import { patentAction, patentsAction } from '../inventory/actions.ts';
import { describeReasons } from '../matching/reasons.ts';
import { recommendedPage } from '../matching/recommended.ts';
import { type Actor, enterpriseOf, hasRole, institutionsWith } from '../people/actor.ts';
import { may } from '../people/authorize.ts';
import { coordinatorOverviewAction, progressAction } from '../progress/actions.ts';
import { INVENTORIED_STATUSES, INVENTORY_STATUSES } from '../progress/campaign-progress.ts';
import { screenQueueAction } from '../screening/actions.ts';
import { LEVELS, screeningCounts } from '../screening/queue.ts';
import { DEFAULT_TIME_ZONE } from '../time-format.ts';

export interface HomeSection {
  heading: string;
  lines: string[];
  buttons?: Button[][];
}

export interface HomeView {
  title: string;
  sections: HomeSection[];
}

/** Enough to see what needs doing; the full lists are one button away. */
const LIST_LIMIT = 10;

type Say = (key: string, params?: TParams) => string;

export async function homeFor(db: Db, actor: Actor, now: Date): Promise<HomeView> {
  const say: Say = (key, params) => t(actor.locale, `home:${key}`, params);
  const sections: HomeSection[] = [];
  if (hasRole(actor, 'INVENTOR')) sections.push(await inventorSection(db, actor, say));
  const enterpriseId = enterpriseOf(actor);
  if (enterpriseId) sections.push(await enterpriseSection(db, enterpriseId, actor.locale, say));
  for (const role of ['UNIVERSITY_COORDINATOR', 'COLLEGE_COORDINATOR'] as const) {
    for (const institutionId of institutionsWith(actor, role)) {
      const section = await coordinatorSection(db, institutionId, role, actor.locale, say);
      // A university's coordinator also reads its digest (by college): the chart and table a tap away.
      if (role === 'UNIVERSITY_COORDINATOR')
        section.buttons = [
          [
            { label: t(actor.locale, 'progress:show_digest'), action: progressAction.to() },
            {
              label: t(actor.locale, 'digest:download'),
              action: digestDownloadAction.to({ scope: { kind: 'institution', institutionId } }),
            },
          ],
        ];
      sections.push(section);
    }
  }
  if (may(actor, 'screening.queue')) sections.push(await screeningSection(db, actor, say));
  // An expert's open evaluation requests and their deadlines (core/expert-evaluation).
  const expertRequests = hasRole(actor, 'EXPERT') ? await expertRequestsSection(db, actor, now) : null;
  if (expertRequests) sections.push(expertRequests);
  // A bureau officer's provinces (administrators, who may see any, have no province of their own).
  for (const r of actor.roles) {
    const province = r.role === 'BUREAU_OFFICER' ? r.province : null;
    if (province && may(actor, 'progress.viewProvince', { province }))
      sections.push(await bureauSection(db, province, actor.locale, say, now));
  }
  if (sections.length === 0) sections.push({ heading: say('empty.heading'), lines: [say('empty.text')] });
  return { title: say('title', { name: actor.name }), sections };
}

async function inventorSection(db: Db, actor: Actor, say: Say): Promise<HomeSection> {
  const where = { responsibleInventorId: actor.personId };
  const groups = await db.patent.groupBy({ by: ['inventoryStatus'], where, _count: { _all: true } });
  const counts = new Map(groups.map((g) => [g.inventoryStatus, g._count._all]));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const patents = await db.patent.findMany({
    where,
    // What changed last first: the patent just answered, then the rest.
    orderBy: [{ updatedAt: 'desc' }, { applicationDate: 'asc' }],
    take: LIST_LIMIT,
  });
  const status = (s: InventoryStatus) => t(actor.locale, `chat:status.${s}`);
  const summary = INVENTORY_STATUSES.filter((s) => counts.has(s))
    .map((s) => say('inventor.count', { status: status(s), count: counts.get(s) ?? 0 }))
    .join(say('inventor.count_separator'));
  return {
    heading: say('inventor.heading', { total }),
    lines:
      patents.length === 0
        ? [say('inventor.none')]
        : [
            summary,
            ...patents.map((p) =>
              say('inventor.line', {
                title: p.title,
                number: p.applicationNumber,
                status: status(p.inventoryStatus),
              }),
            ),
          ],
    buttons: [
      ...patents.map((p) => [{ label: shorten(p.title, 30), action: patentAction.to({ patentId: p.id }) }]),
      [{ label: say('inventor.all', { total }), action: patentsAction.to({ page: 0 }) }],
    ],
  };
}

/** Pushed matches first, each with why it was matched; then the other recommendations. */
async function enterpriseSection(
  db: Db,
  enterpriseId: string,
  locale: Locale,
  say: Say,
): Promise<HomeSection> {
  const { total, items } = await recommendedPage(db, enterpriseId, {
    page: 0,
    pageSize: LIST_LIMIT,
    newestFirst: true,
  });
  return {
    heading: say('enterprise.heading', { total }),
    lines:
      items.length === 0
        ? [say('enterprise.none')]
        : items.flatMap(({ patent: p, reasons, evaluated }) => [
            // Evaluated ones stay listed (the enterprise may want to see its answers) but say so.
            say(evaluated ? 'enterprise.line_evaluated' : 'enterprise.line', {
              title: p.title,
              number: p.applicationNumber,
            }),
            ...(reasons && reasons.length > 0 ? [`   ${describeReasons(locale, reasons).join('; ')}`] : []),
          ]),
    buttons: [
      ...items.map(({ patent: p, evaluated }) => [
        {
          label: evaluated ? `✅ ${shorten(p.title, 28)}` : shorten(p.title, 30),
          action: patentAction.to({ patentId: p.id }),
        },
      ]),
      [{ label: say('enterprise.all', { total }), action: patentsAction.to({ page: 0 }) }],
    ],
  };
}

function institutionName(institution: { nameZh: string; nameEn: string | null }, locale: Locale): string {
  return locale === 'en' && institution.nameEn ? institution.nameEn : institution.nameZh;
}

function percent(part: number, total: number): number {
  return total === 0 ? 0 : Math.round((part / total) * 100);
}

async function coordinatorSection(
  db: Db,
  institutionId: string,
  role: 'UNIVERSITY_COORDINATOR' | 'COLLEGE_COORDINATOR',
  locale: Locale,
  say: Say,
): Promise<HomeSection> {
  const institution = await db.institution.findUniqueOrThrow({ where: { id: institutionId } });
  // A university coordinator sees the patents the university owns; a college coordinator the
  // patents of their college.
  const where = role === 'UNIVERSITY_COORDINATOR' ? { institutionId } : { collegeId: institutionId };
  const groups = await db.patent.groupBy({ by: ['inventoryStatus'], where, _count: { _all: true } });
  const counts = new Map(groups.map((g) => [g.inventoryStatus, g._count._all]));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const done = INVENTORIED_STATUSES.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);
  return {
    heading: say('coordinator.heading', { institution: institutionName(institution, locale) }),
    lines: [
      say('coordinator.summary', { done, total, percent: percent(done, total) }),
      ...INVENTORY_STATUSES.filter((s) => counts.has(s)).map((s) =>
        say('coordinator.line', { status: t(locale, `chat:status.${s}`), count: counts.get(s) ?? 0 }),
      ),
    ],
  };
}

/** What waits for this coordinator's screening, level by level, one button per queue. */
async function screeningSection(db: Db, actor: Actor, say: Say): Promise<HomeSection> {
  const counts = await screeningCounts(db, actor);
  const levels = LEVELS.filter((level) => counts[level] > 0);
  return {
    heading: say('screening.heading'),
    lines:
      levels.length === 0
        ? [say('screening.none')]
        : levels.map((level) => say(`screening.${level}`, { count: counts[level] })),
    buttons: [
      ...levels.map((level) => [
        {
          label: say(`screening.open_${level}`, { count: counts[level] }),
          action: screenQueueAction.to({ level, page: 0 }),
        },
      ]),
      [{ label: say('screening.menu'), action: coordinatorOverviewAction.to() }],
    ],
  };
}

/**
 * The province by institution, from the digest's figures (core/digest/figures.ts, one pass): the
 * totals, the institutions furthest behind first (LIST_LIMIT of them), the chart and the XLSX a
 * button away.
 */
async function bureauSection(
  db: Db,
  province: string,
  locale: Locale,
  say: Say,
  now: Date,
): Promise<HomeSection> {
  const scope = { kind: 'province', province } as const;
  const figures = await digestFigures(db, scope, { now, timeZone: DEFAULT_TIME_ZONE });
  const { inventoried: done, total } = figures.totals;
  const shown = figures.units.slice(0, LIST_LIMIT);
  return {
    heading: say('bureau.heading', { province }),
    lines: [
      say('bureau.summary', { count: figures.units.length, done, total, percent: percent(done, total) }),
      ...shown.map((u) =>
        say('bureau.line', {
          institution: unitName(u, locale),
          done: u.inventoried,
          total: u.total,
          percent: percent(u.inventoried, u.total),
        }),
      ),
      ...(figures.units.length > shown.length
        ? [t(locale, 'digest:more_in_xlsx', { count: figures.units.length - shown.length })]
        : []),
      t(locale, 'digest:funnel', { ...figures.totals.funnel }),
    ],
    buttons: [
      [
        { label: t(locale, 'progress:bureau_menu.progress'), action: progressAction.to() },
        { label: t(locale, 'digest:download'), action: digestDownloadAction.to({ scope }) },
      ],
    ],
  };
}

/**
 * The same overview as one chat message (`/progress`, `/revive progress`), followed for bureau
 * officers, university coordinators and administrators by the digest of each of their scopes
 * (figures, chart, a "download XLSX" button; core/digest/chat.ts).
 */
export async function showProgress(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const home = await homeFor(ctx.db, ctx.actor, ctx.clock.now());
  const text = [home.title, ...home.sections.map((s) => [`${s.heading}`, ...s.lines].join('\n'))].join(
    '\n\n',
  );
  const digests = await digestReplies(ctx, digestScopesOf(ctx.actor));
  return [{ text, buttons: digests.length > 0 ? [] : [[menuButton(ctx)]], confidential: true }, ...digests];
}
