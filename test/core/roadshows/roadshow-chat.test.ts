// Roadshow invitations as people receive them, and their answers through the chat service.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { chatFilesDir, removeChatFile } from '../../../core/chat/files.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { loadActor } from '../../../core/people/actor.ts';
import { enqueueScreeningReminders } from '../../../core/reminders/screening-waiting.ts';
import { roadshowFollowup, roadshowInvitation, roadshowReminder } from '../../../core/roadshows/messages.ts';
import { createRoadshow, publishRoadshow } from '../../../core/roadshows/roadshows.ts';
import { screeningReminder } from '../../../core/screening/messages.ts';
import { decodeAction } from '../../support/actions.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('roadshow invitations in chat', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let roadshowId: string;
  let patentIds: string[];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
    const coordinator = (await loadActor(db.prisma, demo.personas.coordinator))!;
    patentIds = (
      await db.prisma.patent.findMany({ where: { responsibleInventorId: demo.inventorPersonId }, take: 2 })
    ).map((p) => p.id);
    const roadshow = await createRoadshow(db.prisma, coordinator, {
      institutionId: demo.institutionId,
      title: '储能专利路演',
      startsAt: new Date('2030-03-05T06:00:00Z'),
      onlineUrl: 'https://meeting.example.cn/42',
      capacity: 50,
      patentIds,
      audience: { enterpriseIpc: ['H01M'] },
    });
    roadshowId = roadshow.id;
    await publishRoadshow(db.prisma, coordinator, roadshowId, TEST_NOW);
  });
  afterAll(() => db?.close());

  const chat = () =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  const content = (locale: 'zh-CN' | 'en' = 'zh-CN') => ({
    locale,
    payload: { roadshowId },
    personId: demo.personas.enterprise,
    now: TEST_NOW,
  });

  it('shows the event in the recipient’s time zone with RSVP buttons carrying ids only', async () => {
    const message = (await roadshowInvitation.renderStored(db.prisma, content()))!;
    expect(message.text).toContain('储能专利路演');
    expect(message.text).toContain('2030年3月5日 14:00'); // 06:00 UTC in Shanghai
    expect(message.text).toContain('https://meeting.example.cn/42');
    const actions = message.buttons!.flat().map((b) => decodeAction(b.action));
    expect(actions).toEqual([
      { type: 'rsvp', roadshowId, answer: 'YES' },
      { type: 'rsvp', roadshowId, answer: 'MAYBE' },
      { type: 'rsvp', roadshowId, answer: 'NO' },
      { type: 'calendar', roadshowId },
    ]);
    expect(message.buttons!.flat().every((b) => Buffer.byteLength(b.action) <= 64)).toBe(true);
  });

  it('records the answer pressed in chat and sends the calendar file', async () => {
    const rsvp = message((await roadshowInvitation.renderStored(db.prisma, content()))!, 0);
    const replies = await chat().handle({
      channel: 'TERMINAL',
      userId: 'enterprise',
      chatIsPrivate: true,
      event: { kind: 'action', action: rsvp },
    });
    expect(replies[0]!.text).toBe(t('zh-CN', 'roadshow:rsvp.confirmed'));
    const invitation = await db.prisma.invitation.findUniqueOrThrow({
      where: { roadshowId_personId: { roadshowId, personId: demo.personas.enterprise } },
    });
    expect(invitation.rsvp).toBe('YES');
    // reminders no longer carry RSVP buttons once answered
    expect((await roadshowReminder.renderStored(db.prisma, content()))!.buttons).toBeUndefined();

    const calendar = await chat().handle({
      channel: 'TERMINAL',
      userId: 'enterprise',
      chatIsPrivate: true,
      event: { kind: 'action', action: `rc:${roadshowId}` },
    });
    const file = calendar[0]!.attachment!;
    expect(file.mimeType).toBe('text/calendar');
    expect(await readFile(file.path, 'utf8')).toContain('DTSTART:20300305T060000Z');
    // Not a guessable name in the shared temporary directory: a private directory of its own.
    expect(file.fileName).toBe('roadshow.ics');
    expect(path.dirname(path.dirname(file.path))).toBe(chatFilesDir());
    expect((await stat(path.dirname(file.path))).mode & 0o777).toBe(0o700);
    expect(calendar[0]!.text).not.toContain(path.dirname(file.path));
    await removeChatFile(file.path);
  });

  it('refuses an RSVP from someone who was not invited', async () => {
    const replies = await chat().handle({
      channel: 'TERMINAL',
      userId: 'bureau',
      chatIsPrivate: true,
      event: { kind: 'action', action: `rv:Y:${roadshowId}` },
    });
    expect(replies[0]!.text).toContain(t('zh-CN', 'roadshow:refusal.not_invited'));
  });

  it('after the event, turns one tap into an introduction for the coordinator', async () => {
    const followup = (await roadshowFollowup.renderStored(db.prisma, content('en')))!;
    const interest = message(followup, 0);
    expect(decodeAction(interest)).toEqual({ type: 'interest', patentId: patentIds[0] });
    const replies = await chat().handle({
      channel: 'TERMINAL',
      userId: 'enterprise',
      chatIsPrivate: true,
      event: { kind: 'action', action: interest },
    });
    expect(replies[0]!.text).toBe(t('zh-CN', 'roadshow:interest.recorded'));
    expect(await db.prisma.introduction.count({ where: { roadshowId, patentId: patentIds[0] } })).toBe(1);
  });

  it('reminds coordinators weekly of waiting screening, and not when nothing waits', async () => {
    expect(await enqueueScreeningReminders(db.prisma, TEST_NOW)).toEqual({ enqueued: 0 });
    await db.prisma.patent.update({ where: { id: patentIds[0] }, data: { inventoryStatus: 'SUBMITTED' } });
    const first = await enqueueScreeningReminders(db.prisma, TEST_NOW);
    expect(first.enqueued).toBeGreaterThanOrEqual(1);
    expect(await enqueueScreeningReminders(db.prisma, TEST_NOW)).toEqual({ enqueued: 0 });
    const text = (await screeningReminder.renderStored(db.prisma, {
      locale: 'zh-CN',
      payload: {},
      personId: demo.personas['college-coordinator'],
      now: TEST_NOW,
    }))!.text;
    expect(text).toContain(t('zh-CN', 'progress:screening.reminder', { college: 1, university: 0 }));
  });
});

function message(m: { buttons?: { action: string }[][] }, index: number): string {
  return m.buttons!.flat()[index]!.action;
}
