// Imports a university's staff list (CSV in UTF-8 or GBK, or XLSX; Chinese or English headers) into
// its staff directory, keyed by staff number (工号): new numbers are added, known ones updated where
// the row differs, and the report says who is new, who changed and what, and who is unchanged. Bad
// rows are reported with their row number and reasons (and go to an error file) while the good rows
// land, each in its own transaction. The same file twice changes nothing. Afterwards the
// institution's patents follow the directory (core/inventory/relink.ts): inventor names it now knows
// are linked and the responsible-inventor rule decides again where its inputs changed.
import type { Logger } from 'pino';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import { type Locale, type Msg, msg, t } from '../i18n.ts';
import type { Cell } from '../inventory/cells.ts';
import { createErrorFile, type ErrorFileFormat, type ErrorFileWriter } from '../inventory/error-file.ts';
import { openTable, type Table } from '../inventory/read-table.ts';
import { type RelinkOutcome, relinkInventors } from '../inventory/relink.ts';
import type { FileFormat } from '../inventory/sniff.ts';
import { logger as defaultLogger } from '../logger.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import { applyStaffRow, type KnownStaff, type RowContext, type StaffFieldChange } from './apply-row.ts';
import { mapStaffHeaders, type StaffField } from './headers.ts';
import { type College, collegeKey, type StaffIssue, validateStaffRow } from './validate-row.ts';

/** Entries kept in each list of the report (the error file has every rejected row). */
export const STAFF_REPORT_LIMIT = 1000;

export interface StaffProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number | null;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface StaffImportOptions {
  institutionId: string;
  actor: Operator;
  fileName: string;
  open(): Promise<NodeJS.ReadableStream>;
  totalBytes?: number | null;
  /** Where to write the rejected rows; the upload's extension (.csv / .xlsx) is appended. */
  errorFileBase?: string | null;
  /** Language of the reasons in the error file. */
  locale: Locale;
  clock: Clock;
  onProgress?: (progress: StaffProgress) => void | Promise<void>;
  /** Rows between two progress reports. */
  progressEvery?: number;
  logger?: Logger;
}

export interface StaffEntry {
  row: number;
  staffNumber: string;
  name: string;
}
export interface StaffAdded extends StaffEntry {
  college: string | null;
  employment: string;
  /** Linked to a person Revive already had (same email). */
  existingPerson: boolean;
}
export interface StaffChanged extends StaffEntry {
  changes: StaffFieldChange[];
}
export interface StaffReportedError {
  row: number;
  column: string | null;
  reason: Msg;
}

export interface StaffImportSummary {
  format: FileFormat | null;
  status: 'COMPLETED' | 'FAILED';
  /** Data rows read (blank rows excluded). */
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: StaffReportedError[];
  added: StaffAdded[];
  changed: StaffChanged[];
  unchangedStaff: StaffEntry[];
  /** Staff of the directory this file does not list: left as they are. */
  notInFile: number;
  /** What the directory changed in the institution's patents (null when nothing was written). */
  patents: RelinkOutcome | null;
  ignoredHeaders: string[];
  fatal: Msg | null;
  errorFile: string | null;
}

const keep = <T>(list: T[], item: T) => {
  if (list.length < STAFF_REPORT_LIMIT) list.push(item);
};

