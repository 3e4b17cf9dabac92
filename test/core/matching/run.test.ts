// A matching run on both databases: which pairs are recorded and pushed, to whom, exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReasons } from '../../../core/matching/reasons.ts';
import { runMatching } from '../../../core/matching/run.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { buildMatchingWorld, type MatchingWorld } from './fixtures.ts';

const NOW = new Date('2026-12-01T01:45:00Z');

describe.each(DATABASE_KINDS)('matching run on %s', (kind) => {
  let db: TestDatabase;
  let world: MatchingWorld;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    world = await buildMatchingWorld(db.prisma);
  });
  afterAll(() => db?.close());

  const matches = () =>
    db.prisma.matchPush.findMany({ where: { enterpriseId: world.enterpriseId }, orderBy: { score: 'desc' } });

  it('pushes the best pool patents above the relative cut-off, at most the cap per run', async () => {
    const run = await runMatching(db.prisma, { capPerEnterprise: 2, now: NOW });
    expect(run).toEqual({ enterprises: 1, matched: 2, pushed: 2, deliveries: 4 });
    const rows = await matches();
    expect(rows.map((m) => m.patentId)).toEqual([world.patents.electrolyte, world.patents.additive]);
    expect(rows[1]!.score).toBe(60);
    // The reasons add up to the score (text points depend on the pool's IDF, so are not fixed here).
    for (const row of rows) {
      const sum = parseReasons(row.reasons).reduce((total, r) => total + Math.round((r.points ?? 0) * 10), 0);
      expect(sum / 10).toBe(row.score);
    }
    expect(rows.every((m) => m.status === 'SENT' && m.pushedAt?.getTime() === NOW.getTime())).toBe(true);
    // Issue 16: the subgroup level is named, text evidence quotes where it was found, points add up.
    expect(parseReasons(rows[0]!.reasons)).toEqual([
      {
        kind: 'ipc',
        patent: 'H01M 10/0562',
        interest: 'H01M 10/05',
        level: 'subgroup',
        main: true,
        points: 60,
      },
      {
        kind: 'text',
        source: 'keyword',
        phrase: '固态电解质',
        title: ['固态电解质'],
        abstract: ['固态电解质'],
        points: expect.any(Number),
      },
      { kind: 'region', value: '330000', points: 4 },
    ]);
  });

  it('sends one delivery per reachable staff person, keyed by match and person', async () => {
    const rows = await matches();
    const deliveries = await db.prisma.delivery.findMany({ where: { kind: 'match.push' } });
    const expected = rows.flatMap((m) => [
      { key: `match:${m.id}:person:${world.staffZh}`, channel: 'TERMINAL' },
      { key: `match:${m.id}:person:${world.staffEn}`, channel: 'TELEGRAM' },
    ]);
    expect(deliveries.map((d) => ({ key: d.idempotencyKey, channel: d.channel })).sort(byKey)).toEqual(
      expected.sort(byKey),
    );
    expect(deliveries.every((d) => d.personId !== world.staffSilent)).toBe(true);
    const audits = await db.prisma.auditLog.findMany({ where: { action: 'match.pushed' } });
    expect(audits.map((a) => a.subjectId).sort()).toEqual(rows.map((m) => m.patentId).sort());
  });

  it('continues with the next best on the next run, never pushing a pair twice', async () => {
    const second = await runMatching(db.prisma, { capPerEnterprise: 2, now: NOW });
    expect(second).toMatchObject({ matched: 2, pushed: 2, deliveries: 4 });
    expect((await matches()).map((m) => m.patentId)).toEqual([
      world.patents.electrolyte,
      world.patents.additive,
      world.patents.network,
      world.patents.cathode,
    ]);
    const deliveries = await db.prisma.delivery.count();
    const third = await runMatching(db.prisma, { capPerEnterprise: 2, now: NOW });
    expect(third).toEqual({ enterprises: 1, matched: 0, pushed: 0, deliveries: 0 });
    expect(await db.prisma.delivery.count()).toBe(deliveries);
    expect(await db.prisma.auditLog.count({ where: { action: 'match.pushed' } })).toBe(4);
  });

  it('leaves out patents outside the pool, not valid, or under the threshold, and unreachable enterprises', async () => {
    const pushed = new Set((await db.prisma.matchPush.findMany()).map((m) => m.patentId));
    for (const key of ['submitted', 'lapsed', 'solar'] as const)
      expect(pushed.has(world.patents[key])).toBe(false);
    expect(await db.prisma.matchPush.count({ where: { enterpriseId: world.unreachableEnterpriseId } })).toBe(
      0,
    );
    // Without the relative cut-off (issue 16) a low threshold lets the class-and-province-only patent through.
    const lenient = await runMatching(db.prisma, { threshold: 5, relativeFloor: 0, now: NOW });
    expect(lenient.matched).toBe(1);
    expect(await db.prisma.matchPush.count({ where: { patentId: world.patents.solar } })).toBe(1);
  });

  it('finishes a push that a crashed run recorded but did not send', async () => {
    const patent = await db.prisma.patent.create({
      data: {
        applicationNumber: `2025${kind}.9`,
        title: 'Battery separator',
        type: 'UTILITY_MODEL',
        ipcCodes: ['H01M 50/40'],
        applicationDate: new Date('2025-01-01'),
        legalStatus: 'VALID',
        inventoryStatus: 'IN_POOL',
        patentees: [],
        institutionId: world.beijing,
      },
    });
    const stranded = await db.prisma.matchPush.create({
      data: { patentId: patent.id, enterpriseId: world.enterpriseId, score: 45, reasons: [] },
    });
    const run = await runMatching(db.prisma, { now: NOW });
    expect(run).toMatchObject({ matched: 0, pushed: 1, deliveries: 2 });
    const row = await db.prisma.matchPush.findUniqueOrThrow({ where: { id: stranded.id } });
    expect(row.status).toBe('SENT');
  });
});

const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);

describe.each(DATABASE_KINDS)('matching run on threads on %s', (kind) => {
  let db: TestDatabase;
  let world: MatchingWorld;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    world = await buildMatchingWorld(db.prisma);
  });
  afterAll(() => db?.close());

  it('records and pushes what a run on one thread does, run after run', async () => {
    const matches = () =>
      db.prisma.matchPush.findMany({
        where: { enterpriseId: world.enterpriseId },
        orderBy: { score: 'desc' },
      });
    const first = await runMatching(db.prisma, { capPerEnterprise: 2, now: NOW, threads: 2 });
    expect(first).toEqual({ enterprises: 1, matched: 2, pushed: 2, deliveries: 4 });
    expect((await matches()).map((m) => m.patentId)).toEqual([
      world.patents.electrolyte,
      world.patents.additive,
    ]);
    expect((await matches())[1]!.score).toBe(60);
    // Pairs pushed by the first run are left out of the second, on the threads too.
    await runMatching(db.prisma, { capPerEnterprise: 2, now: NOW, threads: 2 });
    expect((await matches()).map((m) => m.patentId)).toEqual([
      world.patents.electrolyte,
      world.patents.additive,
      world.patents.network,
      world.patents.cathode,
    ]);
  });
});
