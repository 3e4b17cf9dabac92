// A registration started from the public link and never submitted leaves a placeholder person;
// the nightly schedule forgets it after 30 days, and keeps everyone who became anything more.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { manualClock } from '../../../core/clock.ts';
import {
  ABANDONED_AFTER_MS,
  forgetAbandonedRegistrations,
} from '../../../core/enterprises/abandoned-registrations.ts';
import { SCHEDULES } from '../../../jobs/schedulers.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('abandoned enterprise registrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await db?.close();
  });

  const startRegistration = (userId: string, at: Date) => {
    const message: IncomingMessage = {
      channel: 'TELEGRAM',
      userId,
      chatIsPrivate: true,
      address: userId,
      languageHint: 'zh-CN',
      event: { kind: 'command', command: 'start', args: 'register' },
    };
    return createChatService({
      db: db.prisma,
      logger: pino({ level: 'silent' }),
      clock: manualClock(at),
    }).handle(message);
  };
  const personOf = async (userId: string) =>
    (
      await db.prisma.channelIdentity.findUnique({
        where: { channel_externalId: { channel: 'TELEGRAM', externalId: userId } },
      })
    )?.personId ?? null;

  it('forgets a registration left for 30 days, not a younger one, not one that became a member', async () => {
    const long = new Date(TEST_NOW.getTime() - ABANDONED_AFTER_MS - 60_000);
    const recent = new Date(TEST_NOW.getTime() - ABANDONED_AFTER_MS + 60_000);
    await startRegistration('7001', long);
    await startRegistration('7002', recent);
    await startRegistration('7003', long);
    const abandoned = (await personOf('7001'))!;
    const member = (await personOf('7003'))!;
    expect(abandoned).not.toBeNull();
    // 7003 went on to hold a role (here: invited as enterprise staff elsewhere).
    const enterprise = await db.prisma.enterprise.create({
      data: { name: '宁波示例有限公司', creditCode: '91330200MA2AAAAA0X', region: '330200' },
    });
    await db.prisma.roleAssignment.create({
      data: { personId: member, role: 'ENTERPRISE_STAFF', enterpriseId: enterprise.id },
    });

    // Through the schedule, as the worker runs it.
    const logger = pino({ level: 'silent' });
    const deps = { db: db.prisma, log: logger } as unknown as Parameters<
      (typeof SCHEDULES)['forget-abandoned-registrations']['run']
    >[0];
    expect(await SCHEDULES['forget-abandoned-registrations'].run(deps, TEST_NOW)).toBe(1);
    expect(await db.prisma.person.findUnique({ where: { id: abandoned } })).toBeNull();
    expect(await personOf('7001')).toBeNull();
    expect(await db.prisma.conversation.count({ where: { personId: abandoned } })).toBe(0);
    expect(await personOf('7002')).not.toBeNull();
    expect(await personOf('7003')).toBe(member);
    // Nothing more to forget; and the account can start again as the first time.
    expect(await forgetAbandonedRegistrations(db.prisma, TEST_NOW)).toBe(0);
    await startRegistration('7001', TEST_NOW);
    expect(await personOf('7001')).not.toBeNull();
  });
});
