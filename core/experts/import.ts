// Imports a list of experts (CSV in UTF-8 or GBK, or XLSX; Chinese or English headers: name, email,
// title, affiliation — a registered institution's code, an enterprise's credit code, or free text —,
// region — for free text: where the expert works —, IPC fields, keywords), keyed by email: new experts are added, known ones updated where the row
// differs (never renamed), and the report says who is new, who changed and what. Each row is its own
// transaction and is checked against what the importer may do for that affiliation; bad rows are
// reported with their row number and reasons (and go to an error file) while the good rows land.
import type { Logger } from 'pino';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { type Locale, type Msg, msg, t } from '../i18n.ts';
import { type Cell, cellText } from '../inventory/cells.ts';
import { createErrorFile, type ErrorFileWriter } from '../inventory/error-file.ts';
import { openTable } from '../inventory/read-table.ts';
import type { FileFormat } from '../inventory/sniff.ts';
import { logger as defaultLogger } from '../logger.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import {
  checkExpert,
  type ExpertChange,
  type ExpertField,
  type ExpertInput,
  saveExpertIn,
} from './experts.ts';
import { type ExpertColumn, mapExpertHeaders } from './headers.ts';

export const EXPERT_REPORT_LIMIT = 1000;

export interface ExpertImportOptions {
  actor: Operator;
  fileName: string;
  open(): Promise<NodeJS.ReadableStream>;
  totalBytes?: number | null;
  errorFileBase?: string | null;
  locale: Locale;
  clock: Clock;
  onProgress?: (progress: {
    rowsRead: number;
    bytesRead: number;
    totalBytes: number | null;
    failed: number;
  }) => void | Promise<void>;
  logger?: Logger;
}

export interface ExpertEntry {
  row: number;
  email: string;
  name: string;
}

export interface ExpertImportSummary {
  format: FileFormat | null;
  status: 'COMPLETED' | 'FAILED';
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: { row: number; column: string | null; reason: Msg }[];
  added: (ExpertEntry & { affiliation: string | null })[];
  changed: (ExpertEntry & { changes: ExpertChange[] })[];
  unchangedExperts: ExpertEntry[];
  ignoredHeaders: string[];
  fatal: Msg | null;
  errorFile: string | null;
}

const keep = <T>(list: T[], item: T) => {
  if (list.length < EXPERT_REPORT_LIMIT) list.push(item);
};

const COLUMN_OF: Record<ExpertField, ExpertColumn> = {
  name: 'name',
  email: 'email',
  title: 'title',
  affiliation: 'affiliation',
  region: 'region',
  ipc: 'ipc',
  keywords: 'keywords',
};

