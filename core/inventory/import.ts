// Imports a patent list (CSV in UTF-8 or GBK, or XLSX) into an institution's inventory, streaming:
// rows are validated one by one and written in batches, so memory does not grow with the file.
// Bad rows are reported with their row number and reasons and go to an error file; good rows land,
// also when the file turns out to be truncated halfway.

import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { type Locale, msg, t } from '../i18n.ts';
import { deactivatedMessage } from '../institutions/institutions.ts';
import { logger as defaultLogger } from '../logger.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import { type Cell, isBlankRow, type SheetRow } from './cells.ts';
import { createErrorFile, type ErrorFileFormat, type ErrorFileWriter } from './error-file.ts';
import type { Field } from './headers.ts';
import { recordRun } from './import-run.ts';
import { type ImportSummary, REPORT_LIMIT } from './import-summary.ts';
import { HEADER_SCAN_ROWS, locateHeader } from './locate-header.ts';
import { PeopleDirectory } from './people-directory.ts';
import { readCsvRows } from './read-csv.ts';
import { readXlsxRows } from './read-xlsx.ts';
import { peek, sniffFormat } from './sniff.ts';
import { type BatchOutcome, collegeKey, storeBatch } from './store.ts';
import type { PendingRow, StoreContext } from './store-context.ts';
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
}

export interface ImportOptions {
  institutionId: string;
  actor: Operator;
  fileName: string;
  open(): Promise<NodeJS.ReadableStream>;
  totalBytes?: number | null;
  /** Where to write the rejected rows; its extension is replaced by the upload's (.csv / .xlsx). */
  errorFileBase?: string | null;
  /** Language of the reasons in the error file and the stored report. */
  locale: Locale;
  /** When rows were imported (created, changed) and the run started and finished. */
  clock: Clock;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  batchSize?: number;
  logger?: Logger;
}

