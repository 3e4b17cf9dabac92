// Imports a patent list (CSV in UTF-8 or GBK, or XLSX) into an institution's inventory, streaming:
// rows are validated one by one as they are read and written in chunks, each staged with COPY
// and stored by set-based SQL (store.ts), so memory does not grow with the file and 100 000 rows
// take seconds. Bad rows are reported with their row number and reasons and go to an error file;
// good rows land, also when the file turns out to be truncated halfway. A hostile or accidental
// file (too large, a zip bomb, not a spreadsheet, no data rows) is refused with one line, before
// anything is read when its size already says so.

import { createHash, randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import type { Logger } from 'pino';
import { type Clock, machineTimeMs } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { type Locale, type Msg, msg, t } from '../i18n.ts';
import { logger as defaultLogger } from '../logger.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import { type BulkSession, openBulkSession } from './bulk-session.ts';
import { type Cell, isBlankRow, type SheetRow } from './cells.ts';
import { createErrorFile, type ErrorFileFormat, type ErrorFileWriter } from './error-file.ts';
import { type Field, normaliseHeader } from './headers.ts';
import { recordRun } from './import-run.ts';
import { type ImportSummary, REPORT_LIMIT, type ReportedError } from './import-summary.ts';
import { FileRefused, type ImportLimits, importLimits, uploadSizeProblem } from './limits.ts';
import { HEADER_SCAN_ROWS, locateHeader } from './locate-header.ts';
import { NumberSet } from './number-set.ts';
import { PeopleDirectory } from './people-directory.ts';
import { openRows } from './read-table.ts';
import { sequentialIds } from './sequential-ids.ts';
import {
  type BatchOutcome,
  collegeKey,
  commitChunk,
  createStaging,
  dropStaging,
  type FailedRow,
  prepareChunk,
} from './store.ts';
import type { PendingRow, StagingTables, StoreContext } from './store-context.ts';
import { type RowIssue, validateRow } from './validate-row.ts';

// The report's types live in import-summary.ts (import-run.ts needs them too); callers take them from here.
export { type ImportSummary, REPORT_LIMIT, type ReportedError } from './import-summary.ts';

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number | null;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Milliseconds since the import started (machine time: elapsed, never a date). */
  elapsedMs?: number;
  /** Share of the data read (0–1) when bytes do not tell it (an XLSX is copied whole first). */
  fraction?: number | null;
}

export interface ImportOptions {
  institutionId: string;
  actor: Operator;
  fileName: string;
  open(): Promise<NodeJS.ReadableStream>;
  /** The size the platform or the file system reports: over the upload limit, the file is never opened. */
  totalBytes?: number | null;
  /** Where to write the rejected rows; its extension is replaced by the upload's (.csv / .xlsx). */
  errorFileBase?: string | null;
  /** Language of the reasons in the error file and the stored report. */
  locale: Locale;
  /** When rows were imported (created, changed) and the run started and finished. */
  clock: Clock;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Rows per chunk (staged and stored together); the default suits both databases. */
  batchSize?: number;
  /** Defaults to the configured limits (REVIVE_IMPORT_MAX_*). */
  limits?: ImportLimits;
  logger?: Logger;
}

const DEFAULT_CHUNK = 2000;

/** Labels of the two columns an error file adds, in every language: a re-upload recognises them. */
const ERROR_FILE_ROW = new Set(['原行号', 'originalrow', 'row'].map(normaliseHeader));
const ERROR_FILE_REASON = new Set(['错误原因', 'reason'].map(normaliseHeader));

