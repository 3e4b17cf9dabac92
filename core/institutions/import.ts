// Many institutions at once, from a CSV (UTF-8 or GBK) or XLSX list: one row per institution, or per
// college when the row gives its university's code (parent_code / 上级代码). Read with the inventory's
// readers; every row is checked like a registration (fields.ts) and written in its own transaction,
// so a bad row is reported with its row number and reasons while the good rows land. Importing the
// same file again changes nothing and says so; a changed row updates its institution and the report
// lists what changed. Institutions are written before colleges, so a file may list a university's
// colleges above it.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { Institution } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { type Locale, type Msg, msg, t } from '../i18n.ts';
import { type Cell, cellText, isBlankRow, type SheetRow } from '../inventory/cells.ts';
import type { FieldChange } from '../inventory/diff.ts';
import { createErrorFile, type ErrorFileFormat, type ErrorFileWriter } from '../inventory/error-file.ts';
import { readCsvRows } from '../inventory/read-csv.ts';
import { readXlsxRows } from '../inventory/read-xlsx.ts';
import { type FileFormat, peek, sniffFormat } from '../inventory/sniff.ts';
import { logger as defaultLogger, type Logger } from '../logger.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import {
  type FieldIssue,
  fieldLabelKey,
  type InstitutionField,
  normaliseCode,
  type RawInstitution,
  validateCollege,
  validateInstitution,
} from './fields.ts';
import { locateInstitutionHeader } from './headers.ts';
import {
  applyCollegeEdit,
  applyEdit,
  changesOf,
  createInstitution,
  findInstitution,
  insertCollege,
} from './institutions.ts';

/** Leading rows searched for the header (a title row may come first). */
const HEADER_SCAN_ROWS = 10;
/** Rows kept in the report (the error file has every rejected row). */
export const REPORT_LIMIT = 1000;

export type RowOutcome = 'created' | 'updated' | 'unchanged';

export interface ImportedRow {
  row: number;
  code: string;
  name: string;
  college: boolean;
  outcome: RowOutcome;
  changes: FieldChange[];
}

export interface RejectedRow {
  row: number;
  /** The header of the column at fault, as the file has it; null for the row as a whole. */
  column: string | null;
  reason: Msg;
}

export interface InstitutionImportSummary {
  format: FileFormat | null;
  status: 'COMPLETED' | 'FAILED';
  /** Data rows read (blank rows excluded). */
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Rows written or found unchanged, in file order (first REPORT_LIMIT). */
  rows: ImportedRow[];
  errors: RejectedRow[];
  ignoredHeaders: string[];
  /** What stopped the import before any row: an unreadable file, no usable header. */
  fatal: Msg | null;
  errorFile: string | null;
}

export interface InstitutionImportProgress {
  done: number;
  total: number;
  failed: number;
}

export interface InstitutionImportOptions {
  actor: Operator;
  fileName: string;
  open(): Promise<NodeJS.ReadableStream>;
  clock: Clock;
  /** Language of the reasons in the error file. */
  locale: Locale;
  /** Where to write the rejected rows; the upload's extension (.csv / .xlsx) is added. */
  errorFileBase?: string | null;
  onProgress?: (progress: InstitutionImportProgress) => void | Promise<void>;
  logger?: Logger;
}

interface DataRow {
  rowNumber: number;
  cells: Cell[];
  raw: RawInstitution;
}

