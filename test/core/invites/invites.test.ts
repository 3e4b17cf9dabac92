import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import { createInvite, hashToken, redeemInvite, revokeInvite } from '../../../core/invites/invites.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('invitations on %s', (kind) => {
  let db: TestDatabase;
  let personId: string;
  let institutionId: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const institution = await db.prisma.institution.create({
      data: { code: 'T', nameZh: '测试大学', kind: 'UNIVERSITY', province: '110000' },
    });
    institutionId = institution.id;
    personId = (await db.prisma.person.create({ data: { name: '刘洋', locale: 'zh-CN' } })).id;
  });
  afterAll(() => db?.close());

  const invite = (extra: Partial<Parameters<typeof createInvite>[1]> = {}) =>
    createInvite(db.prisma, { personId, role: 'INVENTOR', institutionId, now: TEST_NOW, ...extra });

  it('stores only a hash of the token, which fits a Telegram deep link', async () => {
    const { id, token } = await invite();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const row = await db.prisma.invite.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('binds the account through /start <token> in chat, grants the role, and shows the menu', async () => {
    const { token } = await invite();
    const chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    const replies = await chat.handle({
      channel: 'TELEGRAM',
      userId: '1001',
      chatIsPrivate: true,
      address: '1001',
      event: { kind: 'command', command: 'start', args: token },
    });
    expect(replies[0]!.text).toBe(t('zh-CN', 'chat:onboarding.welcome', { name: '刘洋' }));
    expect(replies.some((r) => r.slot === 'menu')).toBe(true);
    const identity = await db.prisma.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'TELEGRAM', externalId: '1001' } },
    });
    expect(identity).toMatchObject({ personId, address: '1001' });
    expect(
      await db.prisma.roleAssignment.count({ where: { personId, role: 'INVENTOR', institutionId } }),
    ).toBe(1);
    // the same account again is harmless; another account is refused
    expect(
      await redeemInvite(db.prisma, token, { channel: 'TELEGRAM', externalId: '1001' }, TEST_NOW),
    ).toEqual({
      outcome: 'ALREADY_BOUND',
      personId,
    });
    expect(
      await redeemInvite(db.prisma, token, { channel: 'TELEGRAM', externalId: '2002' }, TEST_NOW),
    ).toEqual({
      outcome: 'USED',
    });
  });

  it('refuses expired, revoked, unknown and malformed tokens, binding nothing', async () => {
    const slack = { channel: 'SLACK', externalId: 'T1:U1' } as const;
    const expired = await invite({ validDays: 1, now: new Date(TEST_NOW.getTime() - 2 * 86_400_000) });
    expect(await redeemInvite(db.prisma, expired.token, slack, TEST_NOW)).toEqual({ outcome: 'EXPIRED' });
    // Valid for one day from its creation: expired a day later, whatever the machine's clock says.
    const daily = await invite({ validDays: 1 });
    const dayLater = new Date(TEST_NOW.getTime() + 86_400_000);
    expect(await redeemInvite(db.prisma, daily.token, slack, dayLater)).toEqual({ outcome: 'EXPIRED' });
    const revoked = await invite();
    expect(await revokeInvite(db.prisma, revoked.id, null, TEST_NOW)).toBe(true);
    expect(await revokeInvite(db.prisma, revoked.id, null, TEST_NOW)).toBe(false);
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { id: revoked.id } })).revokedAt).toEqual(
      TEST_NOW,
    );
    expect(await redeemInvite(db.prisma, revoked.token, slack, TEST_NOW)).toEqual({ outcome: 'REVOKED' });
    expect(await redeemInvite(db.prisma, 'A'.repeat(32), slack, TEST_NOW)).toEqual({ outcome: 'UNKNOWN' });
    expect(await redeemInvite(db.prisma, "x' OR 1=1", slack, TEST_NOW)).toEqual({ outcome: 'UNKNOWN' });
    expect(await db.prisma.channelIdentity.count({ where: { channel: 'SLACK' } })).toBe(0);
  });

  it('lets exactly one of two simultaneous redemptions win', async () => {
    const { token } = await invite();
    const results = await Promise.all([
      redeemInvite(db.prisma, token, { channel: 'SLACK', externalId: 'T1:UA' }, TEST_NOW),
      redeemInvite(db.prisma, token, { channel: 'SLACK', externalId: 'T1:UB' }, TEST_NOW),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['BOUND', 'USED']);
  });

  it('does not let an account bound to one person take another person’s invitation', async () => {
    const other = await db.prisma.person.create({ data: { name: '孙悦' } });
    const { token } = await createInvite(db.prisma, {
      personId: other.id,
      role: 'INVENTOR',
      institutionId,
      now: TEST_NOW,
    });
    expect(
      await redeemInvite(db.prisma, token, { channel: 'TELEGRAM', externalId: '1001' }, TEST_NOW),
    ).toEqual({
      outcome: 'TAKEN',
    });
  });

  it('never redeems in a group chat', async () => {
    const { token } = await invite();
    const chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    const replies = await chat.handle({
      channel: 'TELEGRAM',
      userId: '3003',
      chatIsPrivate: false,
      event: { kind: 'command', command: 'start', args: token },
    });
    expect(replies[0]!.text).toBe(t('zh-CN', 'chat:group.private_only'));
    expect(
      await db.prisma.invite.count({ where: { tokenHash: hashToken(token), usedAt: { not: null } } }),
    ).toBe(0);
  });
});