export async function importStaff(db: Db, options: StaffImportOptions): Promise<StaffImportSummary> {
  const institution = await db.institution.findUnique({ where: { id: options.institutionId } });
  authorize(
    options.actor,
    'staff.import',
    institution ? { institutionId: institution.id } : null,
    `${options.actor?.personId} on ${options.institutionId}`,
  );
  // Staff lists belong to the university; colleges are a column of it.
  if (institution!.parentId !== null) refuseWith('staff:refusal.college', institution!.code);
  if (institution!.deactivatedAt !== null) refuseWith('staff:refusal.deactivated', institution!.code);

  const log = (options.logger ?? defaultLogger).child({
    institutionId: options.institutionId,
    staffImport: true,
  });
  const actorId = options.actor?.personId ?? null;
  const summary: StaffImportSummary = {
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
    unchangedStaff: [],
    notInFile: 0,
    patents: null,
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
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      failed: summary.failed,
    });

  const colleges = await db.institution.findMany({ where: { parentId: institution!.id } });
  const collegeMap = new Map<string, College>();
  for (const c of colleges) {
    for (const key of [c.code, c.nameZh, c.nameEn])
      if (key) collegeMap.set(collegeKey(key), { id: c.id, name: c.nameZh });
  }
  const collegeNames = new Map(colleges.map((c) => [c.id, c.nameZh]));
  const known = new Map<string, KnownStaff>();
  for (const r of await db.staffRecord.findMany({
    where: { institutionId: institution!.id },
    include: { person: { select: { name: true } } },
  })) {
    const { person, institutionId: _, createdAt: __, updatedAt: ___, ...record } = r;
    known.set(r.staffNumber, { ...record, name: person.name });
  }

  try {
    const opening = await openTable(await options.open(), mapStaffHeaders);
    bytesRead = opening.bytesRead;
    if (!opening.ok) {
      summary.format = opening.format;
      summary.fatal =
        opening.problem === 'missing_headers'
          ? msg('staff:fatal.missing_headers', {
              missing: (opening.missing ?? [])
                .map((f) => t(options.locale, `staff:field.${f}`))
                .join(t(options.locale, 'staff:list_separator')),
            })
          : msg(`staff:fatal.${opening.problem}`, opening.row ? { row: opening.row } : undefined);
      return await finish();
    }
    const table = opening.table;
    summary.format = table.format;
    summary.ignoredHeaders = table.ignored;

    const reject = async (rowNumber: number, cells: Cell[], issues: StaffIssue[]) => {
      summary.failed++;
      const rendered = issues.map((i) => ({ column: table.headerOf(i.field), reason: i.reason }));
      for (const r of rendered) keep(summary.errors, { row: rowNumber, ...r });
      if (options.errorFileBase) {
        errorFile ??= openErrorFile(table, options, summary);
        const text = rendered
          .map((r) => (r.column ? `${r.column}: ` : '') + t(options.locale, r.reason.key, r.reason.params))
          .join('; ');
        await errorFile.add(rowNumber, cells, text);
      }
    };

    const ctx: RowContext = {
      db,
      institutionId: institution!.id,
      actorId,
      now: options.clock.now(),
      collegeName: (id) => (id ? (collegeNames.get(id) ?? id) : null),
    };
    const seenNumbers = new Map<string, number>();
    const seenEmails = new Map<string, number>();
    const every = options.progressEvery ?? 50;
    for await (const row of table.rows) {
      summary.totalRows++;
      const result = validateStaffRow(table.record(row), collegeMap);
      if (!result.ok) {
        await reject(row.rowNumber, row.cells, result.issues);
      } else {
        const input = result.input;
        const firstNumber = seenNumbers.get(input.staffNumber);
        const firstEmail = input.email ? seenEmails.get(input.email) : undefined;
        if (firstNumber !== undefined || firstEmail !== undefined) {
          const issues: StaffIssue[] = [];
          if (firstNumber !== undefined)
            issues.push({ field: 'staffNumber', reason: msg('staff:row.duplicate', { row: firstNumber }) });
          if (firstEmail !== undefined)
            issues.push({ field: 'email', reason: msg('staff:row.duplicate_email', { row: firstEmail }) });
          await reject(row.rowNumber, row.cells, issues);
        } else {
          seenNumbers.set(input.staffNumber, row.rowNumber);
          if (input.email) seenEmails.set(input.email, row.rowNumber);
          // Each row is written with the clock's time when it is written.
          ctx.now = options.clock.now();
          const outcome = await applyStaffRow(ctx, known.get(input.staffNumber), input);
          const entry = { row: row.rowNumber, staffNumber: input.staffNumber, name: input.name };
          switch (outcome.kind) {
            case 'created':
              summary.created++;
              known.set(input.staffNumber, outcome.record);
              keep(summary.added, {
                ...entry,
                college: input.college?.name ?? null,
                employment: input.employment,
                existingPerson: outcome.existingPerson,
              });
              break;
            case 'updated':
              summary.updated++;
              known.set(input.staffNumber, outcome.record);
              keep(summary.changed, { ...entry, changes: outcome.changes });
              break;
            case 'unchanged':
              summary.unchanged++;
              keep(summary.unchangedStaff, entry);
              break;
            case 'rejected':
              await reject(row.rowNumber, row.cells, [{ field: outcome.field, reason: outcome.reason }]);
              break;
          }
        }
      }
      if (summary.totalRows % every === 0) await progress();
    }
    const broken = table.brokenAfter();
    if (broken !== null) {
      log.warn({ lastRow: broken }, 'staff import: file ended unexpectedly');
      summary.fatal = msg('staff:fatal.truncated', { row: broken });
    }
    // Only a complete file says who is missing from it.
    if (!summary.fatal) summary.notInFile = [...known.keys()].filter((n) => !seenNumbers.has(n)).length;
    if (summary.created + summary.updated > 0) {
      summary.patents = await relinkInventors(db, {
        institutionId: institution!.id,
        actorId,
        now: options.clock.now(),
        logger: log,
      });
    }
    return await finish();
  } catch (error) {
    log.error({ err: error }, 'staff import failed');
    summary.fatal = msg('staff:fatal.internal');
    await finish().catch(() => undefined);
    throw error;
  }

  async function finish(): Promise<StaffImportSummary> {
    if (errorFile) await (errorFile as ErrorFileWriter).close();
    summary.status = summary.fatal ? 'FAILED' : 'COMPLETED';
    await audit(db, {
      actorId,
      action: 'staff.imported',
      subjectType: 'Institution',
      subjectId: options.institutionId,
      institutionId: options.institutionId,
      details: {
        fileName: options.fileName,
        status: summary.status,
        format: summary.format,
        totalRows: summary.totalRows,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        failed: summary.failed,
        notInFile: summary.notInFile,
        patents: summary.patents ? { ...summary.patents } : null,
        fatal: summary.fatal?.key ?? null,
        operator: options.actor === null,
      },
    });
    await progress();
    log.info(
      { status: summary.status, rows: summary.totalRows, created: summary.created, updated: summary.updated },
      'staff import finished',
    );
    return summary;
  }
}

function openErrorFile(
  table: Table<StaffField>,
  options: StaffImportOptions,
  summary: StaffImportSummary,
): ErrorFileWriter {
  const format: ErrorFileFormat = table.format === 'xlsx' ? 'xlsx' : 'csv';
  summary.errorFile = `${options.errorFileBase}.${format}`;
  return createErrorFile(summary.errorFile, format, table.header, {
    row: t(options.locale, 'staff:error_file.row'),
    reason: t(options.locale, 'staff:error_file.reason'),
  });
}