export async function importInstitutions(
  db: Db,
  options: InstitutionImportOptions,
): Promise<InstitutionImportSummary> {
  authorize(options.actor, 'institution.register');
  const log = (options.logger ?? defaultLogger).child({ import: 'institutions', file: options.fileName });
  const summary: InstitutionImportSummary = {
    format: null,
    status: 'COMPLETED',
    totalRows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    rows: [],
    errors: [],
    ignoredHeaders: [],
    fatal: null,
    errorFile: null,
  };
  const hash = createHash('sha256');
  const read = await readAll(options, hash, summary);
  let errorFile: ErrorFileWriter | null = null;
  if (read) {
    const { rows, header } = read;
    summary.totalRows = rows.length;
    const headerOf = (field: InstitutionField | null) => {
      if (field === null) return null;
      const column = [...header.columns].find(([, f]) => f === field)?.[0];
      return column === undefined ? t(options.locale, fieldLabelKey(field)) : (header.texts[column] ?? null);
    };
    const reject = async (row: DataRow, issues: FieldIssue[]) => {
      summary.failed++;
      const rendered = issues.map((i) => ({ column: headerOf(i.field), reason: i.reason }));
      for (const r of rendered)
        if (summary.errors.length < REPORT_LIMIT) summary.errors.push({ row: row.rowNumber, ...r });
      if (!options.errorFileBase) return;
      if (!errorFile) {
        const format: ErrorFileFormat = summary.format === 'xlsx' ? 'xlsx' : 'csv';
        summary.errorFile = `${options.errorFileBase}.${format}`;
        errorFile = createErrorFile(summary.errorFile, format, header.texts, {
          row: t(options.locale, 'institutions:error_file.row'),
          reason: t(options.locale, 'institutions:error_file.reason'),
        });
      }
      const text = rendered
        .map((r) => (r.column ? `${r.column}: ` : '') + t(options.locale, r.reason.key, r.reason.params))
        .join('; ');
      await errorFile.add(row.rowNumber, row.cells, text);
    };
    const landed = (row: DataRow, institution: Institution, outcome: RowOutcome, changes: FieldChange[]) => {
      summary[outcome]++;
      if (summary.rows.length < REPORT_LIMIT) {
        summary.rows.push({
          row: row.rowNumber,
          code: institution.code,
          name: institution.nameZh,
          college: institution.kind === 'COLLEGE',
          outcome,
          changes,
        });
      }
    };
    const writer = new RowWriter(db, options, reject, landed);
    let done = 0;
    const progress = async () => options.onProgress?.({ done, total: rows.length, failed: summary.failed });
    // Institutions first, then colleges (whose parent may be further down the file).
    const institutions = rows.filter((r) => !r.raw.parentCode);
    const colleges = rows.filter((r) => r.raw.parentCode);
    for (const row of institutions) {
      await writer.institution(row);
      done++;
      await progress();
    }
    for (const row of colleges) {
      await writer.college(row);
      done++;
      await progress();
    }
    summary.rows.sort((a, b) => a.row - b.row);
    summary.errors.sort((a, b) => a.row - b.row);
  }
  if (errorFile) await (errorFile as ErrorFileWriter).close();
  summary.status = summary.fatal ? 'FAILED' : 'COMPLETED';
  await audit(db, {
    actorId: options.actor?.personId ?? null,
    action: 'institutions.imported',
    subjectType: 'InstitutionImport',
    details: {
      fileName: options.fileName,
      sha256: hash.digest('hex'),
      status: summary.status,
      totalRows: summary.totalRows,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      failed: summary.failed,
      ...(summary.fatal ? { fatal: summary.fatal.key } : {}),
    },
  });
  log.info(
    { status: summary.status, rows: summary.totalRows, created: summary.created, failed: summary.failed },
    'institution import finished',
  );
  return summary;
}

// ------------------------------------------------------------------------------ reading

async function readAll(
  options: InstitutionImportOptions,
  hash: ReturnType<typeof createHash>,
  summary: InstitutionImportSummary,
): Promise<{ rows: DataRow[]; header: NonNullable<ReturnType<typeof headerOrNull>> } | null> {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const source = await options.open();
  source.on('error', (error) => counter.destroy(error));
  const { head, stream } = await peek(source.pipe(counter));
  const sniffed = sniffFormat(head);
  if (!sniffed.ok) {
    summary.fatal = msg(`institutions:fatal.${sniffed.reason}`);
    return null;
  }
  summary.format = sniffed.format;
  const sheetRows: SheetRow[] = [];
  try {
    const rows =
      sniffed.format === 'xlsx'
        ? readXlsxRows(stream)
        : readCsvRows(stream, sniffed.format === 'csv-gbk' ? 'gb18030' : 'utf8', head);
    for await (const row of rows) if (!isBlankRow(row.cells)) sheetRows.push(row);
  } catch {
    // A damaged or truncated file: nothing is imported, the list is small enough to send again.
    summary.fatal = msg('institutions:fatal.unreadable', { row: sheetRows.at(-1)?.rowNumber ?? 0 });
    return null;
  }
  const header = headerOrNull(sheetRows, summary, options.locale);
  if (!header) return null;
  summary.ignoredHeaders = header.ignored;
  const rows = sheetRows.slice(header.index + 1).map((row) => {
    const raw: RawInstitution = {};
    for (const [column, field] of header.columns) {
      const text = cellText(row.cells[column] ?? null);
      if (text !== '') raw[field] = text;
    }
    return { rowNumber: row.rowNumber, cells: row.cells, raw };
  });
  return { rows, header };
}

function headerOrNull(rows: SheetRow[], summary: InstitutionImportSummary, locale: Locale) {
  if (rows.length === 0) {
    summary.fatal = msg('institutions:fatal.empty');
    return null;
  }
  const located = locateInstitutionHeader(rows.slice(0, HEADER_SCAN_ROWS).map((r) => r.cells));
  if ('missing' in located) {
    summary.fatal = msg('institutions:fatal.missing_headers', {
      missing: located.missing
        .map((f) => t(locale, fieldLabelKey(f)))
        .join(t(locale, 'institutions:list_separator')),
    });
    return null;
  }
  return located;
}

// ------------------------------------------------------------------------------ writing

type Reject = (row: DataRow, issues: FieldIssue[]) => Promise<void>;
type Landed = (row: DataRow, institution: Institution, outcome: RowOutcome, changes: FieldChange[]) => void;

/** Writes rows one by one, remembering within the file which codes were seen and which failed. */
class RowWriter {
  /** Code (and credit code) → the row that had it first. */
  private readonly codes = new Map<string, number>();
  private readonly creditCodes = new Map<string, number>();
  /** Institution codes whose row was rejected: colleges of one that does not exist point to that row. */
  private readonly failedParents = new Map<string, number>();