export async function importPatents(db: Db, options: ImportOptions): Promise<ImportSummary> {
  authorize(
    options.actor,
    'inventory.import',
    options,
    `${options.actor?.personId} on ${options.institutionId}`,
  );
  // A deactivated institution takes no new imports (from chat too; the command line refuses earlier).
  const target = await db.institution.findUnique({ where: { id: options.institutionId } });
  // institutions.ts's deactivatedMessage, in its words; that module is not loaded for this one
  // sentence (its region tables cost an import command almost 30 MB of memory, bench/import).
  if (target?.deactivatedAt) {
    throw new Refusal(msg('institutions:refusal.deactivated', { code: target.code, name: target.nameZh }));
  }
  const log = (options.logger ?? defaultLogger).child({ institutionId: options.institutionId });
  const limits = options.limits ?? importLimits();
  const actorId = options.actor?.personId ?? null;
  const run = await db.importRun.create({
    data: {
      institutionId: options.institutionId,
      actorId,
      fileName: options.fileName,
      fileSha256: '',
      format: 'unknown',
      startedAt: options.clock.now(),
    },
  });
  const summary: ImportSummary = {
    importRunId: run.id,
    format: null,
    status: 'COMPLETED',
    totalRows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    warnings: [],
    warned: 0,
    changes: [],
    ambiguous: [],
    unassigned: 0,
    missingInventors: [],
    ignoredHeaders: [],
    fatal: null,
    errorFile: null,
  };
  const hash = createHash('sha256');
  let bytesRead = 0;
  let lastRow = 0;
  let errorFile: ErrorFileWriter | null = null;
  let session: BulkSession | null = null;
  let tables: StagingTables | null = null;
  // Chunks are stored one after another while the next is read and validated.
  let storing: Promise<void> = Promise.resolve();
  let finished = false;
  const started = machineTimeMs();
  let fraction: () => number | null = () => null;
  const progress = async () =>
    options.onProgress?.({
      rowsRead: summary.totalRows,
      bytesRead,
      totalBytes: options.totalBytes ?? null,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      failed: summary.failed,
      elapsedMs: machineTimeMs() - started,
      fraction: summary.status === 'COMPLETED' && finished ? 1 : fraction(),
    });

  try {
    // Refused before the file is opened (downloaded, for a chat upload) when its size says so.
    const tooLarge = uploadSizeProblem(options.totalBytes, limits);
    if (tooLarge) {
      summary.fatal = tooLarge.reason;
      return await finish();
    }
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytesRead += chunk.length;
        done(null, chunk);
      },
    });
    const source = await options.open();
    source.on('error', (error) => counter.destroy(error));
    const opened = await openRows(source.pipe(counter), limits);
    if (!opened.ok) {
      summary.fatal = opened.reason;
      return await finish();
    }
    summary.format = opened.format;
    fraction = opened.fraction;
    const iterator = opened.rows[Symbol.asyncIterator]();
    const scanned: SheetRow[] = [];
    const next = async (): Promise<SheetRow | null> => {
      const r = await iterator.next();
      if (r.done) return null;
      lastRow = r.value.rowNumber;
      return r.value;
    };
    // A read error while scanning a short file is reported after the rows read so far are imported.
    let readError: unknown = null;
    try {
      while (scanned.length < HEADER_SCAN_ROWS) {
        const row = await next();
        if (!row) break;
        if (!isBlankRow(row.cells)) scanned.push(row);
      }
    } catch (error) {
      readError = error;
    }
    if (readError instanceof FileRefused) {
      log.warn({ problem: readError.problem }, 'import: file refused');
      summary.fatal = readError.reason;
      return await finish();
    }
    const located = locateHeader(scanned.map((r) => r.cells));
    if (readError && !('mapping' in located)) {
      log.warn({ err: readError }, 'import: file unreadable');
      summary.fatal =
        lastRow === 0 ? msg('inventory:fatal.damaged') : msg('inventory:fatal.unreadable', { row: lastRow });
      return await finish();
    }
    if (!('mapping' in located)) {
      const missing = located.best?.missing ?? [];
      summary.fatal = msg('inventory:fatal.missing_headers', {
        missing: missing
          .map((f) => t(options.locale, `inventory:field.${f}`))
          .join(t(options.locale, 'inventory:list_separator')),
      });
      return await finish();
    }
    // A re-uploaded error file: its 原行号 column keeps the rows pointing at the original list,
    // and neither added column goes into the next error file.
    const sourceRowColumn = located.texts.findIndex((h) => ERROR_FILE_ROW.has(normaliseHeader(h)));
    const addedColumns = new Set(
      located.texts
        .map((h, i) =>
          ERROR_FILE_ROW.has(normaliseHeader(h)) || ERROR_FILE_REASON.has(normaliseHeader(h)) ? i : -1,
        )
        .filter((i) => i >= 0),
    );
    const added = new Set([...addedColumns].map((i) => located.texts[i]!.trim()));
    summary.ignoredHeaders = located.mapping.ignored.filter((h) => !added.has(h));
    const columns = [...located.mapping.columns];
    const present = new Set(located.mapping.columns.values());
    const headerOf = (field: Field | null) =>
      field === null ? null : (located.texts[columns.find(([, f]) => f === field)?.[0] ?? -1] ?? null);
    const keepCells = (cells: Cell[]) =>
      addedColumns.size === 0 ? cells : cells.filter((_, i) => !addedColumns.has(i));
    const displayRowOf = (row: SheetRow) => {
      if (sourceRowColumn < 0) return row.rowNumber;
      const value = Number(row.cells[sourceRowColumn]);
      return Number.isInteger(value) && value > 0 ? value : row.rowNumber;
    };

    session = await openBulkSession(db);
    tables = stagingTables(run.id);
    const ctx = await storeContext(db, options, run.id, session, tables);
    await createStaging(ctx, tables);
    const chunkSize = options.batchSize ?? DEFAULT_CHUNK;
    // Every application number of the file so far: a repeated one is rejected with its first row.
    const seen = new NumberSet();
    let pending: PendingRow[] = [];
    let invalid: FailedRow[] = [];
    const render = (issues: RowIssue[]) =>
      issues.map((i) => ({ column: headerOf(i.field), reason: i.reason }));

    const reject = async (failed: FailedRow) => {
      summary.failed++;
      const rendered = render(failed.issues);
      if (summary.errors.length < REPORT_LIMIT) {
        for (const r of rendered) summary.errors.push({ row: failed.displayRow, ...r });
      }
      if (options.errorFileBase) {
        if (!errorFile) {
          const format: ErrorFileFormat = summary.format === 'xlsx' ? 'xlsx' : 'csv';
          summary.errorFile = `${options.errorFileBase}.${format}`;
          const header = located.texts.filter((_, i) => !addedColumns.has(i));
          errorFile = createErrorFile(summary.errorFile, format, header, {
            row: t(options.locale, 'inventory:error_file.row'),
            reason: t(options.locale, 'inventory:error_file.reason'),
          });
        }
        const text = rendered
          .map((r) => (r.column ? `${r.column}: ` : '') + t(options.locale, r.reason.key, r.reason.params))
          .join('; ');
        await errorFile.add(failed.displayRow, keepCells(failed.cells), text);
      }
    };
    // A chunk is prepared (its stored patents read, rows decided) and written while the next one is
    // read and validated; chunks are prepared one after another (a contact person created for one
    // is found by the next), and on PostgreSQL two are written at once (bulk-session.ts). Outcomes
    // are counted and rejected rows reported in the order of the file.
    let preparing: Promise<unknown> = Promise.resolve();
    const inFlight: Promise<void>[] = [];
    const flush = async () => {
      const chunk = pending;
      const invalidRows = invalid;
      pending = [];
      invalid = [];
      const prepared = preparing.then(() => prepareChunk(ctx, chunk));
      preparing = prepared.catch(() => undefined);
      const written = prepared.then((p) => commitChunk(ctx, p));
      const previous = storing;
      storing = (async () => {
        // Settles only once this write and every one before it have (the session is released after).
        const [result] = await Promise.allSettled([written]);
        await previous;
        if (result.status === 'rejected') throw result.reason;
        const outcome = result.value;
        merge(summary, outcome);
        // Rows rejected here and by validation, in the order of the file.
        const failed = [...invalidRows, ...outcome.failed].sort((a, b) => a.rowNumber - b.rowNumber);
        for (const f of failed) await reject(f);
        await progress();
      })();
      // Awaited below and at the end; until then a failure must not count as unhandled.
      storing.catch(() => undefined);
      inFlight.push(storing);
      // At most one chunk per writer being written and one being prepared: memory stays bounded
      // whatever the database's speed.
      if (inFlight.length > ctx.session.writers) await inFlight.shift();
    };

    const handle = async (row: SheetRow) => {
      if (isBlankRow(row.cells)) return;
      // The row limit counts data rows; the rows before it are kept, like those of a truncated file.
      if (summary.totalRows >= limits.maxRows)
        throw new FileRefused('too_many_rows', { limit: limits.maxRows });
      summary.totalRows++;
      const displayRow = displayRowOf(row);
      const raw: Partial<Record<Field, Cell>> = {};
      for (const [index, field] of columns) raw[field] = row.cells[index] ?? null;
      const result = validateRow(raw, (f) => present.has(f));
      const first = result.ok ? seen.get(result.record.applicationNumber) : undefined;
      if (!result.ok) {
        invalid.push({ rowNumber: row.rowNumber, displayRow, cells: row.cells, issues: result.issues });
      } else if (first !== undefined) {
        invalid.push({
          rowNumber: row.rowNumber,
          displayRow,
          cells: row.cells,
          issues: [{ field: 'applicationNumber', reason: msg('inventory:row.duplicate', { row: first }) }],
        });
      } else {
        seen.add(result.record.applicationNumber, displayRow);
        let collegeId: string | null = null;
        if (result.record.college) {
          collegeId = ctx.colleges.get(collegeKey(result.record.college)) ?? null;
          if (!collegeId) {
            invalid.push({
              rowNumber: row.rowNumber,
              displayRow,
              cells: row.cells,
              issues: [
                {
                  field: 'college',
                  reason: msg('inventory:row.college_unknown', { value: result.record.college }),
                },
              ],
            });
            return;
          }
        }
        if (result.warnings.length > 0) {
          summary.warned++;
          addReported(summary.warnings, displayRow, render(result.warnings));
        }
        pending.push({
          rowNumber: row.rowNumber,
          displayRow,
          cells: row.cells,
          record: result.record,
          collegeId,
        });
      }
      if (pending.length + invalid.length >= chunkSize) await flush();
    };

    try {
      for (const row of scanned.slice(located.lastIndex + 1)) await handle(row);
      while (!readError) {
        let row: SheetRow | null;
        try {
          row = await next();
        } catch (error) {
          readError = error;
          break;
        }
        if (!row) break;
        await handle(row);
      }
    } catch (error) {
      // handle() throws the row limit; anything else (the database) is not the file's fault.
      if (!(error instanceof FileRefused)) throw error;
      readError = error;
      // Stops the reader (an XLSX's open temporary file) when the import stops early.
      await iterator.return?.(undefined).catch(() => undefined);
    }
    if (readError instanceof FileRefused) {
      // A limit met partway (a file whose sizes lied, a CSV longer than allowed): the chunk being
      // read is dropped, chunks already stored stay (a small file is refused whole).
      log.warn({ problem: readError.problem, lastRow }, 'import: file refused partway');
      summary.fatal = readError.reason;
      pending = [];
      invalid = [];
      await storing;
      if (summary.created + summary.updated + summary.unchanged + summary.failed === 0) {
        summary.warnings = [];
        summary.warned = 0;
      }
    } else if (readError) {
      // A truncated or damaged file: everything read so far is still imported.
      log.warn({ err: readError, lastRow }, 'import: file ended unexpectedly');
      summary.fatal = msg('inventory:fatal.truncated', { row: lastRow });
    }
    await flush();
    await storing;
    if (summary.totalRows === 0 && !summary.fatal) summary.fatal = msg('inventory:fatal.no_rows');
    return await finish();
  } catch (error) {
    log.error({ err: error, importRunId: run.id }, 'import failed');
    summary.fatal = msg('inventory:fatal.internal');
    // The session is released only once no chunk uses it any more.
    await storing.catch(() => undefined);
    await finish().catch(() => undefined);
    throw error;
  }

  async function finish(): Promise<ImportSummary> {
    finished = true;
    if (session) {
      const open = session;
      session = null;
      if (tables) await dropStaging({ session: open }, tables).catch(() => undefined);
      await open.release();
    }
    if (errorFile) await (errorFile as ErrorFileWriter).close();
    summary.status = summary.fatal ? 'FAILED' : 'COMPLETED';
    await recordRun(db, {
      runId: run.id,
      institutionId: options.institutionId,
      actorId,
      operator: options.actor === null,
      fileName: options.fileName,
      sha256: hash.digest('hex'),
      locale: options.locale,
      summary,
      finishedAt: options.clock.now(),
    });
    await progress();
    log.info({ importRunId: run.id, status: summary.status, rows: summary.totalRows }, 'import finished');
    return summary;
  }
}

