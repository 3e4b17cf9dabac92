// The pool a run indexes: valid pool patents only, with the holder's province and the value grade of
// submitted expert evaluations; never the inventor's self-assessed grade (unpublished data that a
// pushed reason would show to enterprises).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPool } from '../../../core/matching/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('the matching pool', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(() => db?.close());

  it("holds valid pool patents with their province and their experts' grade, not the self-assessed one", async () => {
    const institution = await db.prisma.institution.create({
      data: { code: 'POOL', nameZh: '池大学', kind: 'UNIVERSITY', province: '330000' },
    });
    const person = await db.prisma.person.create({ data: { name: '李发明', locale: 'zh-CN' } });
    const patent = (n: number, over: object = {}) =>
      db.prisma.patent.create({
        data: {
          applicationNumber: `20241000000${n}.X`,
          title: `专利${n}`,
          type: 'INVENTION',
          ipcCodes: ['H01M 10/0562'],
          applicationDate: new Date('2024-01-01'),
          legalStatus: 'VALID',
          inventoryStatus: 'IN_POOL',
          patentees: [],
          institutionId: institution.id,
          ...over,
        },
      });
    const graded = await patent(1);
    const draft = await patent(2);
    await patent(3, { legalStatus: 'LAPSED' });
    await patent(4, { inventoryStatus: 'SUBMITTED' });
    for (const [p, status] of [
      [graded, 'SUBMITTED'],
      [draft, 'DRAFT'],
    ] as const) {
      await db.prisma.selfAssessment.create({
        data: {
          patentId: p.id,
          respondentId: person.id,
          questionnaireId: 'self-assessment',
          questionnaireVersion: 1,
          status,
          state: {},
          answers: { create: { questionId: 'valueGrade', value: 'good' } },
        },
      });
    }
    // 专利2: two submitted expert grades (A and C: the worse middle one counts) and one not submitted
    const expert = async (name: string) =>
      db.prisma.expert.create({
        data: { person: { create: { name, locale: 'zh-CN' } }, ipcFields: ['H01M'], keywords: [] },
      });
    for (const [name, grade, status] of [
      ['专家甲', 'A', 'SUBMITTED'],
      ['专家乙', 'C', 'SUBMITTED'],
      ['专家丙', 'A', 'ACCEPTED'],
    ] as const) {
      await db.prisma.expertEvaluationRequest.create({
        data: {
          patentId: draft.id,
          expertId: (await expert(name)).id,
          requestedById: person.id,
          status,
          dueAt: new Date('2026-12-15'),
          valueGrade: grade,
        },
      });
    }
    const pool = await loadPool(db.prisma);
    expect(pool.map((p) => [p.title, p.province, p.selfGrade ?? null, p.expertGrade ?? null])).toEqual([
      ['专利1', '330000', null, null],
      ['专利2', '330000', null, 'average'],
    ]);
  });
});
