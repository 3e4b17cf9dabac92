import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { Refusal } from '../../../core/errors.ts';
import { type Actor, loadActor } from '../../../core/people/actor.ts';
import { roadshowCalendar } from '../../../core/roadshows/calendar.ts';
import {
  audienceOf,
  createRoadshow,
  invitationProgress,
  publishRoadshow,
} from '../../../core/roadshows/roadshows.ts';
import { expressInterest, respond } from '../../../core/roadshows/rsvp.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('roadshows on %s', (kind) => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let coordinator: Actor;
  let inventor: Actor;
  let patentIds: string[];
  const inAWeek = new Date(TEST_NOW.getTime() + 7 * 86_400_000);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
    coordinator = (await loadActor(db.prisma, demo.personas.coordinator))!;
    inventor = (await loadActor(db.prisma, demo.inventorPersonId))!;
    const patents = await db.prisma.patent.findMany({
      where: { responsibleInventorId: demo.inventorPersonId, ipcCodes: { isEmpty: false } },
      take: 2,
      orderBy: { applicationNumber: 'asc' },
    });
    patentIds = patents.map((p) => p.id);
  });
  afterAll(() => db?.close());

  const draft = (extra: Record<string, unknown> = {}) =>
    createRoadshow(db.prisma, coordinator, {
      institutionId: demo.institutionId,
      title: '新能源材料专利路演',
      startsAt: inAWeek,
      location: '东海理工大学科技园 A 座报告厅',
      patentIds,
      audience: { enterpriseIpc: ['H01M'], inventors: true },
      ...extra,
    });

  it('validates the event and refuses anyone but the institution’s coordinators', async () => {
    await expect(draft({ location: undefined })).rejects.toThrow(/place or an online link/);
    await expect(draft({ endsAt: new Date(inAWeek.getTime() - 1000) })).rejects.toThrow(/end must be after/);
    await expect(
      createRoadshow(db.prisma, inventor, {
        institutionId: demo.institutionId,
        title: '越权路演',
        startsAt: inAWeek,
        location: 'x',
        patentIds,
        audience: {},
      }),
    ).rejects.toBeInstanceOf(Refusal);
    const foreign = await db.prisma.institution.create({
      data: { code: 'OTHER', nameZh: '另一所大学', kind: 'UNIVERSITY', province: '320000' },
    });
    await expect(draft({ institutionId: foreign.id })).rejects.toBeInstanceOf(Refusal);
  });

  it('lets a coordinator of one of the institution’s colleges create a roadshow', async () => {
    const collegeCoordinator = (await loadActor(db.prisma, demo.personas['college-coordinator']))!;
    const roadshow = await createRoadshow(db.prisma, collegeCoordinator, {
      institutionId: demo.institutionId,
      title: '学院专场路演',
      startsAt: inAWeek,
      location: '材料学院报告厅',
      patentIds,
      audience: {},
    });
    expect(roadshow.createdById).toBe(collegeCoordinator.personId);
  });

  it('invites its audience exactly once, with reminders before the start, even when published twice', async () => {
    const roadshow = await draft();
    const audience = await audienceOf(db.prisma, roadshow.id);
    // the enterprise staff following H01M, and the featured patents' inventor
    expect(audience.map((a) => a.personId).sort()).toEqual(
      [demo.personas.enterprise, demo.inventorPersonId].sort(),
    );
    expect(await publishRoadshow(db.prisma, coordinator, roadshow.id, TEST_NOW)).toEqual({
      recipients: 2,
      newInvitations: 2,
    });
    expect(await publishRoadshow(db.prisma, coordinator, roadshow.id, TEST_NOW)).toEqual({
      recipients: 2,
      newInvitations: 0,
    });
    const deliveries = await db.prisma.delivery.findMany({
      where: { idempotencyKey: { startsWith: `roadshow:${roadshow.id}:` } },
    });
    const invitations = deliveries.filter((d) => d.kind === 'roadshow.invitation');
    expect(invitations).toHaveLength(2);
    // Invitations go out as soon as allowed: from the publishing clock's now.
    expect(invitations.every((d) => d.notBefore.getTime() === TEST_NOW.getTime())).toBe(true);
    const reminders = deliveries.filter((d) => d.kind === 'roadshow.reminder');
    expect(reminders).toHaveLength(4);
    expect(reminders.map((r) => inAWeek.getTime() - r.notBefore.getTime()).sort((a, b) => a - b)).toEqual([
      3600_000, 3600_000, 86_400_000, 86_400_000,
    ]);
    const followups = deliveries.filter((d) => d.kind === 'roadshow.followup');
    expect(followups.map((f) => f.notBefore.getTime() - inAWeek.getTime())).toEqual([7200_000, 7200_000]);
    expect(await invitationProgress(db.prisma, roadshow.id)).toEqual({
      sent: 0,
      failed: 0,
      remaining: 2,
      skipped: 0,
    });
    const audit = await db.prisma.auditLog.findMany({
      where: { subjectId: roadshow.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual([
      'roadshow.created',
      'roadshow.published',
      'roadshow.published',
    ]);
  });

  it('keeps the capacity, waitlists the rest, and gives a freed seat to the first on the waitlist', async () => {
    const roadshow = await draft({ capacity: 1 });
    await publishRoadshow(db.prisma, coordinator, roadshow.id, TEST_NOW);
    expect(await respond(db.prisma, demo.inventorPersonId, roadshow.id, 'YES', TEST_NOW)).toEqual({
      outcome: 'CONFIRMED',
      promoted: null,
    });
    expect(await respond(db.prisma, demo.personas.enterprise, roadshow.id, 'YES', TEST_NOW)).toEqual({
      outcome: 'WAITLISTED',
      promoted: null,
    });
    expect(await respond(db.prisma, demo.inventorPersonId, roadshow.id, 'NO', TEST_NOW)).toEqual({
      outcome: 'DECLINED',
      promoted: demo.personas.enterprise,
    });
    const seats = await db.prisma.invitation.findMany({ where: { roadshowId: roadshow.id } });
    expect(seats.filter((s) => s.rsvp === 'YES').map((s) => s.personId)).toEqual([demo.personas.enterprise]);
    expect(seats.every((s) => s.respondedAt?.getTime() === TEST_NOW.getTime())).toBe(true);
    expect(
      await db.prisma.delivery.count({
        where: { kind: 'roadshow.promoted', personId: demo.personas.enterprise },
      }),
    ).toBe(1);
  });

  it('gives the last seat to exactly one of two simultaneous answers', async () => {
    const roadshow = await draft({ capacity: 1 });
    await publishRoadshow(db.prisma, coordinator, roadshow.id, TEST_NOW);
    const outcomes = await Promise.all([
      respond(db.prisma, demo.inventorPersonId, roadshow.id, 'YES', TEST_NOW),
      respond(db.prisma, demo.personas.enterprise, roadshow.id, 'YES', TEST_NOW),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['CONFIRMED', 'WAITLISTED']);
  });

  it('records interest in a featured patent once, for invited people only', async () => {
    const roadshow = await draft();
    await publishRoadshow(db.prisma, coordinator, roadshow.id, TEST_NOW);
    const patentId = patentIds[0]!;
    expect(await expressInterest(db.prisma, demo.personas.enterprise, roadshow.id, patentId)).toEqual({
      outcome: 'CREATED',
    });
    expect(await expressInterest(db.prisma, demo.personas.enterprise, roadshow.id, patentId)).toEqual({
      outcome: 'EXISTS',
    });
    await expect(
      expressInterest(db.prisma, demo.personas.bureau, roadshow.id, patentId),
    ).rejects.toBeInstanceOf(Refusal);
    expect(await db.prisma.introduction.count({ where: { patentId, roadshowId: roadshow.id } })).toBe(1);
  });

  it('produces a calendar file', () => {
    const ics = roadshowCalendar({
      id: '00000000-0000-4000-8000-000000000001',
      title: '新能源材料专利路演',
      startsAt: new Date('2026-12-10T06:00:00Z'),
      endsAt: null,
      location: '杭州',
      onlineUrl: 'https://meeting.example.cn/123',
    });
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('DTSTART:20261210T060000Z');
    expect(ics).toContain('DTEND:20261210T080000Z');
    expect(ics).toContain('SUMMARY:新能源材料专利路演');
    expect(ics).toContain('UID:roadshow-00000000-0000-4000-8000-000000000001@revive');
  });
});
