// Who gets the weekly digest when: Monday 09:00 (campaign time zone) by default, each person's
// weekday and hour otherwise, never when muted, once per scope and ISO week; the /digest setting.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { digestMuteAction, digestWeekdayAction } from '../../../core/digest/actions.ts';
import { enqueueBureauDigests } from '../../../core/reminders/bureau-digest.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { type Fixture, seedFixture } from './fixture.ts';

/** Monday 3 June 2024, 09:00 in Shanghai. */
const MONDAY_9 = new Date('2024-06-03T01:00:00Z');
const HOUR = 3600_000;
const WEEK = 7 * 24 * HOUR;

describe.each(DATABASE_KINDS)('weekly digest schedule on %s', (kind) => {
  let db: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    fx = await seedFixture(db.prisma);
  });
  afterAll(() => db?.close());

  const send = (userId: string, event: IncomingEvent) =>
    createChatService({
      db: db.prisma,
      logger: pino({ level: 'silent' }),
      clock: testClock(MONDAY_9),
    }).handle({
      channel: 'TERMINAL',
      userId,
      chatIsPrivate: true,
      event,
    });
  const kinds = async () =>
    (
      await db.prisma.delivery.findMany({
        where: { kind: { startsWith: 'digest.' } },
        select: { kind: true, personId: true },
      })
    )
      .map((d) => `${d.kind}:${d.personId === fx.officer ? 'officer' : 'coordinator'}`)
      .sort();

  it('sends on Monday at 09:00 by default, once a week', async () => {
    expect(await enqueueBureauDigests(db.prisma, new Date(MONDAY_9.getTime() - HOUR))).toEqual({
      enqueued: 0,
    });
    expect(await enqueueBureauDigests(db.prisma, MONDAY_9)).toEqual({ enqueued: 2 });
    expect(await kinds()).toEqual(['digest.bureau:officer', 'digest.institution:coordinator']);
    expect(await enqueueBureauDigests(db.prisma, MONDAY_9)).toEqual({ enqueued: 0 });
  });

  it('follows the weekday and hour a person chose, and mutes', async () => {
    await send('fx-bureau', { kind: 'action', action: digestWeekdayAction.to({ weekday: 3 }) });
    const hour = await send('fx-bureau', { kind: 'command', command: 'digest', args: '8' });
    expect(hour[0]!.text).toContain('08:00');
    await send('fx-coord', { kind: 'action', action: digestMuteAction.to({ muted: true }) });
    // Next Monday 09:00: the officer moved to Wednesday, the coordinator is muted.
    expect(await enqueueBureauDigests(db.prisma, new Date(MONDAY_9.getTime() + WEEK))).toEqual({
      enqueued: 0,
    });
    // Wednesday 08:00 local.
    const wednesday8 = new Date(MONDAY_9.getTime() + WEEK + 2 * 24 * HOUR - HOUR);
    expect(await enqueueBureauDigests(db.prisma, wednesday8)).toEqual({ enqueued: 1 });
    expect(await db.prisma.digestPreference.findUnique({ where: { personId: fx.officer } })).toMatchObject({
      weekday: 3,
      hour: 8,
      muted: false,
    });
  });
});
