// Benchmark: matching at a province's scale (issue 16). Builds the pool index for --patents synthetic
// patents (data.ts), ranks the top --k for each of --enterprises enterprises with the indexed search,
// scores every patent for a sample of enterprises (exhaustive: the reference), and prints
//   build time, indexed time for all enterprises, exhaustive time per enterprise (and extrapolated to
//   all, measured in the same run), the speed-up, the recall of the indexed top-k against the
//   exhaustive one on the sample, memory, and — with --write — the time to write the pushes (5 per
//   enterprise) to PostgreSQL in bulk, as runMatching does.
//
//   npm run bench:matching [-- --patents 200000 --enterprises 10000 --sample 30 --threads 2 --write]
//
// --threads (default: one per core) is what a matching run uses (core/matching/index/search-threads.ts);
// --threads 1 builds and searches on the main thread alone.
//
// The defaults are the issue's size; --patents 20000 --enterprises 1000 runs in seconds.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Scored } from '../../core/matching/explain.ts';
import { buildPoolIndex } from '../../core/matching/index/pool-index.ts';
import { searchExhaustive, searchIndexed } from '../../core/matching/index/search.ts';
import {
  buildIndexOnThreads,
  defaultThreads,
  SearchThreads,
} from '../../core/matching/index/search-threads.ts';
import { buildQuery } from '../../core/matching/query.ts';
import { cutOff, DEFAULT_CUT_OFF } from '../../core/matching/rank.ts';
import { withRelatedFields } from '../../core/matching/related.ts';
import { insertMatches, type NewMatchRow } from '../../core/matching/run.ts';
import { generateEnterprises, generatePatents, subclasses } from './data.ts';

const { values } = parseArgs({
  options: {
    patents: { type: 'string', default: '200000' },
    enterprises: { type: 'string', default: '10000' },
    sample: { type: 'string', default: '30' },
    k: { type: 'string', default: '20' },
    write: { type: 'boolean', default: false },
    threads: { type: 'string', default: String(defaultThreads()) },
  },
});
const nPatents = Number(values.patents);
const nEnterprises = Number(values.enterprises);
const sample = Math.min(Number(values.sample), nEnterprises);
const k = Number(values.k);
const threads = Math.max(1, Number(values.threads));
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const subs = subclasses(600);
let t = performance.now();
let patents: ReturnType<typeof generatePatents> | null = generatePatents(nPatents, subs);
const profiles = generateEnterprises(nEnterprises, subs);
console.log(
  `data: ${nPatents} patents over ${subs.length} subclasses, ${nEnterprises} enterprises (${s(performance.now() - t)}); rss ${mb(process.memoryUsage().rss)}`,
);

t = performance.now();
const cpuBuild0 = process.cpuUsage();
const onThreads = threads > 1;
// As a matching run does, the patents are handed over and not kept: the index holds what it needs.
const take = () => {
  const handed = patents!;
  patents = null;
  return handed;
};
const index = onThreads ? await buildIndexOnThreads(take(), threads) : buildPoolIndex(take());
const pool = onThreads ? await SearchThreads.open(index, threads) : null;
const buildMs = performance.now() - t;
const buildCpu = process.cpuUsage(cpuBuild0);
global.gc?.();
const mem = process.memoryUsage();
console.log(
  `index: ${s(buildMs)} wall, ${s((buildCpu.user + buildCpu.system) / 1000)} CPU on ${threads} thread(s); ${index.termIds.size} terms, ${index.docIds.length} postings; rss ${mb(mem.rss)}, heap ${mb(mem.heapUsed)}, typed arrays ${mb(mem.arrayBuffers)}`,
);

t = performance.now();
const cpu0 = process.cpuUsage();
const results: number[][] = [];
let scored = 0;
const pushes: { enterprise: number; doc: number; score: number; reasons: string }[] = [];
// Only what a run keeps: the pushes (and, for the recall below, the sample's top k).
const keep = (e: number, hits: Scored[]) => {
  if (e < sample) results[e] = hits.map((h) => h.doc);
  for (const h of cutOff(hits, new Set(), DEFAULT_CUT_OFF)) {
    pushes.push({ enterprise: e, doc: h.doc, score: h.score, reasons: JSON.stringify(h.reasons) });
  }
};
if (pool) await pool.rank(profiles.length, (e) => ({ query: buildQuery(index, profiles[e]!), k }), keep);
else
  profiles.forEach((profile, e) => {
    const top = searchIndexed(index, withRelatedFields(index, buildQuery(index, profile)), k);
    scored += top.scored;
    keep(e, top.hits);
  });
