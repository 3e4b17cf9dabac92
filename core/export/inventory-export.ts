// The annotated inventory as XLSX, streamed to disk: one row per patent, a Chinese and an English
// header row, values in the platform's language.
import ExcelJS from 'exceljs';
import type { Logger } from 'pino';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { type Locale, t } from '../i18n.ts';
import { logger as defaultLogger } from '../logger.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import { DEFAULT_TIME_ZONE } from '../time-format.ts';
import { inventoryColumns } from './columns.ts';
import { exportPatents } from './load-patents.ts';

export interface InventoryExportOptions {
  institutionId: string;
  actor: Operator;
  path: string;
  /** Language of the values (headers are always in both). */
  locale?: Locale;
  /** The reader's time zone: dates of submissions and decisions are their local days. */
  timeZone?: string;
  onProgress?: (patents: number) => void;
  logger?: Logger;
}

export interface InventoryExportResult {
  path: string;
  patents: number;
  byStatus: Record<string, number>;
}

export async function exportInventory(
  db: Db,
  options: InventoryExportOptions,
): Promise<InventoryExportResult> {
  authorize(
    options.actor,
    'inventory.export',
    options,
    `${options.actor?.personId} on ${options.institutionId}`,
  );
  const locale = options.locale ?? 'zh-CN';
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const columns = inventoryColumns(options.actor);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: options.path, useStyles: true });
  const sheet = workbook.addWorksheet(t(locale, 'export:sheet.inventory'), {
    views: [{ state: 'frozen', ySplit: 2, xSplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  for (const headerLocale of ['zh-CN', 'en'] as const) {
    const row = sheet.addRow(columns.map((c) => c.header(headerLocale)));
    row.font = { bold: true };
    row.commit();
  }
  let patents = 0;
  const byStatus: Record<string, number> = {};
  for await (const page of exportPatents(db, options.institutionId)) {
    for (const p of page) {
      sheet.addRow(columns.map((c) => c.value(p, locale, timeZone))).commit();
      byStatus[p.inventoryStatus] = (byStatus[p.inventoryStatus] ?? 0) + 1;
    }
    patents += page.length;
    options.onProgress?.(patents);
  }
  sheet.commit();
  await workbook.commit();
  await audit(db, {
    actorId: options.actor?.personId ?? null,
    action: 'export.inventory',
    subjectType: 'Institution',
    subjectId: options.institutionId,
    institutionId: options.institutionId,
    details: { patents, byStatus, file: options.path.split(/[\\/]/).at(-1) ?? options.path },
  });
  (options.logger ?? defaultLogger).info(
    { institutionId: options.institutionId, patents },
    'inventory exported',
  );
  return { path: options.path, patents, byStatus };
}
