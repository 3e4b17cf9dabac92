// /invite in the chat, on both databases: each kind of inviter issues the invitations the table
// lets them, through the same use case as the command line; the reply is what to hand on, and the
// invitee redeems it on Slack with /revive start <code>.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import { findActor } from '../../../core/people/actor.ts';
import type { Role } from '../../../prisma/generated/client.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('/invite in chat on %s', (kind) => {
  let db: TestDatabase;
  const ids = {} as Record<'u1' | 'mat' | 'u2' | 'e1', string>;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const p = db.prisma;
    ids.u1 = (
      await p.institution.create({
        data: { code: 'IC-U1', nameZh: '邀请大学', kind: 'UNIVERSITY', province: '330000' },
      })
    ).id;
    ids.mat = (
      await p.institution.create({
        data: {
          code: 'IC-U1-MAT',
          nameZh: '材料学院',
          kind: 'COLLEGE',
          province: '330000',
          parentId: ids.u1,
        },
      })
    ).id;
    ids.u2 = (
      await p.institution.create({
        data: { code: 'IC-U2', nameZh: '别处大学', kind: 'UNIVERSITY', province: '110000' },
      })
    ).id;
    ids.e1 = (
      await p.enterprise.create({ data: { name: '邀请企业', creditCode: 'ICE1', region: '330100' } })
    ).id;
    const person = async (
      key: string,
      roles: { role: Role; institutionId?: string; enterpriseId?: string; province?: string }[],
    ) =>
      p.person.create({
        data: {
          name: key,
          roles: { create: roles },
          identities: { create: { channel: 'TELEGRAM', externalId: key, address: key } },
        },
      });
    await person('coordinator', [{ role: 'UNIVERSITY_COORDINATOR', institutionId: ids.u1 }]);
    await person('bureau', [{ role: 'BUREAU_OFFICER', province: '330000' }]);
    await person('entadmin', [
      { role: 'ENTERPRISE_ADMIN', enterpriseId: ids.e1 },
      { role: 'ENTERPRISE_STAFF', enterpriseId: ids.e1 },
    ]);
    await person('inventor', [{ role: 'INVENTOR', institutionId: ids.u1 }]);
    await person('admin', [{ role: 'ADMIN' }]);
  }, 60_000);
  afterAll(() => db?.close());

  const chat = () =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  const send = (userId: string, args: string) =>
    chat().handle({
      channel: 'TELEGRAM',
      userId,
      chatIsPrivate: true,
      event: { kind: 'command', command: 'invite', args },
    });
  const tokenOf = (text: string) => text.match(/\/revive start ([A-Za-z0-9_-]{32})/)?.[1];

  it('a coordinator invites an inventor of their university; the invitee joins on Slack', async () => {
    const replies = await send('coordinator', 'inventor 张 三 zhang.san@ic.example.cn');
    expect(replies[0]!.text).toBe(t('zh-CN', 'invites:chat.created'));
    const text = replies[1]!.text;
    const token = tokenOf(text)!;
    expect(text).toContain(`/start ${token}`);
    expect(text).toContain('邀请大学');
    expect(text).not.toContain('npm run');
    const invite = await db.prisma.invite.findFirstOrThrow({
      where: { role: 'INVENTOR', institutionId: ids.u1 },
    });
    const person = await db.prisma.person.findUniqueOrThrow({ where: { id: invite.personId } });
    expect(person).toMatchObject({ name: '张 三', email: 'zhang.san@ic.example.cn' });

    const joined = await chat().handle({
      channel: 'SLACK',
      userId: 'T1:UZHANG',
      chatIsPrivate: true,
      event: { kind: 'command', command: 'start', args: token },
    });
    expect(joined[0]!.text).toBe(t('zh-CN', 'chat:onboarding.welcome', { name: '张 三' }));
    expect((await findActor(db.prisma, 'SLACK', 'T1:UZHANG'))!.roles.map((r) => r.role)).toEqual([
      'INVENTOR',
    ]);
  });

  it('a coordinator invites a college coordinator by the college’s code, an expert without one', async () => {
    expect(tokenOf((await send('coordinator', 'college MAT 李四'))[1]!.text)).toBeDefined();
    expect(
      await db.prisma.invite.count({ where: { role: 'COLLEGE_COORDINATOR', institutionId: ids.mat } }),
    ).toBe(1);
    expect(tokenOf((await send('coordinator', 'expert 专家甲'))[1]!.text)).toBeDefined();
    expect(await db.prisma.invite.count({ where: { role: 'EXPERT', institutionId: ids.u1 } })).toBe(1);
  });

  it('refuses what the table does not allow, with its message, creating nothing', async () => {
    const before = await db.prisma.invite.count();
    const refused = (replies: { text: string }[]) => replies[0]!.text;
    expect(refused(await send('coordinator', 'coordinator IC-U2 王五'))).toBe(
      `⛔ ${t('zh-CN', 'invites:refusal.not_allowed')}`,
    );
    expect(refused(await send('bureau', 'coordinator IC-U2 王五'))).toBe(
      `⛔ ${t('zh-CN', 'invites:refusal.not_allowed')}`,
    );
    expect(refused(await send('inventor', 'inventor 某人'))).toBe(
      `⛔ ${t('zh-CN', 'invites:refusal.not_allowed')}`,
    );
    expect(refused(await send('entadmin', 'inventor IC-U1 某人'))).toBe(
      `⛔ ${t('zh-CN', 'invites:refusal.not_allowed')}`,
    );
    expect(refused(await send('coordinator', 'inventor 某人 not-an-email@'))).toBe(
      `⛔ ${t('zh-CN', 'invites:refusal.email_invalid')}`,
    );
    expect(refused(await send('admin', 'college NOPE 某人'))).toBe(
      `⛔ ${t('zh-CN', 'invites:refusal.institution_unknown')}`,
    );
    expect(await db.prisma.invite.count()).toBe(before);
  });

  it('a bureau officer invites a coordinator in the province; an enterprise administrator a colleague', async () => {
    expect(
      tokenOf((await send('bureau', 'coordinator ic-u1 王五 wang.wu@ic.example.cn'))[1]!.text),
    ).toBeDefined();
    expect(
      await db.prisma.invite.count({ where: { role: 'UNIVERSITY_COORDINATOR', institutionId: ids.u1 } }),
    ).toBe(1);
    expect(tokenOf((await send('entadmin', 'staff 赵六'))[1]!.text)).toBeDefined();
    expect(await db.prisma.invite.count({ where: { role: 'ENTERPRISE_STAFF', enterpriseId: ids.e1 } })).toBe(
      1,
    );
  });

  it('explains itself: usage without a role, the institution code when it cannot be told', async () => {
    const usage = await send('coordinator', '');
    expect(usage[0]!.text).toContain('/invite');
    expect((await send('coordinator', 'wizard 某人'))[0]!.text).toBe(usage[0]!.text);
    expect((await send('admin', 'inventor 某人'))[0]!.text).toBe(t('zh-CN', 'invites:chat.no_scope'));
    expect(tokenOf((await send('admin', 'inventor IC-U2 某人'))[1]!.text)).toBeDefined();
  });
});
