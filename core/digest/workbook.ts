// The digest's full table as XLSX, to forward to a superior: every unit (institution, college or
// province) with every figure, then the patents by type, by strategic emerging industry and the
// conversion funnel. Two header rows, Chinese then English; values are numbers, so the sheet adds up.
// The "total" row is the same figures the chat message states (one source: DigestFigures.totals).
import ExcelJS from 'exceljs';
import { STRATEGIC_INDUSTRIES } from '../enterprises/industries.ts';
import { type Locale, t } from '../i18n.ts';
import { type Counts, type DigestFigures, FUNNEL_STAGES, type UnitFigures, unitName } from './figures.ts';

interface Column<R> {
  key: string;
  width: number;
  value(row: R, locale: Locale): string | number | null;
}

const header = (key: string) => (locale: Locale) => t(locale, `digest:xlsx.${key}`);

const countColumns: Column<Counts>[] = [
  { key: 'total', width: 10, value: (r) => r.total },
  { key: 'inventoried', width: 10, value: (r) => r.inventoried },
  { key: 'awaiting', width: 10, value: (r) => r.awaitingScreening },
  { key: 'pooled', width: 10, value: (r) => r.pooled },
  { key: 'evaluations', width: 10, value: (r) => r.evaluations },
  { key: 'expert_evaluations', width: 10, value: (r) => r.expertEvaluations },
  { key: 'introductions', width: 10, value: (r) => r.introductions },
  { key: 'deals', width: 10, value: (r) => r.deals },
  { key: 'amount', width: 12, value: (r) => r.dealAmount },
];

const funnelColumns: Column<Counts>[] = FUNNEL_STAGES.map((stage) => ({
  key: `funnel_${stage}`,
  width: 10,
  value: (r) => r.funnel[stage],
}));

const unitColumns = (figures: DigestFigures): Column<UnitFigures>[] => [
  {
    key: 'name',
    width: 30,
    value: (u, locale) =>
      u === figures.totals
        ? t(locale, 'digest:xlsx.total_row')
        : u.nameZh === ''
          ? t(locale, 'digest:no_college')
          : unitName(u, locale),
  },
  { key: 'code', width: 12, value: (u) => (u === figures.totals ? null : u.code) },
  ...countColumns,
  { key: 'percent', width: 10, value: (u) => u.percent },
  { key: 'target', width: 10, value: (u) => u.milestone?.targetPercent ?? null },
  { key: 'due', width: 12, value: (u) => u.milestone?.dueDate ?? null },
  { key: 'days_left', width: 10, value: (u) => u.daysLeft },
  {
    key: 'status',
    width: 10,
    value: (u, locale) => t(locale, u.onTrack ? 'digest:status.on_track' : 'digest:status.behind'),
  },
  { key: 'missing', width: 10, value: (u) => u.missing },
  { key: 'roadshows', width: 10, value: (u) => u.roadshows },
  { key: 'attendees', width: 10, value: (u) => u.attendees },
  ...funnelColumns,
];

function addSheet<R>(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: Column<R>[],
  rows: R[],
  locale: Locale,
  totalRow?: R,
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2, xSplit: 1 }] });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  for (const headerLocale of ['zh-CN', 'en'] as const) {
    sheet.addRow(columns.map((c) => header(c.key)(headerLocale))).font = { bold: true };
  }
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row, locale)));
  if (totalRow) sheet.addRow(columns.map((c) => c.value(totalRow, locale))).font = { bold: true };
}

/** Writes the workbook to `path` (a private chat file). Values in `locale`, headers in both. */
export async function writeDigestWorkbook(
  figures: DigestFigures,
  path: string,
  locale: Locale,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(`${figures.today}T00:00:00Z`);
  addSheet(
    workbook,
    t(locale, 'digest:xlsx.sheet_units'),
    unitColumns(figures),
    figures.units,
    locale,
    figures.totals,
  );
  const typeColumns: Column<Counts & { type: string }>[] = [
    { key: 'type', width: 14, value: (r, l) => t(l, `digest:type.${r.type}`) },
    ...countColumns,
    ...funnelColumns,
  ];
  addSheet(workbook, t(locale, 'digest:xlsx.sheet_types'), typeColumns, figures.byType, locale);
  const industryColumns: Column<Counts & { industry: string }>[] = [
    {
      key: 'industry',
      width: 30,
      value: (r, l) => {
        const industry = STRATEGIC_INDUSTRIES.find((i) => i.code === r.industry);
        return industry ? (l === 'en' ? industry.en : industry.zh) : r.industry;
      },
    },
    ...countColumns,
    ...funnelColumns,
  ];
  addSheet(workbook, t(locale, 'digest:xlsx.sheet_industries'), industryColumns, figures.byIndustry, locale);
  await workbook.xlsx.writeFile(path);
}
