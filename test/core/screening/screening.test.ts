// Screening on both databases: queues and counts per level, approve up to the resource pool, return
// with a comment (the inventor's assessment reopens), screen out, and who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSelfAssessment } from '../../../core/assessments/self-assessments.ts';
import { Refusal } from '../../../core/errors.ts';
import { loadActor } from '../../../core/people/actor.ts';
import { decide } from '../../../core/screening/decide.ts';
import { submissionDetail } from '../../../core/screening/detail.ts';
import { screeningCounts, screeningQueue } from '../../../core/screening/queue.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { createWorld, submittedPatent } from '../inventory/fixtures.ts';

let serial = 300000;
const nextSerial = () => ++serial;

describe.each(DATABASE_KINDS)('screening on %s', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.close());

  const refusalKey = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Refusal);
    return (error as Refusal).reason.key;
  };

  it('moves a submission college → university → resource pool, counting what waits at each level', async () => {
    const world = await createWorld(db.prisma);
    const a = await submittedPatent(db.prisma, world, nextSerial());
    await submittedPatent(db.prisma, world, nextSerial());

    expect(await screeningCounts(db.prisma, world.collegeCoordinator)).toEqual({ COLLEGE: 2, UNIVERSITY: 0 });
    // The college has its own coordinator: the university does not see its submissions yet.
    expect(await screeningCounts(db.prisma, world.coordinator)).toEqual({ COLLEGE: 0, UNIVERSITY: 0 });
    const queue = await screeningQueue(db.prisma, world.collegeCoordinator, 'COLLEGE');
    expect(queue.total).toBe(2);
    expect(queue.items[0]).toMatchObject({ inventorName: '张伟', collegeName: '材料学院' });

    const detail = await submissionDetail(db.prisma, world.collegeCoordinator, a, 'zh-CN');
    expect(detail.level).toBe('COLLEGE');
    expect(detail.answers.length).toBe(3);

    expect(
      await decide(db.prisma, world.collegeCoordinator, { patentId: a, outcome: 'APPROVED' }, TEST_NOW),
    ).toMatchObject({
      level: 'COLLEGE',
      status: 'COLLEGE_APPROVED',
    });
    expect(await screeningCounts(db.prisma, world.coordinator)).toEqual({ COLLEGE: 0, UNIVERSITY: 1 });
    // The college coordinator cannot take the university's decision.
    expect(
      await refusalKey(
        decide(db.prisma, world.collegeCoordinator, { patentId: a, outcome: 'APPROVED' }, TEST_NOW),
      ),
    ).toBe('screening:refusal.not_allowed');
    expect(
      await decide(db.prisma, world.coordinator, { patentId: a, outcome: 'APPROVED' }, TEST_NOW),
    ).toMatchObject({
      level: 'UNIVERSITY',
      status: 'IN_POOL',
    });
    // Already decided: a second tap is refused and records nothing.
    expect(
      await refusalKey(decide(db.prisma, world.coordinator, { patentId: a, outcome: 'APPROVED' }, TEST_NOW)),
    ).toBe('screening:refusal.not_waiting');
    const decisions = await db.prisma.screeningDecision.findMany({ where: { assessment: { patentId: a } } });
    expect(decisions.map((d) => [d.level, d.outcome])).toEqual([
      ['COLLEGE', 'APPROVED'],
      ['UNIVERSITY', 'APPROVED'],
    ]);
    const audits = await db.prisma.auditLog.findMany({
      where: { action: 'screening.decided', subjectId: a },
    });
    expect(audits).toHaveLength(2);
  });

  it('returns a submission with a comment; the inventor reopens it and resubmits to the college level', async () => {
    const world = await createWorld(db.prisma);
    const p = await submittedPatent(db.prisma, world, nextSerial());
    expect(
      await refusalKey(
        decide(
          db.prisma,
          world.collegeCoordinator,
          { patentId: p, outcome: 'RETURNED', comment: '  ' },
          TEST_NOW,
        ),
      ),
    ).toBe('screening:refusal.comment_required');
    await decide(
      db.prisma,
      world.collegeCoordinator,
      {
        patentId: p,
        outcome: 'RETURNED',
        comment: '请补充应用场景',
      },
      TEST_NOW,
    );
    const patent = await db.prisma.patent.findUniqueOrThrow({
      where: { id: p },
      include: { selfAssessments: true },
    });
    expect(patent.inventoryStatus).toBe('RETURNED');
    expect(patent.selfAssessments[0]!.status).toBe('RETURNED');
    // Sent back now by the clock: the inventor's nudges count from here.
    expect(patent.selfAssessments[0]!.updatedAt).toEqual(TEST_NOW);
    const decision = await db.prisma.screeningDecision.findFirstOrThrow({
      where: { assessmentId: patent.selfAssessments[0]!.id },
    });
    expect(decision).toMatchObject({
      outcome: 'RETURNED',
      comment: '请补充应用场景',
      deciderId: world.collegeCoordinator.personId,
      decidedAt: TEST_NOW,
    });

    const reopened = await openSelfAssessment(db.prisma, world.inventor, p, TEST_NOW);
    expect(reopened.status).toBe('DRAFT');
    expect(await screeningCounts(db.prisma, world.collegeCoordinator)).toEqual({ COLLEGE: 0, UNIVERSITY: 0 });
  });

  it('screens out, and lets the university stand in for patents without a college', async () => {
    const world = await createWorld(db.prisma);
    const p = await submittedPatent(db.prisma, world, nextSerial(), { collegeId: null });
    expect(await screeningCounts(db.prisma, world.collegeCoordinator)).toEqual({ COLLEGE: 0, UNIVERSITY: 0 });
    expect(await screeningCounts(db.prisma, world.coordinator)).toEqual({ COLLEGE: 1, UNIVERSITY: 0 });
    const result = await decide(
      db.prisma,
      world.coordinator,
      {
        patentId: p,
        outcome: 'SCREENED_OUT',
        comment: '已失效',
      },
      TEST_NOW,
    );
    expect(result.status).toBe('SCREENED_OUT');
  });

  it('refuses inventors, enterprises and other institutions\u2019 coordinators', async () => {
    const world = await createWorld(db.prisma);
    const p = await submittedPatent(db.prisma, world, nextSerial());
    for (const actor of [world.inventor, world.enterprise, world.otherCoordinator]) {
      expect(await refusalKey(decide(db.prisma, actor, { patentId: p, outcome: 'APPROVED' }, TEST_NOW))).toBe(
        'screening:refusal.not_allowed',
      );
      expect(await refusalKey(submissionDetail(db.prisma, actor, p, 'en'))).toBe(
        'screening:refusal.not_allowed',
      );
      expect(await screeningCounts(db.prisma, actor)).toEqual({ COLLEGE: 0, UNIVERSITY: 0 });
    }
    // Admins screen anywhere.
    const admin = await db.prisma.person.create({
      data: { name: 'Admin', roles: { create: { role: 'ADMIN' } } },
    });
    const adminActor = (await loadActor(db.prisma, admin.id))!;
    expect((await decide(db.prisma, adminActor, { patentId: p, outcome: 'APPROVED' }, TEST_NOW)).status).toBe(
      'COLLEGE_APPROVED',
    );
  });
});