export async function importPatents(db: Db, options: ImportOptions): Promise<ImportSummary> {
  authorize(
    options.actor,
    'inventory.import',
    options,
    `${options.actor?.personId} on ${options.institutionId}`,
  );
  // A deactivated institution takes no new imports (from chat too; the command line refuses earlier).
  const target = await db.institution.findUnique({ where: { id: options.institutionId } });
  if (target?.deactivatedAt) throw new Refusal(deactivatedMessage(target));
  const log = (options.logger ?? defaultLogger).child({ institutionId: options.institutionId });
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
  const progress = async () =>
    options.onProgress?.({
      rowsRead: summary.totalRows,
      bytesRead,
      totalBytes: options.totalBytes ?? null,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      failed: summary.failed,
    });

  try {
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytesRead += chunk.length;
        done(null, chunk);
      },
    });
    const source = await options.open();
    source.on('error', (error) => counter.destroy(error));
    const { head, stream } = await peek(source.pipe(counter));
    const sniffed = sniffFormat(head);
    if (!sniffed.ok) {
      summary.fatal = msg(`inventory:fatal.${sniffed.reason}`);
      return await finish();
    }
    summary.format = sniffed.format;
    const rows =
      sniffed.format === 'xlsx'
        ? readXlsxRows(stream)
        : readCsvRows(stream, sniffed.format === 'csv-gbk' ? 'gb18030' : 'utf8', head);

    const iterator = rows[Symbol.asyncIterator]();
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
    summary.ignoredHeaders = located.mapping.ignored;
    const columns = [...located.mapping.columns];
    const present = new Set(located.mapping.columns.values());
    const headerOf = (field: Field | null) =>
      field === null ? null : (located.texts[columns.find(([, f]) => f === field)?.[0] ?? -1] ?? null);

    const ctx = await storeContext(db, options, run.id);
    const seen = new Map<string, number>();
    let pending: PendingRow[] = [];
    const batchSize = options.batchSize ?? 500;

    const reject = async (rowNumber: number, cells: Cell[], issues: RowIssue[]) => {
      summary.failed++;
      const rendered = issues.map((i) => ({ column: headerOf(i.field), reason: i.reason }));
      if (summary.errors.length < REPORT_LIMIT) {
        for (const r of rendered) summary.errors.push({ row: rowNumber, ...r });
      }
      if (options.errorFileBase) {
        if (!errorFile) {
          const format: ErrorFileFormat = summary.format === 'xlsx' ? 'xlsx' : 'csv';
          summary.errorFile = `${options.errorFileBase}.${format}`;
          errorFile = createErrorFile(summary.errorFile, format, located.texts, {
            row: t(options.locale, 'inventory:error_file.row'),
            reason: t(options.locale, 'inventory:error_file.reason'),
          });
        }
        const text = rendered
          .map((r) => (r.column ? `${r.column}: ` : '') + t(options.locale, r.reason.key, r.reason.params))
          .join('; ');
        await errorFile.add(rowNumber, cells, text);
      }
    };
    const flush = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const outcome = await storeBatch(ctx, batch);
      merge(summary, outcome);
      for (const f of outcome.failed) await reject(f.rowNumber, f.cells, f.issues);
      await progress();
    };

    const handle = async (row: SheetRow) => {
      if (isBlankRow(row.cells)) return;
      summary.totalRows++;
      const raw: Partial<Record<Field, Cell>> = {};
      for (const [index, field] of columns) raw[field] = row.cells[index] ?? null;
      const result = validateRow(raw, (f) => present.has(f));
      if (!result.ok) return reject(row.rowNumber, row.cells, result.issues);
      const first = seen.get(result.record.applicationNumber);
      if (first !== undefined) {
        return reject(row.rowNumber, row.cells, [
          { field: 'applicationNumber', reason: msg('inventory:row.duplicate', { row: first }) },
        ]);
      }
      seen.set(result.record.applicationNumber, row.rowNumber);
      pending.push({ rowNumber: row.rowNumber, cells: row.cells, record: result.record });
      if (pending.length >= batchSize) await flush();
    };

    for (const row of scanned.slice(located.lastIndex + 1)) await handle(row);
    if (!readError) {
      try {
        for (let row = await next(); row; row = await next()) await handle(row);
      } catch (error) {
        readError = error;
      }
    }
    if (readError) {
      // A truncated or damaged file: everything read so far is still imported.
      log.warn({ err: readError, lastRow }, 'import: file ended unexpectedly');
      summary.fatal = msg('inventory:fatal.truncated', { row: lastRow });
    }
    await flush();
    return await finish();
  } catch (error) {
    log.error({ err: error, importRunId: run.id }, 'import failed');
    summary.fatal = msg('inventory:fatal.internal');
    await finish().catch(() => undefined);
    throw error;
  }

  async function finish(): Promise<ImportSummary> {
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

function merge(s: ImportSummary, o: BatchOutcome): void {
  s.created += o.created;
  s.updated += o.updated;
  s.unchanged += o.unchanged;
  s.unassigned += o.unassigned;
  for (const c of o.changes) if (s.changes.length < REPORT_LIMIT) s.changes.push(c);
  for (const a of o.ambiguous) if (s.ambiguous.length < REPORT_LIMIT) s.ambiguous.push(a);
  for (const m of o.missing) if (s.missingInventors.length < REPORT_LIMIT) s.missingInventors.push(m);
}

async function storeContext(db: Db, options: ImportOptions, importRunId: string): Promise<StoreContext> {
  const colleges = await db.institution.findMany({ where: { parentId: options.institutionId } });
  const collegeMap = new Map<string, string>();
  for (const c of colleges) {
    for (const name of [c.nameZh, c.nameEn, c.code]) if (name) collegeMap.set(collegeKey(name), c.id);
  }
  return {
    db,
    institutionId: options.institutionId,
    colleges: collegeMap,
    collegeNames: new Map(colleges.map((c) => [c.id, c.nameZh])),
    directory: await PeopleDirectory.load(db, [options.institutionId, ...colleges.map((c) => c.id)]),
    actorId: options.actor?.personId ?? null,
    importRunId,
    now: () => options.clock.now(),
  };
}
