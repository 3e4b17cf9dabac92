// The import summary as text in the reader's language: the command line prints it, the chat sends
// it. Long lists are cut; the error file and the stored ImportRun have everything. A file refused
// as a whole gets one line. Changes are worded as people say them (法律状态由“有效”改为“失效”),
// never as the codes the audit log keeps.
import { type Locale, t } from '../i18n.ts';
import type { FieldChange } from './diff.ts';
import type { ImportSummary } from './import.ts';
import { LINKED, UNLINKED } from './store.ts';

/** True when the file was refused and nothing of it stored: the report is then the one line of why. */
export const refusedOutright = (
  summary: Pick<ImportSummary, 'status' | 'fatal' | 'created' | 'updated' | 'unchanged' | 'failed'>,
): boolean =>
  summary.status === 'FAILED' &&
  summary.fatal !== null &&
  summary.created + summary.updated + summary.unchanged + summary.failed === 0;

/** A changed value as the reader says it: legal status and type in words, inventor links marked. */
export function changeValue(field: string, value: string, locale: Locale): string {
  if (value === '') return t(locale, 'inventory:change_value.empty');
  if (field === 'legalStatus' || field === 'type')
    return t(locale, `inventory:change_value.${field}.${value}`);
  if (field === 'inventorLinks') {
    return value
      .split('; ')
      .map((item) =>
        item.endsWith(LINKED)
          ? t(locale, 'inventory:change_value.linked', { name: item.slice(0, -LINKED.length) })
          : item.endsWith(UNLINKED)
            ? t(locale, 'inventory:change_value.unlinked', { name: item.slice(0, -UNLINKED.length) })
            : item,
      )
      .join(t(locale, 'inventory:list_separator'));
  }
  return value;
}

export function changeText(change: FieldChange, locale: Locale): string {
  return t(locale, 'inventory:report.change_item', {
    field: t(locale, `inventory:change_field.${change.field}`),
    before: changeValue(change.field, change.before, locale),
    after: changeValue(change.field, change.after, locale),
  });
}

export function renderImportReport(
  summary: ImportSummary,
  fileName: string,
  locale: Locale,
  limit = 20,
): string {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, `inventory:${key}`, params);
  if (refusedOutright(summary)) {
    return tr('report.refused', {
      file: fileName,
      reason: t(locale, summary.fatal!.key, summary.fatal!.params),
    });
  }
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
  section('report.warnings_header', summary.warnings, summary.warnings.length, (w) => {
    const reason = t(locale, w.reason.key, w.reason.params);
    return w.column
      ? tr('report.warning_line', { row: w.row, column: w.column, reason })
      : tr('report.warning_line_no_column', { row: w.row, reason });
  });
  section('report.changes_header', summary.changes, summary.updated, (c) =>
    tr('report.change_line', {
      row: c.row,
      number: c.applicationNumber,
      changes: c.changes.map((ch) => changeText(ch, locale)).join(tr('list_separator')),
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
