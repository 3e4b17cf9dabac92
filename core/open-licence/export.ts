// The institution's open-licence declarations as an XLSX, in the layout bureaus collect: patent,
// terms, declarant, date, whether the patent-right evaluation report is there, release and claims.
import ExcelJS from 'exceljs';
import type { Db } from '../db/database.ts';
import { type Locale, t } from '../i18n.ts';
import { localDate } from '../time-format.ts';
import { storedTerms } from './declaration.ts';
import { describeTerms } from './terms-text.ts';

const COLUMNS = [
  ['number', 22],
  ['title', 40],
  ['type', 12],
  ['terms', 44],
  ['declarant', 12],
  ['declared', 12],
  ['report', 16],
  ['status', 12],
  ['claims', 10],
  ['paid', 10],
] as const;

export interface DeclarationRow {
  number: string;
  title: string;
  type: string;
  terms: string;
  declarant: string;
  declared: string;
  report: string;
  status: string;
  claims: number;
  paid: number;
}

/** One row per declaration of the institution's patents (colleges included), by application number. */
export async function declarationRows(
  db: Db,
  institutionId: string,
  locale: Locale,
  timeZone: string,
): Promise<DeclarationRow[]> {
  const declarations = await db.openLicenceDeclaration.findMany({
    where: { patent: { institutionId } },
    include: { patent: true, claims: { select: { feeReceivedAt: true } } },
    orderBy: { patent: { applicationNumber: 'asc' } },
  });
  const declarants = new Map(
    (
      await db.person.findMany({
        where: { id: { in: declarations.map((d) => d.declaredById) } },
        select: { id: true, name: true },
      })
    ).map((p) => [p.id, p.name]),
  );
  const needsReport = (type: string) => type === 'UTILITY_MODEL' || type === 'DESIGN';
  return declarations.map((d) => ({
    number: d.patent.applicationNumber,
    title: d.patent.title,
    type: t(locale, `chat:patent_type.${d.patent.type}`),
    terms: describeTerms(locale, storedTerms(d), 'plain'),
    declarant: declarants.get(d.declaredById) ?? '—',
    declared: localDate(d.declaredAt, timeZone),
    report: t(
      locale,
      `open-licence:export.report.${d.evaluationReport ? 'yes' : needsReport(d.patent.type) ? 'missing' : 'not_needed'}`,
    ),
    status: t(
      locale,
      `open-licence:export.status.${d.withdrawnAt ? 'withdrawn' : d.releasedAt ? 'released' : 'pending'}`,
    ),
    claims: d.claims.length,
    paid: d.claims.filter((c) => c.feeReceivedAt !== null).length,
  }));
}

/** Writes the workbook (headers in both languages, as the bureau's forms are) and returns its row count. */
export async function writeDeclarationsXlsx(path: string, rows: DeclarationRow[]): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('open-licence');
  sheet.columns = COLUMNS.map(([, width]) => ({ width }));
  for (const headerLocale of ['zh-CN', 'en'] as const) {
    sheet.addRow(COLUMNS.map(([key]) => t(headerLocale, `open-licence:export.column.${key}`))).font = {
      bold: true,
    };
  }
  for (const row of rows) sheet.addRow(COLUMNS.map(([key]) => row[key]));
  await workbook.xlsx.writeFile(path);
  return rows.length;
}
