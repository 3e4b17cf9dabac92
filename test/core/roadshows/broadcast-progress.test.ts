// The broadcast's progress as the coordinator sees it, on both databases: the outbox counts of a
// roadshow's invitations (and nothing of another roadshow's), the answers so far, the rendered
// message, an idempotent start, and a broadcast that is finished exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { type Actor, loadActor } from '../../../core/people/actor.ts';
import {
  finishBroadcast,
  openBroadcasts,
  progressMessages,
  startBroadcast,
} from '../../../core/roadshows/broadcast-progress.ts';
import { broadcastProgress, roadshowProgress } from '../../../core/roadshows/progress-message.ts';
import { createRoadshow } from '../../../core/roadshows/roadshows.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('broadcast progress on %s', (kind) => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let coordinator: Actor;
  let patentIds: string[];
  let extraPeople: string[];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
    coordinator = (await loadActor(db.prisma, demo.personas.coordinator))!;
    const patents = await db.prisma.patent.findMany({
      where: { responsibleInventorId: demo.inventorPersonId, ipcCodes: { isEmpty: false } },
      take: 1,
      orderBy: { applicationNumber: 'asc' },
    });
    patentIds = patents.map((p) => p.id);
    // Four more staff of the demo enterprise (it follows H01M): six invitees in all.
    extraPeople = [];
    for (let i = 1; i <= 4; i++) {
      const person = await db.prisma.person.create({
        data: {
          name: `员工${i}`,
          roles: { create: { role: 'ENTERPRISE_STAFF', enterpriseId: demo.enterpriseId } },
          identities: { create: { channel: 'TELEGRAM', externalId: String(880_000 + i) } },
        },
      });
      extraPeople.push(person.id);
    }
  });
  afterAll(() => db?.close());

  const roadshow = (title: string) =>
    createRoadshow(db.prisma, coordinator, {
      institutionId: demo.institutionId,
      title,
      startsAt: new Date(TEST_NOW.getTime() + 7 * 86_400_000),
      onlineUrl: 'https://meeting.example.cn/roadshow',
      patentIds,
      audience: { enterpriseIpc: ['H01M'], inventors: true },
    });
  const setStatus = (
    roadshowId: string,
    personIds: string[],
    status: 'SENT' | 'FAILED' | 'DEAD' | 'SKIPPED',
  ) =>
    db.prisma.delivery.updateMany({
      where: {
        kind: 'roadshow.invitation',
        personId: { in: personIds },
        idempotencyKey: { startsWith: `roadshow:${roadshowId}:` },
      },
      data: { status },
    });

  it('counts sent, failed and remaining invitations and the answers, for this roadshow only', async () => {
    const event = await roadshow('储能专利路演');
    const other = await roadshow('另一场路演');
    expect(await startBroadcast(db.prisma, coordinator, event.id, 'TELEGRAM', TEST_NOW)).toEqual({
      recipients: 6,
      newInvitations: 6,
    });
    // Once more (a replay): nobody is invited twice and there is still one progress message.
    await startBroadcast(db.prisma, coordinator, event.id, 'TELEGRAM', TEST_NOW);
    await startBroadcast(db.prisma, coordinator, other.id, 'TELEGRAM', TEST_NOW);
    const messages = await progressMessages(db.prisma, event.id);
    expect(messages.map((m) => [m.personId, m.channel])).toEqual([[coordinator.personId, 'TELEGRAM']]);

    expect(await broadcastProgress(db.prisma, event.id)).toMatchObject({
      sent: 0,
      failed: 0,
      remaining: 6,
      finished: false,
    });
    await setStatus(event.id, [extraPeople[0]!, extraPeople[1]!, extraPeople[2]!], 'SENT');
    await setStatus(event.id, [extraPeople[3]!], 'FAILED');
    await setStatus(event.id, [demo.inventorPersonId], 'DEAD');
    await db.prisma.invitation.updateMany({
      where: { roadshowId: event.id, personId: { in: [extraPeople[0]!, extraPeople[1]!] } },
      data: { rsvp: 'YES' },
    });
    await db.prisma.invitation.updateMany({
      where: { roadshowId: event.id, personId: extraPeople[2]! },
      data: { rsvp: 'MAYBE' },
    });
    expect(await broadcastProgress(db.prisma, event.id)).toEqual({
      sent: 3,
      failed: 2,
      remaining: 1,
      skipped: 0,
      rsvp: { yes: 2, waitlist: 0, maybe: 1, no: 0 },
      finished: false,
      queued: true,
    });
    expect((await broadcastProgress(db.prisma, other.id)).remaining).toBe(6);

    const message = await roadshowProgress.renderStored(db.prisma, {
      locale: 'zh-CN',
      payload: { roadshowId: event.id },
      personId: coordinator.personId,
      now: TEST_NOW,
    });
    expect(message!.text).toContain(
      t('zh-CN', 'roadshow:create.progress.sending', { sent: 3, failed: 2, remaining: 1 }),
    );
    expect(message!.text).toContain('邀请发送中：已发送 3，失败 2，剩余 1');

    await setStatus(event.id, [demo.personas.enterprise], 'SKIPPED');
    const done = await broadcastProgress(db.prisma, event.id);
    expect(done).toMatchObject({ remaining: 0, skipped: 1, finished: true });
    const final = await roadshowProgress.renderStored(db.prisma, {
      locale: 'en',
      payload: { roadshowId: event.id },
      personId: coordinator.personId,
      now: TEST_NOW,
    });
    expect(final!.text).toContain(
      t('en', 'roadshow:create.progress.finished', { sent: 3, failed: 2, skipped: 1 }),
    );
  });

  it('finishes a broadcast once, after which it is no longer followed', async () => {
    const event = await roadshow('收尾路演');
    await startBroadcast(db.prisma, coordinator, event.id, 'TELEGRAM', TEST_NOW);
    expect((await openBroadcasts(db.prisma)).map((r) => r.id)).toContain(event.id);
    const results = await Promise.all([
      finishBroadcast(db.prisma, event.id, TEST_NOW),
      finishBroadcast(db.prisma, event.id, TEST_NOW),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect((await openBroadcasts(db.prisma)).map((r) => r.id)).not.toContain(event.id);
    const stored = await db.prisma.roadshow.findUniqueOrThrow({ where: { id: event.id } });
    expect(stored.broadcastFinishedAt).toEqual(TEST_NOW);
  });
});