export async function importExperts(db: Db, options: ExpertImportOptions): Promise<ExpertImportSummary> {
  authorize(options.actor, 'expert.manage');
  const log = (options.logger ?? defaultLogger).child({ expertImport: true });
  const actorId = options.actor?.personId ?? null;
  const summary: ExpertImportSummary = {
    format: null,
    status: 'COMPLETED',
    totalRows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    added: [],
    changed: [],
    unchangedExperts: [],
    ignoredHeaders: [],
    fatal: null,
    errorFile: null,
  };
  let bytesRead = () => 0;
  let errorFile: ErrorFileWriter | null = null;
  const progress = async () =>
    options.onProgress?.({
      rowsRead: summary.totalRows,
      bytesRead: bytesRead(),
      totalBytes: options.totalBytes ?? null,
      failed: summary.failed,
    });

  try {
    const opening = await openTable(await options.open(), mapExpertHeaders);
    bytesRead = opening.bytesRead;
    if (!opening.ok) {
      summary.format = opening.format;
      summary.fatal =
        opening.problem === 'missing_headers'
          ? msg('experts:fatal.missing_headers', {
              missing: (opening.missing ?? [])
                .map((f) => t(options.locale, `experts:column.${f}`))
                .join(t(options.locale, 'experts:list_separator')),
            })
          : msg(`experts:fatal.${opening.problem}`, opening.row ? { row: opening.row } : undefined);
      return await finish();
    }
    const table = opening.table;
    summary.format = table.format;
    summary.ignoredHeaders = table.ignored;

    const reject = async (
      row: number,
      cells: Cell[],
      issues: { field: ExpertColumn | null; reason: Msg }[],
    ) => {
      summary.failed++;
      const rendered = issues.map((i) => ({ column: table.headerOf(i.field), reason: i.reason }));
      for (const r of rendered) keep(summary.errors, { row, ...r });
      if (options.errorFileBase) {
        if (!errorFile) {
          const format = table.format === 'xlsx' ? 'xlsx' : 'csv';
          summary.errorFile = `${options.errorFileBase}.${format}`;
          errorFile = createErrorFile(summary.errorFile, format, table.header, {
            row: t(options.locale, 'experts:error_file.row'),
            reason: t(options.locale, 'experts:error_file.reason'),
          });
        }
        const text = rendered
          .map((r) => (r.column ? `${r.column}: ` : '') + t(options.locale, r.reason.key, r.reason.params))
          .join('; ');
        await errorFile.add(row, cells, text);
      }
    };

    const seen = new Map<string, number>();
    for await (const row of table.rows) {
      summary.totalRows++;
      const raw = table.record(row);
      const issues: { field: ExpertColumn | null; reason: Msg }[] = [];
      const text = (field: ExpertColumn): string | undefined => {
        if (!(field in raw)) return undefined;
        const cell = raw[field] ?? null;
        if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
          issues.push({
            field,
            reason:
              cell.kind === 'formula'
                ? msg('experts:invalid.formula_without_value', { formula: cell.formula })
                : msg('experts:invalid.cell_error', { error: cell.error }),
          });
          return '';
        }
        return cellText(cell);
      };
      const input: ExpertInput = {
        name: text('name') ?? '',
        email: text('email') ?? '',
        title: text('title'),
        affiliation: text('affiliation'),
        region: text('region'),
        ipc: text('ipc'),
        keywords: text('keywords'),
      };
      const result = await checkExpert(db, input);
      if (!result.ok)
        for (const p of result.problems) issues.push({ field: COLUMN_OF[p.field], reason: p.reason });
      if (issues.length > 0 || !result.ok) {
        await reject(row.rowNumber, row.cells, issues);
        continue;
      }
      const value = result.value;
      const first = seen.get(value.email);
      if (first !== undefined) {
        await reject(row.rowNumber, row.cells, [
          { field: 'email', reason: msg('experts:invalid.duplicate', { row: first }) },
        ]);
        continue;
      }
      seen.set(value.email, row.rowNumber);
      const entry = { row: row.rowNumber, email: value.email, name: value.name ?? '' };
      try {
        const now = options.clock.now();
        const saved = await db.$transaction((tx) => saveExpertIn(tx, options.actor, value, now, 'upsert'));
        if (saved.outcome === 'CREATED') {
          summary.created++;
          keep(summary.added, { ...entry, affiliation: saved.expert.affiliationLabel });
        } else if (saved.outcome === 'UPDATED') {
          summary.updated++;
          keep(summary.changed, { ...entry, changes: saved.changes });
        } else {
          summary.unchanged++;
          keep(summary.unchangedExperts, entry);
        }
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        const field: ExpertColumn | null = error.reason.key.startsWith('experts:refusal.email')
          ? 'email'
          : error.reason.key === 'experts:refusal.not_allowed'
            ? 'affiliation'
            : null;
        await reject(row.rowNumber, row.cells, [{ field, reason: error.reason }]);
      }
      if (summary.totalRows % 50 === 0) await progress();
    }
    const broken = table.brokenAfter();
    if (broken !== null) summary.fatal = msg('experts:fatal.truncated', { row: broken });
    return await finish();
  } catch (error) {
    log.error({ err: error }, 'expert import failed');
    summary.fatal = msg('experts:fatal.internal');
    await finish().catch(() => undefined);
    throw error;
  }

  async function finish(): Promise<ExpertImportSummary> {
    if (errorFile) await (errorFile as ErrorFileWriter).close();
    summary.status = summary.fatal ? 'FAILED' : 'COMPLETED';
    await audit(db, {
      actorId,
      action: 'experts.imported',
      subjectType: 'Expert',
      details: {
        fileName: options.fileName,
        status: summary.status,
        format: summary.format,
        totalRows: summary.totalRows,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        failed: summary.failed,
        fatal: summary.fatal?.key ?? null,
      },
    });
    await progress();
    log.info(
      { status: summary.status, rows: summary.totalRows, created: summary.created },
      'expert import finished',
    );
    return summary;
  }
}