const indexedMs = performance.now() - t;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
// The machine is shared: CPU time says what the search costs, wall time what this run got.
console.log(
  `indexed top-${k}: ${s(indexedMs)} wall, ${s(cpuMs)} CPU on ${threads} thread(s) for ${nEnterprises} enterprises (${(cpuMs / nEnterprises).toFixed(2)} ms CPU each${pool ? '' : `; ${Math.round(scored / nEnterprises)} patents scored exactly per enterprise`}); ${pushes.length} pushes above the cut-off`,
);
console.log(
  `a whole run (index + top-${k} for every enterprise): ${s(buildMs + indexedMs)} wall (goal ≤ 60 s); peak rss so far ${mb(process.resourceUsage().maxRSS * 1024)} (goal ≤ 1 GB)`,
);

await pool?.close();
t = performance.now();
const cpu1 = process.cpuUsage();
let same = 0;
let total = 0;
for (let e = 0; e < sample; e++) {
  const query = withRelatedFields(index, buildQuery(index, profiles[e]!));
  const exhaustive = searchExhaustive(index, query, k).hits.map((h) => h.doc);
  const indexed = new Set(results[e]!);
  same += exhaustive.filter((d) => indexed.has(d)).length;
  total += exhaustive.length;
}
const exhaustiveMs = (performance.now() - t) / Math.max(1, sample);
const cpuEx = process.cpuUsage(cpu1);
const exhaustiveCpuMs = (cpuEx.user + cpuEx.system) / 1000 / Math.max(1, sample);
console.log(
  `exhaustive: ${exhaustiveMs.toFixed(0)} ms wall, ${exhaustiveCpuMs.toFixed(0)} ms CPU per enterprise on a sample of ${sample} → ${s(exhaustiveCpuMs * nEnterprises)} CPU for all (extrapolated); speed-up ×${((exhaustiveMs * nEnterprises) / indexedMs).toFixed(1)} wall, ×${((exhaustiveCpuMs * nEnterprises) / cpuMs).toFixed(1)} CPU`,
);
console.log(
  `recall of the indexed top-${k} against the exhaustive one: ${(same / Math.max(1, total)).toFixed(4)} (${same}/${total})`,
);
console.log(`peak rss ${mb(process.resourceUsage().maxRSS * 1024)}`);

if (values.write) {
  const { createTestDatabase } = await import('../../test/support/databases.ts');
  const db = await createTestDatabase('postgres', { fresh: true });
  try {
    const institution = await db.prisma.institution.create({
      data: { code: 'BENCH', nameZh: '基准大学', kind: 'UNIVERSITY', province: '330000' },
    });
    const docs = [...new Set(pushes.map((p) => p.doc))];
    const patentIds = new Map(docs.map((d) => [d, randomUUID()]));
    const enterpriseIds = profiles.map(() => randomUUID());
    t = performance.now();
    for (let i = 0; i < docs.length; i += 5000) {
      const chunk = docs.slice(i, i + 5000);
      await db.prisma.$executeRaw`
        INSERT INTO "Patent" (id, "applicationNumber", title, type, "ipcCodes", "applicationDate", "legalStatus", patentees, "institutionId", "inventoryStatus", "updatedAt")
        SELECT v.id, v.num, v.title, 'INVENTION', '{}', '2020-01-01', 'VALID', '{}', ${institution.id}::uuid, 'IN_POOL', now()
        FROM unnest(${chunk.map((d) => patentIds.get(d)!)}::uuid[], ${chunk.map((d) => `B${d}`)}::text[],
          ${chunk.map((d) => index.doc(d).patent.title)}::text[]) AS v(id, num, title)`;
    }
    for (let i = 0; i < enterpriseIds.length; i += 5000) {
      const chunk = enterpriseIds.slice(i, i + 5000);
      await db.prisma.$executeRaw`
        INSERT INTO "Enterprise" (id, name, "creditCode", region, types, "ipcInterests", keywords, status)
        SELECT v.id, v.id::text, v.id::text, '330100', '{}', '{}', '{}', 'VERIFIED'
        FROM unnest(${chunk}::uuid[]) AS v(id)`;
    }
    console.log(
      `write: setup of ${docs.length} patents and ${enterpriseIds.length} enterprises ${s(performance.now() - t)}`,
    );
    const rows: NewMatchRow[] = pushes.map((p) => ({
      id: randomUUID(),
      patentId: patentIds.get(p.doc)!,
      enterpriseId: enterpriseIds[p.enterprise]!,
      score: p.score,
      reasons: p.reasons,
    }));
    t = performance.now();
    const created = await insertMatches(db.prisma, rows);
    console.log(`write: ${created} pushes (MatchPush rows with reasons) in ${s(performance.now() - t)}`);
  } finally {
    await db.close();
  }
}