function addReported(list: ReportedError[], row: number, items: { column: string | null; reason: Msg }[]) {
  for (const item of items) if (list.length < REPORT_LIMIT) list.push({ row, ...item });
}

/** Temporary table names of one import: PGlite's one session may run two imports at once. */
function stagingTables(runId: string): StagingTables {
  const tag = `${runId.replace(/-/g, '').slice(0, 12)}_${randomBytes(3).toString('hex')}`;
  return { writes: `import_writes_${tag}` };
}

function merge(s: ImportSummary, o: BatchOutcome): void {
  s.created += o.created;
  s.updated += o.updated;
  s.unchanged += o.unchanged;
  s.unassigned += o.unassigned;
  for (const c of o.changes) if (s.changes.length < REPORT_LIMIT) s.changes.push(c);
  for (const a of o.ambiguous) if (s.ambiguous.length < REPORT_LIMIT) s.ambiguous.push(a);
  for (const m of o.missing) if (s.missingInventors.length < REPORT_LIMIT) s.missingInventors.push(m);
}

async function storeContext(
  db: Db,
  options: ImportOptions,
  importRunId: string,
  session: BulkSession,
  tables: StagingTables,
): Promise<StoreContext> {
  const colleges = await db.institution.findMany({ where: { parentId: options.institutionId } });
  const collegeMap = new Map<string, string>();
  for (const c of colleges) {
    for (const name of [c.nameZh, c.nameEn, c.code]) if (name) collegeMap.set(collegeKey(name), c.id);
  }
  return {
    db,
    session,
    tables,
    institutionId: options.institutionId,
    colleges: collegeMap,
    collegeNames: new Map(colleges.map((c) => [c.id, c.nameZh])),
    directory: await PeopleDirectory.load(db, [options.institutionId, ...colleges.map((c) => c.id)]),
    actorId: options.actor?.personId ?? null,
    importRunId,
    now: () => options.clock.now(),
    newId: sequentialIds(options.clock.now()),
  };
}
