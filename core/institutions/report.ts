// Institutions as text in the reader's language: the import report (created, updated with what
// changed, unchanged, rejected, each with row numbers), one institution's card, and the list. The
// command line prints these; the chat sends them.
import type { Institution, InstitutionKind } from '../../prisma/generated/client.ts';
import { type Locale, t } from '../i18n.ts';
import type { FieldChange } from '../inventory/diff.ts';
import { placeName, regionByCode, regionName } from '../regions/regions.ts';
import type { InstitutionImportSummary } from './import.ts';

const tr = (locale: Locale, key: string, params?: Record<string, string | number>) =>
  t(locale, `institutions:${key}`, params);

export const kindName = (kind: InstitutionKind, locale: Locale): string => tr(locale, `kind.${kind}`);

/** A stored value as people read it: regions by name, kinds by name. */
function valueText(field: string, value: string, locale: Locale): string {
  if (value === '') return tr(locale, 'report.empty_value');
  if (field === 'province' || field === 'city') {
    const region = regionByCode(value);
    return region ? `${regionName(region, locale)} ${value}` : value;
  }
  if (field === 'kind') return kindName(value as InstitutionKind, locale);
  return value;
}

export function renderChanges(changes: FieldChange[], locale: Locale): string {
  return changes
    .map((c) =>
      tr(locale, 'report.change_item', {
        field: tr(locale, `field.${c.field}`),
        before: valueText(c.field, c.before, locale),
        after: valueText(c.field, c.after, locale),
      }),
    )
    .join(tr(locale, 'list_separator'));
}

/** "2, 4–7, 9": row numbers as ranges. */
export function rowRanges(rows: number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++;
    parts.push(start === sorted[i] ? String(start) : `${start}–${sorted[i]}`);
  }
  return parts.join(', ');
}

export function renderInstitutionImportReport(
  summary: InstitutionImportSummary,
  fileName: string,
  locale: Locale,
  limit = 50,
): string {
  const lines = [
    tr(locale, summary.status === 'COMPLETED' ? 'report.title' : 'report.title_failed', { file: fileName }),
  ];
  if (summary.fatal) lines.push(`⚠ ${t(locale, summary.fatal.key, summary.fatal.params)}`);
  if (summary.status === 'COMPLETED') {
    lines.push(
      tr(locale, 'report.counts', {
        total: summary.totalRows,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        failed: summary.failed,
      }),
    );
  }
  // Imported again: say plainly that nothing changed (besides the rows still rejected).
  if (summary.status === 'COMPLETED' && summary.unchanged > 0 && summary.created + summary.updated === 0) {
    lines.push(
      tr(locale, summary.failed === 0 ? 'report.nothing_changed' : 'report.nothing_changed_but_rejected'),
    );
  }
  const section = <T>(header: string, items: T[], total: number, line: (item: T) => string) => {
    if (items.length === 0) return;
    lines.push('', tr(locale, header));
    for (const item of items.slice(0, limit)) lines.push(line(item));
    if (total > limit) lines.push(tr(locale, 'report.more', { count: total - limit }));
  };
  const created = summary.rows.filter((r) => r.outcome === 'created');
  const updated = summary.rows.filter((r) => r.outcome === 'updated');
  const unchanged = summary.rows.filter((r) => r.outcome === 'unchanged');
  const kind = (college: boolean) => (college ? tr(locale, 'report.college_mark') : '');
  section('report.created_header', created, summary.created, (r) =>
    tr(locale, 'report.created_line', { row: r.row, code: r.code, name: r.name, college: kind(r.college) }),
  );
  section('report.updated_header', updated, summary.updated, (r) =>
    tr(locale, 'report.updated_line', {
      row: r.row,
      code: r.code,
      changes: renderChanges(r.changes, locale),
    }),
  );
  if (unchanged.length > 0) {
    lines.push('', tr(locale, 'report.unchanged_rows', { rows: rowRanges(unchanged.map((r) => r.row)) }));
  }
  section('report.errors_header', summary.errors, summary.errors.length, (e) => {
    const reason = t(locale, e.reason.key, e.reason.params);
    return e.column
      ? tr(locale, 'report.error_line', { row: e.row, column: e.column, reason })
      : tr(locale, 'report.error_line_no_column', { row: e.row, reason });
  });
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

/** One institution: code, names, kind, credit code, place, status, its colleges. */
export function renderInstitution(
  institution: Institution & { children?: Institution[] },
  locale: Locale,
): string {
  const lines = [
    tr(locale, 'card.title', {
      code: institution.code,
      name: locale === 'en' && institution.nameEn ? institution.nameEn : institution.nameZh,
    }),
  ];
  const other = locale === 'en' ? institution.nameZh : institution.nameEn;
  if (other) lines.push(other);
  lines.push(
    tr(locale, 'card.details', {
      kind: kindName(institution.kind, locale),
      place: placeName(institution.province, institution.city, locale),
      creditCode: institution.creditCode ?? '—',
    }),
  );
  if (institution.deactivatedAt) lines.push(tr(locale, 'card.deactivated'));
  const colleges = institution.children ?? [];
  if (colleges.length > 0) {
    lines.push(tr(locale, 'card.colleges', { count: colleges.length }));
    for (const c of colleges) {
      const name = locale === 'en' && c.nameEn ? c.nameEn : c.nameZh;
      lines.push(`  ${c.code}  ${name}${c.deactivatedAt ? tr(locale, 'card.deactivated_mark') : ''}`);
    }
  }
  return lines.join('\n');
}

/** The list: one line per institution, with its college count. */
export function renderInstitutionList(
  institutions: (Institution & { children: Institution[] })[],
  locale: Locale,
): string {
  if (institutions.length === 0) return tr(locale, 'list.empty');
  const lines = [tr(locale, 'list.title', { count: institutions.length })];
  for (const i of institutions) {
    lines.push(
      tr(locale, 'list.line', {
        code: i.code,
        name: locale === 'en' && i.nameEn ? i.nameEn : i.nameZh,
        kind: kindName(i.kind, locale),
        place: placeName(i.province, i.city, locale),
        colleges: i.children.length,
        status: i.deactivatedAt ? tr(locale, 'card.deactivated_mark') : '',
      }),
    );
  }
  return lines.join('\n');
}
