// Benchmark: every province's weekly digest — figures (SQL aggregates, one pass per province), the
// chart (PNG) and the XLSX — over a national data set generated in PostgreSQL.
//
//   npm run bench:digest                                   # 100 000 patents, 300 institutions
//   npm run bench:digest -- --patents 1000000 --institutions 3000   # the size; goal ≤ 5 s
//   (--passes N: figures in N statements at once, default 2; --concurrency N: XLSX files at once)
//
// Prints the time of each phase and the figures (national totals, each province's coverage and how
// many of its institutions are behind). PostgreSQL only: a database of its own, dropped afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chartInput, renderChartPngs } from '../../core/digest/chart.ts';
import { type DigestFigures, provinceDigestFigures } from '../../core/digest/figures.ts';
import { digestText } from '../../core/digest/message.ts';
import { writeDigestWorkbook } from '../../core/digest/workbook.ts';
import { t } from '../../core/i18n.ts';
import { createTestDatabase } from '../../test/support/databases.ts';
import { MAINLAND, seedDigestBench } from './seed.ts';

const { values } = parseArgs({
  options: {
    patents: { type: 'string', default: '100000' },
    institutions: { type: 'string', default: '300' },
    /** XLSX files written at once. */
    concurrency: { type: 'string', default: '4' },
    /** Statements run at once for the figures (groups of provinces). */
    passes: { type: 'string', default: '2' },
  },
});
const size = {
  patents: Math.max(1000, Math.trunc(Number(values.patents)) || 100_000),
  institutions: Math.max(31, Math.trunc(Number(values.institutions)) || 300),
};
const concurrency = Math.max(1, Math.trunc(Number(values.concurrency)) || 4);
const passes = Math.min(31, Math.max(1, Math.trunc(Number(values.passes)) || 2));
/** 10:00 on Monday 3 June 2024 in Shanghai: before the June milestone. */
const NOW = new Date('2024-06-03T02:00:00Z');
const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function inPool<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await run(items[i]!);
      }
    }),
  );
  return results;
}

const db = await createTestDatabase('postgres');
const dir = await mkdtemp(path.join(os.tmpdir(), 'revive-digest-bench-'));
try {
  out(
    `Seeding ${size.patents} patents across ${size.institutions} institutions in ${MAINLAND.length} provinces…`,
  );
  await seedDigestBench(db.prisma, size, out);

  const cpuStart = process.cpuUsage();
  const started = performance.now();
  // One pass over the patents per group of provinces (one group per database core by default):
  // PostgreSQL runs each statement on one core.
  const groups = Array.from({ length: passes }, (_, k) => MAINLAND.filter((_, i) => i % passes === k));
  const passesDone = await Promise.all(
    groups.map((g) =>
      provinceDigestFigures(
        db.prisma,
        g.map((p) => p.code),
        { now: NOW },
      ),
    ),
  );
  const byProvince = new Map(passesDone.flatMap((m) => [...m]));
  const figures: DigestFigures[] = MAINLAND.map((p) => byProvince.get(p.code)!);
  const figuresMs = performance.now() - started;
  const chartStart = performance.now();
  const pngs = await renderChartPngs(
    figures.map((f, i) =>
      chartInput(f, t('zh-CN', 'digest:chart.title', { name: MAINLAND[i]!.zh, date: f.today }), 'zh-CN'),
    ),
  );
  const chartsMs = performance.now() - chartStart;
  const xlsxStart = performance.now();
  await inPool(figures, concurrency, (f) =>
    writeDigestWorkbook(
      f,
      path.join(dir, `${f.scope.kind === 'province' ? f.scope.province : 'x'}.xlsx`),
      'zh-CN',
    ),
  );
  const xlsxMs = performance.now() - xlsxStart;
  const texts = figures.map((f, i) => digestText(f, MAINLAND[i]!.zh, null, 'zh-CN'));
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);

  out('');
  out(`figures (SQL, ${passes} passes)     ${seconds(figuresMs)}`);
  out(
    `charts (${pngs.length} PNG, ${Math.round(pngs.reduce((s, p) => s + p.length, 0) / 1024)} KiB)  ${seconds(chartsMs)}`,
  );
  out(`XLSX (${figures.length} files)            ${seconds(xlsxMs)}`);
  out(`all ${MAINLAND.length} provinces             ${seconds(totalMs)}  (goal ≤ 5 s at 1 000 000 patents)`);
  out(
    `  this process's CPU: ${seconds((cpu.user + cpu.system) / 1000)}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.availableParallelism()} cores (other work on the machine slows the wall time)`,
  );
  out(
    `longest message: ${Math.max(...texts.map((x) => x.length))} characters (Telegram 4 096, Slack block 3 000)`,
  );
  const sum = (pick: (f: DigestFigures) => number) => figures.reduce((s, f) => s + pick(f), 0);
  out('');
  out(
    `national: ${sum((f) => f.totals.inventoried)}/${sum((f) => f.totals.total)} in scope inventoried, ` +
      `${sum((f) => f.totals.pooled)} pooled, ${sum((f) => f.totals.evaluations)} evaluations, ` +
      `${sum((f) => f.totals.introductions)} introductions, ${sum((f) => f.totals.deals)} deals ` +
      `(${Math.round(sum((f) => f.totals.dealAmount))} 万元), ${sum((f) => f.totals.roadshows)} roadshows`,
  );
  const funnel = (k: keyof DigestFigures['totals']['funnel']) => sum((f) => f.totals.funnel[k]);
  out(
    `funnel: pushed ${funnel('pushed')} → opened ${funnel('opened')} → evaluated ${funnel('evaluated')} → ` +
      `interested ${funnel('interested')} → introduced ${funnel('introduced')} → deal ${funnel('deal')}`,
  );
  out('');
  out('province          institutions  behind  coverage');
  figures.forEach((f, i) => {
    out(
      `${MAINLAND[i]!.zh.padEnd(8, '　')}  ${String(f.units.length).padStart(12)}  ${String(
        f.units.filter((u) => !u.onTrack).length,
      ).padStart(6)}  ${f.totals.percent}%`,
    );
  });
} finally {
  await rm(dir, { recursive: true, force: true });
  await db.close();
}
