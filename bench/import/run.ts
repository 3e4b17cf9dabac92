// npm run bench:import [-- --rows 100000 --keep]
// Generates an XLSX patent list on the fly, imports it through the real importer (streaming read,
// validation, batched upserts, inventor linking) into a fresh PostgreSQL database, and loads the
// same rows with a raw COPY in the same run, for scale. Prints time, rows/s and peak memory.
// Database: DATABASE_URL's server, else TEST_POSTGRES_URL, else postgresql://postgres@127.0.0.1:5432.
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { systemClock } from '../../core/clock.ts';
import { openDatabase } from '../../core/db/database.ts';
import { importPatents } from '../../core/inventory/import.ts';
import { createLogger } from '../../core/logger.ts';
import { copyIn } from './copy-in.ts';
import { benchRow, HEADERS, sheetValues } from './rows.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } },
});
const ROWS = Number(values.rows);
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive whole number');

const serverUrl =
  process.env.DATABASE_URL ||
  process.env.TEST_POSTGRES_URL ||
  'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `revive_bench_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;

// The importer logs one line per run at info: keep the figures readable.
const logger = createLogger({ LOG_LEVEL: 'warn' });
// As `npm run import`: the clock only stamps the run and the rows (the dates in the file are fixed).
const clock = systemClock;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (ms: number) => `${Math.round(ROWS / (ms / 1000)).toLocaleString('en')} rows/s`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Samples memory every 20 ms: the peak is what a coordinator's server must have free. */
function memorySampler() {
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return { baseRss: base.rss, peakRss, peakHeap };
    },
  };
}

async function writeXlsx(file: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('专利清单');
  sheet.addRow(HEADERS).commit();
  for (let i = 1; i <= ROWS; i++) sheet.addRow(sheetValues(benchRow(i))).commit();
  sheet.commit();
  await workbook.commit();
}

function* csvChunks(make: (i: number) => string[]): Generator<Buffer> {
  let lines: string[] = [];
  for (let i = 1; i <= ROWS; i++) {
    lines.push(...make(i));
    if (lines.length >= 5000) {
      yield Buffer.from(lines.join(''));
      lines = [];
    }
  }
  if (lines.length > 0) yield Buffer.from(lines.join(''));
}

const csvLine = (values: (string | null)[]) =>
  `${values.map((v) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\n`;
const pgArray = (items: string[]) => `{${items.map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'revive-bench-'));
  await admin(`CREATE DATABASE "${dbName}"`);
  const db = await openDatabase({ kind: 'postgres', url: dbUrl.toString() });
  try {
    const institution = await db.prisma.institution.create({
      data: { code: 'BENCH', nameZh: '基准测试大学', kind: 'UNIVERSITY', province: '310000' },
    });

    const file = path.join(dir, 'patents.xlsx');
    let t0 = performance.now();
    await writeXlsx(file);
    const generateMs = performance.now() - t0;
    const size = (await stat(file)).size;

    const sampler = memorySampler();
    t0 = performance.now();
    const summary = await importPatents(db.prisma, {
      institutionId: institution.id,
      actor: null,
      fileName: 'patents.xlsx',
      open: async () => createReadStream(file),
      totalBytes: size,
      errorFileBase: path.join(dir, 'patents.errors'),
      locale: 'en',
      clock,
      batchSize: 1000,
      logger,
    });
    const importMs = performance.now() - t0;
    const memory = sampler.stop();
    if (summary.created !== ROWS || summary.failed !== 0) {
      throw new Error(
        `import did not create every row: ${JSON.stringify({ ...summary, errors: summary.errors.slice(0, 3) })}`,
      );
    }

    // Re-import: every row compared with the database, nothing written.
    t0 = performance.now();
    const again = await importPatents(db.prisma, {
      institutionId: institution.id,
      actor: null,
      fileName: 'patents.xlsx',
      open: async () => createReadStream(file),
      locale: 'en',
      clock,
      batchSize: 1000,
      logger,
    });
    const reimportMs = performance.now() - t0;
    if (again.unchanged !== ROWS) throw new Error(`re-import changed rows: ${again.updated} updated`);

    // The same rows with a raw COPY into tables shaped like Patent and PatentInventor.
    const client = new pg.Client({ connectionString: dbUrl.toString() });
    await client.connect();
    await client.query(`CREATE TABLE copy_patent (LIKE "Patent" INCLUDING DEFAULTS);
      CREATE TABLE copy_inventor (LIKE "PatentInventor" INCLUDING DEFAULTS)`);
    const ids = Array.from({ length: ROWS }, () => randomUUID());
    t0 = performance.now();
    await copyIn(
      client,
      `COPY copy_patent ("id","applicationNumber","publicationNumber","title","abstract","type","ipcCodes",
        "applicationDate","grantDate","legalStatus","patentees","institutionId","updatedAt") FROM STDIN WITH (FORMAT csv)`,
      csvChunks((i) => {
        const r = benchRow(i);
        return [
          csvLine([
            ids[i - 1]!,
            r.applicationNumber,
            r.publicationNumber,
            r.title,
            r.abstract,
            'INVENTION',
            pgArray(r.ipc),
            r.applicationDate,
            r.grantDate,
            'VALID',
            pgArray([r.patentee]),
            institution.id,
            new Date().toISOString(),
          ]),
        ];
      }),
    );
    await copyIn(
      client,
      `COPY copy_inventor ("patentId","position","name") FROM STDIN WITH (FORMAT csv)`,
      csvChunks((i) => benchRow(i).inventors.map((name, k) => csvLine([ids[i - 1]!, String(k + 1), name]))),
    );
    const copyMs = performance.now() - t0;
    const copied = await client.query('SELECT count(*)::int AS n FROM copy_patent');
    await client.end();

    const lines = [
      `Revive import benchmark · ${ROWS.toLocaleString('en')} rows · PostgreSQL ${dbUrl.host}`,
      `  XLSX generated           ${secs(generateMs)}  (${mb(size)} on disk)`,
      `  import (XLSX → Revive)   ${secs(importMs)}  ${rate(importMs)}  peak RSS ${mb(memory.peakRss)} (+${mb(memory.peakRss - memory.baseRss)} over start), peak heap ${mb(memory.peakHeap)}`,
      `  re-import (no changes)   ${secs(reimportMs)}  ${rate(reimportMs)}`,
      `  raw COPY (same rows)     ${secs(copyMs)}  ${rate(copyMs)}  (${copied.rows[0].n} patents + inventors, no validation)`,
      `  import / COPY            ${(importMs / copyMs).toFixed(1)}×`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
    if (!values.keep) await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    else process.stdout.write(`kept database ${dbName}\n`);
  }
}

await main();
