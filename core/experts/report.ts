// What the expert commands print, in the reader's language: the import's report (counts, rejected
// rows, who is new, who changed and what, who is unchanged), an expert's profile, a list.
import { type Locale, t } from '../i18n.ts';
import { placeName } from '../regions/regions.ts';
import type { ExpertChange, ExpertView } from './experts.ts';
import type { ExpertImportSummary } from './import.ts';

const tr = (locale: Locale, key: string, params?: Record<string, string | number>) =>
  t(locale, `experts:${key}`, params);

/** A region code as it reads: "浙江省杭州市" / "Hangzhou, Zhejiang". */
export const regionText = (code: string, locale: Locale): string =>
  placeName(`${code.slice(0, 2)}0000`, code, locale);

export function renderChanges(changes: readonly ExpertChange[], locale: Locale): string {
  const value = (c: ExpertChange, v: string | null) =>
    v === null ? tr(locale, 'report.empty') : c.field === 'region' ? regionText(v, locale) : v;
  return changes
    .map((c) =>
      tr(locale, 'report.change_item', {
        field: tr(locale, `change_field.${c.field}`),
        before: value(c, c.before),
        after: value(c, c.after),
      }),
    )
    .join(tr(locale, 'report.change_separator'));
}

/** One line per expert: name <email> · title · affiliation · region · IPC · keywords. */
export function renderExpert(expert: ExpertView, locale: Locale): string {
  const sep = tr(locale, 'list_separator');
  const parts = [
    expert.email ? `${expert.name} <${expert.email}>` : expert.name,
    expert.title,
    expert.affiliationLabel,
    expert.region ? regionText(expert.region, locale) : null,
    expert.ipcFields.length > 0 ? `IPC ${expert.ipcFields.join(sep)}` : null,
    expert.keywords.length > 0 ? expert.keywords.join(sep) : null,
  ];
  return parts.filter((p): p is string => !!p).join(' · ');
}

export function renderExpertImportReport(
  summary: ExpertImportSummary,
  fileName: string,
  locale: Locale,
  limit = 20,
): string {
  const lines = [
    tr(locale, summary.status === 'COMPLETED' ? 'report.title' : 'report.title_failed', { file: fileName }),
  ];
  if (summary.fatal) lines.push(`⚠ ${t(locale, summary.fatal.key, summary.fatal.params)}`);
  lines.push(
    tr(locale, 'report.counts', {
      total: summary.totalRows,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      failed: summary.failed,
    }),
  );
  const section = <T>(header: string, items: T[], total: number, line: (item: T) => string) => {
    if (items.length === 0) return;
    lines.push('', tr(locale, header, { count: total }));
    for (const item of items.slice(0, limit)) lines.push(`  ${line(item)}`);
    if (total > limit) lines.push(`  ${tr(locale, 'report.more', { count: total - limit })}`);
  };
  section('report.errors_header', summary.errors, summary.errors.length, (e) => {
    const reason = t(locale, e.reason.key, e.reason.params);
    return e.column
      ? tr(locale, 'report.error_line', { row: e.row, column: e.column, reason })
      : tr(locale, 'report.error_line_no_column', { row: e.row, reason });
  });
  section('report.added_header', summary.added, summary.created, (a) =>
    a.affiliation
      ? tr(locale, 'report.added_line', { name: a.name, email: a.email, affiliation: a.affiliation })
      : tr(locale, 'report.added_line_no_affiliation', { name: a.name, email: a.email }),
  );
  section('report.changed_header', summary.changed, summary.updated, (c) =>
    tr(locale, 'report.changed_line', {
      name: c.name,
      email: c.email,
      changes: renderChanges(c.changes, locale),
    }),
  );
  section(
    'report.unchanged_header',
    summary.unchangedExperts,
    summary.unchanged,
    (u) => `${u.name} <${u.email}>`,
  );
  if (summary.ignoredHeaders.length > 0) {
    lines.push(
      '',
      tr(locale, 'report.ignored_headers', {
        headers: summary.ignoredHeaders.join(tr(locale, 'list_separator')),
      }),
    );
  }
  if (summary.errorFile) lines.push('', tr(locale, 'report.error_file', { path: summary.errorFile }));
  return lines.join('\n');
}
