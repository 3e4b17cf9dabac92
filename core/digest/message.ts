// The digest as a chat message: short (headline figures, the change since last week, the ten
// units furthest behind by name), with the chart as a picture and the full table as an XLSX file —
// so that a province of 500 institutions stays far inside Telegram's 4 096 characters and Slack's
// 3 000 per text block.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutgoingMessage } from '../channel/messages.ts';
import { chatFilePath, XLSX_MIME } from '../chat/files.ts';
import type { Db } from '../db/database.ts';
import { type Locale, type TParams, t } from '../i18n.ts';
import { regionByCode } from '../regions/regions.ts';
import { localStamp } from '../time-format.ts';
import { chartInput, renderChartPng } from './chart.ts';
import { type DigestFigures, type DigestScope, digestFigures, scopeKey, unitName } from './figures.ts';
import { recordSnapshot, type SnapshotFigures } from './snapshots.ts';
import { writeDigestWorkbook } from './workbook.ts';

export const LAGGARDS_SHOWN = 10;
/** Longest unit name in the message: the rest is in the XLSX. */
const NAME_MAX = 24;

export async function scopeName(db: Db, scope: DigestScope, locale: Locale): Promise<string> {
  if (scope.kind === 'country') return t(locale, 'digest:country');
  if (scope.kind === 'province') {
    const region = regionByCode(scope.province);
    return region ? (locale === 'en' ? region.en : region.zh) : scope.province;
  }
  const inst = await db.institution.findUnique({ where: { id: scope.institutionId } });
  return inst ? unitName(inst, locale) : '';
}

const signed = (n: number): string => (n > 0 ? `+${n}` : `${n}`);
const delta = (now: number, before: number | undefined): string =>
  before === undefined ? '' : ` (${signed(Math.round((now - before) * 10) / 10)})`;

/** The message's text: pure, from the figures and last week's snapshot. */
export function digestText(
  figures: DigestFigures,
  name: string,
  previous: SnapshotFigures | null,
  locale: Locale,
): string {
  const say = (key: string, params?: TParams) => t(locale, `digest:${key}`, params);
  const f = figures.totals;
  const behind = figures.units.filter((u) => !u.onTrack);
  const lines = [
    say('heading', { name, date: figures.today }),
    say('coverage', {
      inventoried: f.inventoried,
      total: f.total,
      percent: f.percent,
      change: delta(f.percent, previous?.percent),
    }),
  ];
  if (f.milestone)
    lines.push(
      say(f.daysLeft !== null && f.daysLeft < 0 ? 'milestone_past' : 'milestone', {
        target: f.milestone.targetPercent,
        due: f.milestone.dueDate,
        days: Math.abs(f.daysLeft ?? 0),
      }),
    );
  if (figures.units.length > 0)
    lines.push(say('units', { count: figures.units.length, behind: behind.length }));
  lines.push(
    say('pipeline', {
      assessed: f.inventoried,
      awaiting: f.awaitingScreening,
      pooled: f.pooled,
      pooledChange: delta(f.pooled, previous?.pooled),
    }),
    say('promotion', {
      evaluations: f.evaluations,
      evaluationsChange: delta(f.evaluations, previous?.evaluations),
      experts: f.expertEvaluations,
      roadshows: f.roadshows,
      attendees: f.attendees,
      introductions: f.introductions,
      deals: f.deals,
      dealsChange: delta(f.deals, previous?.deals),
      amount: f.dealAmount,
    }),
    say('funnel', { ...f.funnel }),
  );
  if (figures.units.length === 0) lines.push('', say('no_units'));
  else if (behind.length === 0) lines.push('', say('all_on_track'));
  else {
    lines.push('', say('laggards_heading', { count: Math.min(LAGGARDS_SHOWN, behind.length) }));
    behind.slice(0, LAGGARDS_SHOWN).forEach((u, i) => {
      const full = u.nameZh === '' ? say('no_college') : unitName(u, locale);
      lines.push(
        say('laggard', {
          rank: i + 1,
          name: full.length > NAME_MAX ? `${full.slice(0, NAME_MAX - 1)}…` : full,
          percent: u.percent,
          inventoried: u.inventoried,
          total: u.total,
          missing: u.missing,
        }),
      );
    });
  }
  return lines.join('\n');
}

export interface DigestMessageOptions {
  locale: Locale;
  now: Date;
  timeZone: string;
  /** The XLSX as an attachment (the weekly digest) or left to a "download" button (on demand). */
  withWorkbook: boolean;
}

/** Figures, snapshot, text, chart (and workbook): one digest for one scope. */
export async function digestMessage(
  db: Db,
  scope: DigestScope,
  options: DigestMessageOptions,
): Promise<{ message: OutgoingMessage; figures: DigestFigures }> {
  const figures = await digestFigures(db, scope, { now: options.now, timeZone: options.timeZone });
  return { message: await digestMessageOf(db, figures, options), figures };
}

/** The message for figures already computed (a batch of digests shares one pass). */
export async function digestMessageOf(
  db: Db,
  figures: DigestFigures,
  options: DigestMessageOptions,
): Promise<OutgoingMessage> {
  const { scope } = figures;
  const name = await scopeName(db, scope, options.locale);
  const previous = await recordSnapshot(db, scopeKey(scope), figures);
  const message: OutgoingMessage = {
    text: digestText(figures, name, previous, options.locale),
    confidential: true,
  };
  const stamp = localStamp(options.now, options.timeZone);
  if (figures.units.length > 0) {
    const title = t(options.locale, 'digest:chart.title', { name, date: figures.today });
    const png = await renderChartPng(chartInput(figures, title, options.locale));
    const file = await chatFilePath(`progress-${stamp}.png`);
    await writeFile(file, png, { mode: 0o600 });
    message.image = { fileName: path.basename(file), path: file, mimeType: 'image/png', alt: title };
  }
  if (options.withWorkbook) message.attachment = await digestWorkbookFile(figures, stamp, options.locale);
  return message;
}

export async function digestWorkbookFile(
  figures: DigestFigures,
  stamp: string,
  locale: Locale,
): Promise<NonNullable<OutgoingMessage['attachment']>> {
  const file = await chatFilePath(`progress-${stamp}.xlsx`);
  await writeDigestWorkbook(figures, file, locale);
  return { fileName: path.basename(file), path: file, mimeType: XLSX_MIME };
}
