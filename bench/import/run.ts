// npm run bench:import [-- --rows 100000 --million --no-pglite --keep]
// Side by side in one run, for a CSV and an XLSX list of the same generated rows (valid check
// characters; the XLSX as Excel writes it: shared strings after the sheet, dates as date cells):
//   - the import through the real importer (streaming read, validation, COPY into temporary tables,
//     set-based upserts, inventor linking) into a fresh PostgreSQL database, and the re-import of the
//     unchanged list, each in a process of its own whose peak resident memory is reported;
//   - a raw COPY of the same rows into the real tables (indexes, foreign keys; no program in between):
//     the import's speed as a share of COPY's is the figure (goal ≥ 0.25); and, for information, into
//     bare tables of the same shape (no index, no key);
//   - the same import into PGlite (goal: within 3× of PostgreSQL), unless --no-pglite;
//   - with --million, the peak memory of importing 1 000 000 rows (goal: no more than for 100 000).
// Database: DATABASE_URL's server, else TEST_POSTGRES_URL, else postgresql://postgres@127.0.0.1:5432.
// The upload limits are raised for the run (a 100 000-row CSV is over the default 20 MB).
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../../core/db/database.ts';
import { writeCsv, writeXlsx } from './files.ts';
import { benchRow } from './rows.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    million: { type: 'boolean', default: false },
    'no-pglite': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive whole number');

const serverUrl =
  process.env.DATABASE_URL ||
  process.env.TEST_POSTGRES_URL ||
  'postgresql://postgres@127.0.0.1:5432/postgres';
