import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POOLED_PATENTS } from '../../../core/demo/demo-data.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { campaignProgress } from '../../../core/progress/campaign-progress.ts';
import { bureauDigest, milestoneReminder } from '../../../core/progress/messages.ts';
import { enqueueBureauDigests } from '../../../core/reminders/bureau-digest.ts';
import { enqueueMilestoneReminders } from '../../../core/reminders/milestone-escalation.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('campaign progress and milestone escalation on %s', (kind) => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  const at = (month: number, day: number) => new Date(Date.UTC(demo.campaignYear, month - 1, day, 2));

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
  });
  afterAll(() => db?.close());

  it('measures the inventoried share against the next milestone, in local dates', async () => {
    const [dhut] = await campaignProgress(db.prisma, { now: at(6, 1) });
    // the demo's pooled patents are inventoried: fewer than the June milestone's 30 %
    const inventoried = DEMO_POOLED_PATENTS.length;
    expect(dhut).toMatchObject({ code: 'DHUT', total: 24, inventoried, onTrack: false });
    expect(dhut!.percent).toBeCloseTo((inventoried / 24) * 100, 0);
    expect(dhut!.milestone).toMatchObject({ dueDate: `${demo.campaignYear}-06-30`, targetPercent: 30 });
    expect(dhut!.daysLeft).toBe(29);
    // 23:30 on 30 June in Shanghai is still 30 June: the June milestone is the next one
    const lateJune30 = new Date(Date.UTC(demo.campaignYear, 5, 30, 15, 30));
    expect((await campaignProgress(db.prisma, { now: lateJune30 }))[0]!.milestone?.dueDate).toBe(
      `${demo.campaignYear}-06-30`,
    );
    const july1 = new Date(Date.UTC(demo.campaignYear, 5, 30, 16, 30));
    expect((await campaignProgress(db.prisma, { now: july1 }))[0]!.milestone?.dueDate).toBe(
      `${demo.campaignYear}-12-31`,
    );
  });

  it('escalates reminders stage by stage as the due date nears, once per person and stage', async () => {
    expect(await enqueueMilestoneReminders(db.prisma, at(11, 1))).toEqual({ enqueued: 0 });
    // 11 days before 31 December: inventor, college and university coordinators, not yet the bureau
    expect(await enqueueMilestoneReminders(db.prisma, at(12, 20))).toEqual({ enqueued: 3 });
    expect(await enqueueMilestoneReminders(db.prisma, at(12, 20))).toEqual({ enqueued: 0 });
    expect(await enqueueMilestoneReminders(db.prisma, at(12, 26))).toEqual({ enqueued: 1 });
    const recipients = await db.prisma.delivery.findMany({
      where: { kind: 'reminder.milestone' },
      select: { personId: true },
    });
    expect(recipients.map((r) => r.personId).sort()).toEqual(
      [
        demo.inventorPersonId,
        demo.personas['college-coordinator'],
        demo.personas.coordinator,
        demo.personas.bureau,
      ].sort(),
    );
  });

  it('renders the reminder from live progress and drops it once the institution is on track', async () => {
    const delivery = await db.prisma.delivery.findFirstOrThrow({ where: { kind: 'reminder.milestone' } });
    // Sent on 20 December: the December milestone is the next one.
    const content = {
      locale: 'zh-CN' as const,
      payload: delivery.payload,
      personId: delivery.personId,
      now: at(12, 20),
    };
    const message = await milestoneReminder.renderStored(db.prisma, content);
    expect(message?.text).toContain('东海理工大学');
    expect(message?.text).toContain('100%');
    await db.prisma.patent.updateMany({ data: { inventoryStatus: 'IN_POOL' } });
    expect(await milestoneReminder.renderStored(db.prisma, content)).toBeNull();
  });

  it('sends the bureau a digest of its province, while the officer still holds the role', async () => {
    const digest = await bureauDigest.renderStored(db.prisma, {
      locale: 'en',
      payload: { province: '310000' },
      personId: demo.personas.bureau,
      now: at(12, 7),
    });
    expect(digest?.text).toContain('24/24');
    expect(digest?.attachment?.fileName).toMatch(/\.xlsx$/);
    expect(digest?.image?.mimeType).toBe('image/png');
    // Not their province (or no longer): obsolete, not sent.
    expect(
      await bureauDigest.renderStored(db.prisma, {
        locale: 'en',
        payload: { province: '110000' },
        personId: demo.personas.bureau,
        now: at(12, 7),
      }),
    ).toBeNull();
  });

  it('enqueues one digest per recipient and ISO week, on Monday at 09:00 by default', async () => {
    // The first Monday of December, 09:00 in Shanghai (01:00 UTC).
    const monday = new Date(Date.UTC(demo.campaignYear, 11, 1, 1));
    while (monday.getUTCDay() !== 1) monday.setUTCDate(monday.getUTCDate() + 1);
    const first = await enqueueBureauDigests(db.prisma, monday);
    expect(first.enqueued).toBeGreaterThanOrEqual(1);
    expect(await enqueueBureauDigests(db.prisma, monday)).toEqual({ enqueued: 0 });
    expect(await enqueueBureauDigests(db.prisma, new Date(monday.getTime() + 3600_000))).toEqual({
      enqueued: 0,
    });
    expect(await enqueueBureauDigests(db.prisma, new Date(monday.getTime() + 7 * 86_400_000))).toEqual(first);
  });
});
