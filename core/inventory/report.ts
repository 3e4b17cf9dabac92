// The import summary as text in the reader's language: the command line prints it, the chat sends
// it. Long lists are cut; the error file and the stored ImportRun have everything.
import { type Locale, t } from '../i18n.ts';
import type { ImportSummary } from './import.ts';

export function renderImportReport(
  summary: ImportSummary,
  fileName: string,
  locale: Locale,
  limit = 20,
): string {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, `inventory:${key}`, params);
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
    lines.push('', tr(header));
    for (const item of items.slice(0, limit)) lines.push(line(item));
    if (total > limit) lines.push(tr('report.more', { count: total - limit }));
  };
  section('report.errors_header', summary.errors, summary.errors.length, (e) => {
    const reason = t(locale, e.reason.key, e.reason.params);
    return e.column
      ? tr('report.error_line', { row: e.row, column: e.column, reason })
      : tr('report.error_line_no_column', { row: e.row, reason });
  });
  section('report.changes_header', summary.changes, summary.updated, (c) =>
    tr('report.change_line', {
      row: c.row,
      number: c.applicationNumber,
      changes: c.changes
        .map((ch) =>
          tr('report.change_item', {
            field: tr(`change_field.${ch.field}`),
            before: ch.before,
            after: ch.after,
          }),
        )
        .join(tr('list_separator')),
    }),
  );
  section('report.ambiguous_header', summary.ambiguous, summary.ambiguous.length, (a) =>
    tr('report.ambiguous_line', {
      row: a.row,
      number: a.applicationNumber,
      position: a.position,
      name: a.name,
      candidates: a.candidates
        .map((c) => (c.email ? `${c.name} <${c.email}>` : c.name))
        .join(tr('list_separator')),
    }),
  );
  if (summary.unassigned > 0) lines.push('', tr('report.unassigned', { count: summary.unassigned }));
  section('report.missing_header', summary.missingInventors, summary.missingInventors.length, (m) =>
    tr('report.missing_line', {
      row: m.row,
      number: m.applicationNumber,
      names: m.names.join(tr('list_separator')),
    }),
  );
  if (summary.ignoredHeaders.length > 0) {
    lines.push(tr('report.ignored_headers', { headers: summary.ignoredHeaders.join(tr('list_separator')) }));
  }
  if (summary.errorFile) lines.push('', tr('report.error_file', { path: summary.errorFile }));
  return lines.join('\n');
}