const LIMITS = {
  REVIVE_IMPORT_MAX_UPLOAD_MB: '4096',
  REVIVE_IMPORT_MAX_UNCOMPRESSED_MB: '16384',
  REVIVE_IMPORT_MAX_SHARED_STRINGS: '10000000',
  REVIVE_IMPORT_MAX_ROWS: '10000000',
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;
const databases: string[] = [];

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database on the server. */
async function freshDatabase(): Promise<string> {
  const name = `revive_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  databases.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: url.toString() });
  await db.close();
  return url.toString();
}

interface Measured {
  importMs: number;
  reimportMs: number;
  peakRss: number;
}

function importInChild(file: string, rows: number, db: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/import/import-one.ts', '--file', file, '--rows', String(rows), '--db', db],
      { cwd: ROOT, env: { ...process.env, ...LIMITS }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`import of ${path.basename(file)} failed (exit ${code})`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Measured);
    });
  });
}

const csvLine = (values: (string | null)[]) =>
  `${values.map((v) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\n`;
const pgArray = (items: string[]) => `{${items.map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;

function* chunks(rows: number, make: (i: number) => string): Generator<Buffer> {
  let batch = '';
  for (let i = 1; i <= rows; i++) {
    batch += make(i);
    if (i % 2000 === 0) {
      yield Buffer.from(batch);
      batch = '';
    }
  }
  if (batch) yield Buffer.from(batch);
}

/**
 * The same rows with a raw COPY, with `schema` into the real tables — the goal's reference: what
 * loading these rows into Revive's tables costs with no program in between, indexes and foreign keys
 * (a check per inventor row) included, as the issue measured it ("COPY of the same rows takes 2–7 s")
 * — or else into bare tables shaped like Patent and PatentInventor (no index, no key), for information:
 * no import into the real tables can come near it, since the server's own checks cost three times it.
 */
async function rawCopy(url: string, rows: number, schema = false): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let institution = randomUUID();
    if (schema) {
      institution = (
        await client.query(
          `INSERT INTO "Institution" (id, code, "nameZh", kind, province)
           VALUES ($1, 'COPY', '复制基准大学', 'UNIVERSITY', '310000') RETURNING id`,
          [institution],
        )
      ).rows[0].id;
    } else {
      await client.query(`CREATE TABLE copy_patent (LIKE "Patent" INCLUDING DEFAULTS);
        CREATE TABLE copy_inventor (LIKE "PatentInventor" INCLUDING DEFAULTS)`);
    }
    const [patentTable, inventorTable] = schema
      ? ['"Patent"', '"PatentInventor"']
      : ['copy_patent', 'copy_inventor'];
    const ids = Array.from({ length: rows }, () => randomUUID());
    const at = new Date(0).toISOString();
    const t0 = performance.now();
    await pipeline(
      Readable.from(
        chunks(rows, (i) => {
          const r = benchRow(i);
          return csvLine([
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
            institution,
            at,
          ]);
        }),
      ),
      client.query(
        copyFrom(`COPY ${patentTable} ("id","applicationNumber","publicationNumber","title","abstract","type","ipcCodes",
          "applicationDate","grantDate","legalStatus","patentees","institutionId","updatedAt") FROM STDIN WITH (FORMAT csv)`),
      ),
    );
    await pipeline(
      Readable.from(
        chunks(rows, (i) =>
          benchRow(i)
            .inventors.map((name, k) => csvLine([ids[i - 1]!, String(k + 1), name]))
            .join(''),
        ),
      ),
      client.query(
        copyFrom(`COPY ${inventorTable} ("patentId","position","name") FROM STDIN WITH (FORMAT csv)`),
      ),
    );
    return performance.now() - t0;
  } finally {
    await client.end();
  }
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'revive-bench-'));
  const lines = [
    `Revive import benchmark · ${ROWS.toLocaleString('en')} rows · PostgreSQL ${new URL(serverUrl).host}`,
  ];
  const print = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  process.stdout.write(`${lines[0]}\n`);
  try {
    const files = { CSV: path.join(dir, 'patents.csv'), XLSX: path.join(dir, 'patents.xlsx') };
    await writeCsv(files.CSV, ROWS);
    await writeXlsx(files.XLSX, ROWS);
    print(`  files: CSV ${mb((await stat(files.CSV)).size)}, XLSX ${mb((await stat(files.XLSX)).size)}`);

    const bareMs = await rawCopy(await freshDatabase(), ROWS);
    const copyMs = await rawCopy(await freshDatabase(), ROWS, true);
    print(
      `  raw COPY into the real tables (indexes, foreign keys): the reference  ${secs(copyMs)}  ${rate(ROWS, copyMs)}`,
    );
    print(
      `  raw COPY into bare tables (no index, no key), for information  ${secs(bareMs)}  ${rate(ROWS, bareMs)} · the real tables run at ${(bareMs / copyMs).toFixed(2)} of it`,
    );
    for (const [format, file] of Object.entries(files)) {
      const m = await importInChild(file, ROWS, await freshDatabase());
      print(
        `  ${format.padEnd(4)} import ${secs(m.importMs)} ${rate(ROWS, m.importMs)} · ratio to COPY ${(copyMs / m.importMs).toFixed(2)} (goal ≥ 0.25; to bare COPY ${(bareMs / m.importMs).toFixed(2)})` +
          ` · re-import ${secs(m.reimportMs)} · peak RSS ${mb(m.peakRss)} (goal ≤ 300 MB)`,
      );
      if (!values['no-pglite']) {
        const p = await importInChild(file, ROWS, 'pglite');
        print(
          `  ${format.padEnd(4)} PGlite import ${secs(p.importMs)} · ${(p.importMs / m.importMs).toFixed(1)}× PostgreSQL (goal ≤ 3×)` +
            ` · re-import ${secs(p.reimportMs)} · peak RSS ${mb(p.peakRss)}`,
        );
      }
    }
    if (values.million) {
      const million = 1_000_000;
      const big = { CSV: path.join(dir, 'million.csv'), XLSX: path.join(dir, 'million.xlsx') };
      await writeCsv(big.CSV, million);
      await writeXlsx(big.XLSX, million);
      for (const [format, file] of Object.entries(big)) {
        const m = await importInChild(file, million, await freshDatabase());
        print(
          `  ${format.padEnd(4)} 1,000,000 rows: import ${secs(m.importMs)} ${rate(million, m.importMs)} · re-import ${secs(m.reimportMs)}` +
            ` · peak RSS ${mb(m.peakRss)} (${mb((await stat(file)).size)} file)`,
        );
      }
    } else {
      print('  (1 000 000 rows: add --million)');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    for (const name of databases) {
      if (values.keep) process.stdout.write(`kept database ${name}\n`);
      else await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  }
}

await main();
