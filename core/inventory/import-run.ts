// The durable record of an import: the ImportRun row (counts, file hash, the first reported errors
// in the coordinator's language) and the audit log entry.
import type { Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { type Locale, t } from '../i18n.ts';
import { type ImportSummary, REPORT_LIMIT } from './import-summary.ts';

export interface RunRecord {
  runId: string;
  institutionId: string;
  actorId: string | null;
  /** True for the operator at the server's command line (no person acting). */
  operator: boolean;
  fileName: string;
  sha256: string;
  locale: Locale;
  summary: ImportSummary;
  finishedAt: Date;
}

export async function recordRun(db: Db, record: RunRecord): Promise<void> {
  const { summary, locale } = record;
  const stored: { row: number; column: string | null; code: string; reason: string; warning?: true }[] =
    summary.errors.map((e) => ({
      row: e.row,
      column: e.column,
      code: e.reason.key,
      reason: t(locale, e.reason.key, e.reason.params),
    }));
  // Warnings after the errors, marked: the patents of these rows were imported.
  for (const w of summary.warnings) {
    stored.push({
      row: w.row,
      column: w.column,
      code: w.reason.key,
      reason: t(locale, w.reason.key, w.reason.params),
      warning: true,
    });
  }
  if (summary.fatal) {
    // Row 0: about the file, not a row.
    stored.unshift({
      row: 0,
      column: null,
      code: summary.fatal.key,
      reason: t(locale, summary.fatal.key, summary.fatal.params),
    });
  }
  await db.importRun.update({
    where: { id: record.runId },
    data: {
      status: summary.status,
      fileSha256: record.sha256,
      format: summary.format ?? 'unknown',
      totalRows: summary.totalRows,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      failed: summary.failed,
      errors: stored.slice(0, REPORT_LIMIT) as unknown as Prisma.InputJsonValue,
      finishedAt: record.finishedAt,
    },
  });
  await audit(db, {
    actorId: record.actorId,
    action: summary.status === 'COMPLETED' ? 'import.completed' : 'import.failed',
    subjectType: 'ImportRun',
    subjectId: record.runId,
    institutionId: record.institutionId,
    details: {
      fileName: record.fileName,
      format: summary.format,
      totalRows: summary.totalRows,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      failed: summary.failed,
      warned: summary.warned,
      ambiguous: summary.ambiguous.length,
      fatal: summary.fatal?.key ?? null,
      operator: record.operator,
    },
  });
}