  /** Rows rejected so far. */
  private rejections = 0;

  constructor(
    private readonly db: Db,
    private readonly options: InstitutionImportOptions,
    private readonly report: Reject,
    private readonly landed: Landed,
  ) {}

  private reject(row: DataRow, issues: FieldIssue[]): Promise<void> {
    this.rejections++;
    return this.report(row, issues);
  }

  private issue(
    field: InstitutionField,
    key: string,
    params?: Record<string, string | number>,
  ): FieldIssue[] {
    return [{ field, reason: msg(`institutions:row.${key}`, params) }];
  }

  /** The refusals of the use cases become the row's reason; anything else stops the import. */
  private async guarded(row: DataRow, field: InstitutionField, run: () => Promise<void>) {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      await this.reject(row, [{ field, reason: error.reason }]);
    }
  }

  private duplicate(row: DataRow, code: string, creditCode: string | null): FieldIssue[] | null {
    const first = this.codes.get(code);
    if (first !== undefined) return this.issue('code', 'duplicate', { row: first });
    const firstCredit = creditCode ? this.creditCodes.get(creditCode) : undefined;
    if (firstCredit !== undefined)
      return this.issue('creditCode', 'duplicate_credit_code', { row: firstCredit });
    this.codes.set(code, row.rowNumber);
    if (creditCode) this.creditCodes.set(creditCode, row.rowNumber);
    return null;
  }

  async institution(row: DataRow): Promise<void> {
    const code = normaliseCode(row.raw.code ?? '');
    const result = validateInstitution(row.raw);
    if (!result.ok) {
      if (code && !this.failedParents.has(code)) this.failedParents.set(code, row.rowNumber);
      return this.reject(row, result.issues);
    }
    const data = result.value;
    const duplicate = this.duplicate(row, data.code, data.creditCode);
    if (duplicate) return this.reject(row, duplicate);
    const { actor, clock } = this.options;
    const before = this.rejections;
    await this.guarded(row, 'code', async () => {
      const existing = await findInstitution(this.db, data.code);
      if (!existing) {
        const created = await createInstitution(this.db, actor, data, [], clock.now());
        return this.landed(row, created, 'created', []);
      }
      if (existing.kind === 'COLLEGE') {
        return this.reject(row, this.issue('code', 'is_college', { code: existing.code }));
      }
      if (existing.deactivatedAt) {
        return this.reject(row, this.issue('code', 'deactivated', { code: existing.code }));
      }
      if (changesOf(existing, data).length === 0) return this.landed(row, existing, 'unchanged', []);
      const edited = await applyEdit(this.db, actor, existing, data, clock.now());
      this.landed(row, edited.institution, 'updated', edited.changes);
    });
    if (this.rejections !== before && !this.failedParents.has(data.code)) {
      this.failedParents.set(data.code, row.rowNumber);
    }
  }

  async college(row: DataRow): Promise<void> {
    const parentCode = normaliseCode(row.raw.parentCode ?? '');
    const parent = await findInstitution(this.db, parentCode);
    if (!parent) {
      // Its university's row was in the file but could not be imported: say so rather than "unknown".
      const failedParent = this.failedParents.get(parentCode);
      return this.reject(
        row,
        failedParent === undefined
          ? this.issue('parentCode', 'parent_unknown', { code: parentCode })
          : this.issue('parentCode', 'parent_rejected', { code: parentCode, row: failedParent }),
      );
    }
    if (parent.kind === 'COLLEGE') {
      return this.reject(row, this.issue('parentCode', 'parent_is_college', { code: parentCode }));
    }
    if (parent.deactivatedAt)
      return this.reject(row, this.issue('parentCode', 'deactivated', { code: parentCode }));
    const result = validateCollege(row.raw, parent.code);
    if (!result.ok) return this.reject(row, result.issues);
    const data = result.value;
    const duplicate = this.duplicate(row, data.code, null);
    if (duplicate) return this.reject(row, duplicate);
    const { actor, clock } = this.options;
    await this.guarded(row, 'code', async () => {
      const existing = await findInstitution(this.db, data.code);
      if (!existing) {
        const created = await insertCollege(this.db, actor, parent, data, clock.now());
        return this.landed(row, created, 'created', []);
      }
      if (existing.parentId !== parent.id) {
        return this.reject(row, this.issue('code', 'code_elsewhere', { code: existing.code }));
      }
      if (existing.deactivatedAt) {
        return this.reject(row, this.issue('code', 'deactivated', { code: existing.code }));
      }
      // A college row without an English name leaves the stored one alone.
      const next = row.raw.nameEn ? data : { code: data.code, nameZh: data.nameZh };
      if (changesOf(existing, next).length === 0) return this.landed(row, existing, 'unchanged', []);
      const edited = await applyCollegeEdit(this.db, actor, existing, parent, next, clock.now());
      this.landed(row, edited.institution, 'updated', edited.changes);
    });
  }
}
