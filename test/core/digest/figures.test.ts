import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestFigures } from '../../../core/digest/figures.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { type Fixture, PROVINCE, seedFixture } from './fixture.ts';

/** 10:00 on 1 June 2024 in Shanghai. */
const JUNE_1 = new Date('2024-06-01T02:00:00Z');

describe.each(DATABASE_KINDS)('digest figures on %s', (kind) => {
  let db: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    fx = await seedFixture(db.prisma);
  });
  afterAll(() => db?.close());

  it('counts a province by institution, as counted by hand', async () => {
    const f = await digestFigures(db.prisma, { kind: 'province', province: PROVINCE }, { now: JUNE_1 });
    const byCode = new Map(f.units.map((u) => [u.code, u]));
    expect(f.units.map((u) => u.code)).toEqual(['FX-C', 'FX-A', 'FX-B']); // furthest behind first
    expect(byCode.get('FX-A')).toMatchObject({
      total: 10,
      inventoried: 3,
      percent: 30,
      onTrack: true, // exactly 30 % meets the 30 % milestone
      awaitingScreening: 2,
      pooled: 1,
      evaluations: 1,
      expertEvaluations: 1,
      introductions: 1,
      deals: 1,
      dealAmount: 50,
      roadshows: 1,
      attendees: 2,
      daysLeft: 29,
      funnel: { pushed: 3, opened: 2, evaluated: 1, interested: 2, introduced: 1, deal: 1 },
    });
    expect(byCode.get('FX-B')).toMatchObject({ total: 0, inventoried: 0, onTrack: true, percent: 100 });
    expect(byCode.get('FX-C')).toMatchObject({
      total: 4,
      inventoried: 1,
      percent: 25,
      onTrack: false,
      missing: 1,
    });
    expect(f.totals).toMatchObject({
      total: 14,
      inventoried: 4,
      evaluations: 2,
      expertEvaluations: 1,
      deals: 2,
      dealAmount: 50,
      roadshows: 1,
      attendees: 2,
      funnel: { pushed: 4, opened: 3, evaluated: 2, interested: 2, introduced: 1, deal: 2 },
    });
    expect(f.byType).toEqual([
      expect.objectContaining({ type: 'DESIGN', total: 1 }),
      expect.objectContaining({ type: 'INVENTION', total: 10, inventoried: 4 }),
      expect.objectContaining({ type: 'UTILITY_MODEL', total: 3 }),
    ]);
    expect(f.byIndustry).toEqual([
      expect.objectContaining({ industry: 'next_generation_it', total: 2, inventoried: 2 }),
    ]);
  });

  it('counts an institution by college, the patents of no college apart', async () => {
    const f = await digestFigures(db.prisma, { kind: 'institution', institutionId: fx.a }, { now: JUNE_1 });
    const byId = new Map(f.units.map((u) => [u.id, u]));
    expect(byId.get(fx.a1)).toMatchObject({ total: 4, inventoried: 2, onTrack: true });
    expect(byId.get(fx.a2)).toMatchObject({ total: 3, inventoried: 1, onTrack: true });
    expect(byId.get(null)).toMatchObject({ total: 3, inventoried: 0, onTrack: false });
    expect(f.totals).toMatchObject({ total: 10, inventoried: 3, roadshows: 1 });
  });

  it('knows an empty province', async () => {
    const f = await digestFigures(db.prisma, { kind: 'province', province: '110000' }, { now: JUNE_1 });
    expect(f.units).toEqual([]);
    expect(f.totals).toMatchObject({ total: 0, inventoried: 0 });
  });
});
