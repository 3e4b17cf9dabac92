// The staff import's change report as text in the reader's language (the command line prints it, a
// chat would send it): counts, rejected rows, who is new, who changed and what, who is unchanged,
// and what the directory changed in the institution's patents. Long lists are cut.
import { type Locale, t } from '../i18n.ts';
import type { StaffFieldChange } from './apply-row.ts';
import type { StaffImportSummary } from './import.ts';

export function renderStaffReport(
  summary: StaffImportSummary,
  fileName: string,
  locale: Locale,
  limit = 20,
): string {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, `staff:${key}`, params);
  const sep = tr('list_separator');
  const status = (code: string) => tr(`status.${code}`);
  const value = (change: StaffFieldChange, v: string | null) =>
    v === null ? tr('report.empty') : change.field === 'employment' ? status(v) : v;

  const lines = [
    tr(summary.status === 'COMPLETED' ? 'report.title' : 'report.title_failed', { file: fileName }),
  ];
  if (summary.fatal) lines.push(`⚠ ${t(locale, summary.fatal.key, summary.fatal.params)}`);
  lines.push(
    tr('report.counts', {
      total: summary.totalRows,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      failed: summary.failed,
    }),
  );
  const section = <T>(header: string, items: T[], total: number, line: (item: T) => string) => {
    if (items.length === 0) return;
    lines.push('', tr(header, { count: total }));
    for (const item of items.slice(0, limit)) lines.push(`  ${line(item)}`);
    if (total > limit) lines.push(`  ${tr('report.more', { count: total - limit })}`);
  };
  section('report.errors_header', summary.errors, summary.errors.length, (e) => {
    const reason = t(locale, e.reason.key, e.reason.params);
    return e.column
      ? tr('report.error_line', { row: e.row, column: e.column, reason })
      : tr('report.error_line_no_column', { row: e.row, reason });
  });
  section('report.added_header', summary.added, summary.created, (a) =>
    tr(a.existingPerson ? 'report.added_line_existing' : 'report.added_line', {
      number: a.staffNumber,
      name: a.name,
      details: [a.college, status(a.employment)].filter((x): x is string => x !== null).join(sep),
    }),
  );
  section('report.changed_header', summary.changed, summary.updated, (c) =>
    tr('report.changed_line', {
      number: c.staffNumber,
      name: c.name,
      changes: c.changes
        .map((ch) =>
          tr('report.change_item', {
            field: tr(`change_field.${ch.field}`),
            before: value(ch, ch.before),
            after: value(ch, ch.after),
          }),
        )
        .join(tr('report.change_separator')),
    }),
  );
  if (summary.unchangedStaff.length > 0) {
    const shown = summary.unchangedStaff.slice(0, limit).map((u) => `${u.staffNumber} ${u.name}`);
    if (summary.unchanged > limit) shown.push(tr('report.more', { count: summary.unchanged - limit }));
    lines.push('', tr('report.unchanged_header', { count: summary.unchanged }), `  ${shown.join(sep)}`);
  }
  if (summary.notInFile > 0) lines.push('', tr('report.not_in_file', { count: summary.notInFile }));
  if (summary.patents && summary.patents.patents > 0) {
    lines.push(
      '',
      tr('report.patents', {
        linked: summary.patents.linked,
        responsible: summary.patents.responsibleChanged,
      }),
    );
  }
  if (summary.ignoredHeaders.length > 0) {
    lines.push('', tr('report.ignored_headers', { headers: summary.ignoredHeaders.join(sep) }));
  }
  if (summary.errorFile) lines.push('', tr('report.error_file', { path: summary.errorFile }));
  return lines.join('\n');
}
