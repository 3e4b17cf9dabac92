// One measured import, in a process of its own so that its peak memory is the import's alone:
// imports the list into the given database, imports it again (nothing changes), and prints one JSON
// line with the times and the process's peak resident memory (the kernel's count, not a sample).
//   node --import tsx bench/import/import-one.ts --file list.xlsx --rows 100000 --db <postgres URL | pglite>
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock.ts';
import { type Database, openDatabase } from '../../core/db/database.ts';
import { importPatents } from '../../core/inventory/import.ts';
import { createLogger } from '../../core/logger.ts';
import { limitHeapGrowth } from '../../scripts/cli-support.ts';

// As `npm run import` runs it (scripts/import/main.ts).
limitHeapGrowth();

const { values } = parseArgs({
  options: { file: { type: 'string' }, rows: { type: 'string' }, db: { type: 'string' } },
});
const file = values.file!;
const rows = Number(values.rows);
const logger = createLogger({ LOG_LEVEL: 'warn' });

// PGlite in a data directory of its own, as the server keeps it (DATA_DIR/pglite): in memory,
// Emscripten's file system copies a whole relation file each time the database extends it by
// fallocate, which a COPY does in steps (15 s of CPU instead of 9 s for 100 000 rows). Migrated
// here (not timed).
const pgliteDir = values.db === 'pglite' ? await mkdtemp(path.join(tmpdir(), 'revive-bench-pglite-')) : null;
const db: Database = await openDatabase(
  pgliteDir ? { kind: 'pglite', dataDir: pgliteDir } : { kind: 'postgres', url: values.db! },
);
try {
  const institution = await db.prisma.institution.create({
    data: { code: `BENCH${process.pid}`, nameZh: '基准测试大学', kind: 'UNIVERSITY', province: '310000' },
  });
  const size = (await stat(file)).size;
  const run = () =>
    importPatents(db.prisma, {
      institutionId: institution.id,
      actor: null,
      fileName: path.basename(file),
      open: async () => createReadStream(file),
      totalBytes: size,
      errorFileBase: `${file}.errors`,
      locale: 'en',
      // As `npm run import`: the clock only stamps the run and the rows (the file's dates are fixed).
      clock: systemClock,
      logger,
    });
  let t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const first = await run();
  const importMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const importCpuMs = (cpu.user + cpu.system) / 1000;
  if (first.created !== rows || first.failed !== 0) {
    throw new Error(
      `import did not create every row: ${JSON.stringify({ ...first, errors: first.errors.slice(0, 3) })}`,
    );
  }
  t0 = performance.now();
  const again = await run();
  const reimportMs = performance.now() - t0;
  if (again.unchanged !== rows)
    throw new Error(`re-import changed rows: ${again.updated} updated, ${again.failed} failed`);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ importMs, reimportMs, peakRss, importCpuMs })}\n`);
} finally {
  await db.close();
  if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
}
