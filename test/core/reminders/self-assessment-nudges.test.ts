import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POOLED_PATENTS } from '../../../core/demo/demo-data.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import {
  enqueueSelfAssessmentNudges,
  NUDGE_CADENCE_DAYS,
} from '../../../core/reminders/self-assessment-nudges.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

const DAY = 86_400_000;
/** 张伟's 20 patents but those the demo took into the pool; the 4 without a responsible inventor are not his. */
const OPEN = 20 - DEMO_POOLED_PATENTS.length;
const NUDGE = 'reminder.self-assessment';

describe.each(DATABASE_KINDS)('self-assessment nudges on %s', (kind) => {
  let db: TestDatabase;
  let demo: DemoSeedResult;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
    // The nudges count from a patent's arrival: the demo's arrive at the test clock's time, not at
    // the machine's time the database stamped them with.
    await db.prisma.patent.updateMany({ data: { createdAt: TEST_NOW, updatedAt: TEST_NOW } });
  });
  afterAll(() => db?.close());

  const at = (days: number) => new Date(TEST_NOW.getTime() + days * DAY + 60_000);

  it('waits for the first interval, then nudges each open patent of a reachable inventor once', async () => {
    expect((await enqueueSelfAssessmentNudges(db.prisma, at(1))).enqueued).toBe(0);
    const first = await enqueueSelfAssessmentNudges(db.prisma, at(NUDGE_CADENCE_DAYS[0]));
    // 张伟's open patents: the pooled ones and those without a responsible inventor are not considered
    expect(first).toEqual({ considered: OPEN, enqueued: OPEN });
    expect((await enqueueSelfAssessmentNudges(db.prisma, at(NUDGE_CADENCE_DAYS[0]))).enqueued).toBe(0);
    const rows = await db.prisma.delivery.findMany({
      where: { personId: demo.inventorPersonId, kind: NUDGE },
    });
    expect(rows).toHaveLength(OPEN);
    expect(rows.every((r) => r.channel === 'TERMINAL')).toBe(true);
  });

  it('backs off, and stops for a patent once its self-assessment is submitted', async () => {
    const submitted = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: demo.inventorPersonId, inventoryStatus: 'NOT_STARTED' },
    });
    await db.prisma.patent.update({ where: { id: submitted.id }, data: { inventoryStatus: 'SUBMITTED' } });
    // the second nudge comes 5 days after the first, not 2
    const firstSent = NUDGE_CADENCE_DAYS[0];
    expect((await enqueueSelfAssessmentNudges(db.prisma, at(firstSent + 2))).enqueued).toBe(0);
    const second = await enqueueSelfAssessmentNudges(db.prisma, at(firstSent + NUDGE_CADENCE_DAYS[1]));
    expect(second.enqueued).toBe(OPEN - 1);
    expect(
      await db.prisma.delivery.count({
        where: { idempotencyKey: { startsWith: `reminder.self-assessment:${submitted.id}:` } },
      }),
    ).toBe(1);
  });

  it('stops after the last step of the cadence', async () => {
    let total = 0;
    for (let day = 10; day <= 400; day += 25)
      total += (await enqueueSelfAssessmentNudges(db.prisma, at(day))).enqueued;
    const perPatent = await db.prisma.delivery.groupBy({
      by: ['idempotencyKey'],
      where: { kind: NUDGE },
      _count: true,
    });
    expect(perPatent.length).toBeLessThanOrEqual((OPEN - 1) * NUDGE_CADENCE_DAYS.length + 1);
    expect(total).toBeGreaterThan(0);
    expect((await enqueueSelfAssessmentNudges(db.prisma, at(1000))).enqueued).toBe(0);
  });
});
