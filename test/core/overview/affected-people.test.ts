// Whose overview an audited change alters, on both databases, with the demo university: a patent's
// change reaches its inventor, the coordinators of its college and university, the province's bureau
// officer; a match push the staff of the enterprise it names; a roadshow its invitees; an export nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { type AuditedChange, affectedPeople } from '../../../core/overview/affected-people.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('affected people on %s', (kind) => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  const person = async (email: string) => (await db.prisma.person.findUniqueOrThrow({ where: { email } })).id;
  let ids: Record<'coordinator' | 'college' | 'bureau' | 'enterprise', string>;
  let patent: { id: string; institutionId: string };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
    ids = {
      coordinator: await person('wang.qiang@dhut.example.cn'),
      college: await person('li.na@dhut.example.cn'),
      bureau: await person('zhao.lei@sh-ip.example.cn'),
      enterprise: await person('chen.jing@hzcnxc.example.cn'),
    };
    patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: demo.inventorPersonId, collegeId: demo.collegeIds['DHUT-MSE'] },
    });
  }, 60_000);
  afterAll(() => db?.close());

  const change = (overrides: Partial<AuditedChange>): AuditedChange => ({
    actorId: null,
    action: 'self-assessment.submitted',
    subjectType: 'Patent',
    subjectId: patent.id,
    institutionId: patent.institutionId,
    ...overrides,
  });

  it('a patent’s change: its inventor, the college and university coordinators, the bureau; not the enterprise', async () => {
    const people = await affectedPeople(db.prisma, [change({ actorId: demo.inventorPersonId })]);
    // The demo's platform administrator oversees every institution.
    expect(people).toEqual(
      new Set([demo.inventorPersonId, ids.coordinator, ids.college, ids.bureau, demo.personas.admin]),
    );
  });

  it('a match push also reaches the staff of the enterprise it names', async () => {
    const people = await affectedPeople(db.prisma, [
      change({ action: 'match.pushed', details: { enterpriseId: demo.enterpriseId } }),
    ]);
    expect(people.has(ids.enterprise)).toBe(true);
    expect(people.has(demo.inventorPersonId)).toBe(true);
  });

  it('a roadshow reaches its invitees', async () => {
    const roadshow = await db.prisma.roadshow.create({
      data: {
        institutionId: demo.institutionId,
        title: '储能专利路演',
        startsAt: new Date(Date.UTC(2030, 0, 1)),
        createdById: ids.coordinator,
        invitations: { create: [{ personId: ids.enterprise }] },
      },
    });
    const people = await affectedPeople(db.prisma, [
      change({
        action: 'roadshow.published',
        subjectType: 'Roadshow',
        subjectId: roadshow.id,
        institutionId: demo.institutionId,
        actorId: ids.coordinator,
      }),
    ]);
    expect(people.has(ids.enterprise)).toBe(true);
    expect(people.has(ids.coordinator)).toBe(true);
  });

  it('an export changes nobody’s overview', async () => {
    const people = await affectedPeople(db.prisma, [
      change({
        action: 'export.inventory',
        subjectType: 'Institution',
        subjectId: demo.institutionId,
        actorId: ids.coordinator,
      }),
    ]);
    expect(people.size).toBe(0);
  });
});
