// The enterprise's way in, end to end through the chat service on the terminal channel: an unknown
// account opens the public link (`/start register`), answers the questions one by one (each checked
// as typed), reviews and submits; the bureau officer of its province verifies with one tap; its
// administrator edits the profile with /profile. On both databases.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { registerEnterprise } from '../../../core/enterprises/enterprises.ts';
import { enterprisePending } from '../../../core/enterprises/messages.ts';
import { t } from '../../../core/i18n.ts';
import { understoodNeeds } from '../../../core/matching/understood.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { creditCode, type Officials, officials, personWithRole, withWrongCheck } from './fixtures.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n---\n');
const actions = (replies: OutgoingMessage[]) =>
  replies.flatMap((r) => (r.buttons ?? []).flat().map((b) => b.action));

describe.each(DATABASE_KINDS)('enterprise registration in chat on %s', (kind) => {
  let db: TestDatabase;
  let people: Officials;
  const newcomer = `newcomer-${kind}`;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    people = await officials(db.prisma);
  });
  afterAll(() => db?.close());

  const chat = () =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  const as = (userId: string, chatIsPrivate = true) => ({
    command: (command: string, args = '') =>
      chat().handle({
        channel: 'TERMINAL',
        userId,
        chatIsPrivate,
        languageHint: 'zh-CN',
        event: { kind: 'command', command, args },
      }),
    text: (text: string) =>
      chat().handle({ channel: 'TERMINAL', userId, chatIsPrivate, event: { kind: 'text', text } }),
    press: (action: string) =>
      chat().handle({ channel: 'TERMINAL', userId, chatIsPrivate, event: { kind: 'action', action } }),
  });

  it('an unknown account is told how to join, and the public link works in private chats only', async () => {
    expect(texts(await as(newcomer).text('你好'))).toBe(zh('chat:onboarding.unknown'));
    expect(texts(await as(newcomer, false).command('start', 'register'))).toBe(zh('chat:group.private_only'));
    expect(await db.prisma.channelIdentity.count({ where: { externalId: newcomer } })).toBe(0);
  });

  it('registers from the public link, question by question, with a review, and tells the bureau', async () => {
    const user = as(newcomer);
    // An enterprise already registered by someone else, for the duplicate below.
    const owner = await personWithRole(db.prisma, '老管理员', null);
    const taken = creditCode();
    await registerEnterprise(
      db.prisma,
      owner,
      { name: '已注册公司', creditCode: taken, region: '330100' },
      TEST_NOW,
    );

    let replies = await user.command('start', 'register');
    expect(replies[0]!.text).toBe(zh('enterprises:register.intro'));
    expect(texts(replies)).toContain(zh('enterprises:q.personName.label'));
    const identity = await db.prisma.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'TERMINAL', externalId: newcomer } },
    });
    expect(identity).toMatchObject({
      allRoles: false,
      grantedRoles: ['ENTERPRISE_STAFF', 'ENTERPRISE_ADMIN'],
    });
    expect(await db.prisma.roleAssignment.count({ where: { personId: identity.personId } })).toBe(0);

    replies = await user.text('李经理');
    expect(texts(replies)).toContain(zh('enterprises:q.name.label'));
    replies = await user.text('某');
    expect(texts(replies)).toContain(zh('enterprises:error.name_short'));
    replies = await user.text('杭州固能电池有限公司');
    expect(texts(replies)).toContain(zh('enterprises:q.creditCode.label'));

    const code = creditCode();
    replies = await user.text(withWrongCheck(code));
    expect(texts(replies)).toContain(
      zh('enterprises:error.credit_code.check_digit', { code: withWrongCheck(code) }),
    );
    replies = await user.text(taken);
    expect(texts(replies)).toContain(zh('enterprises:refusal.already_registered'));
    expect(
      await db.prisma.delivery.count({
        where: { kind: 'enterprise.duplicate-registration', personId: owner.personId },
      }),
    ).toBe(1);
    replies = await user.text(code.toLowerCase());
    expect(texts(replies)).toContain(zh('enterprises:q.region.label'));

    replies = await user.text('火星');
    expect(texts(replies)).toContain(zh('enterprises:error.region_unknown', { text: '火星' }));
    replies = await user.text('杭州');
    expect(texts(replies)).toContain(zh('enterprises:q.types.label'));

    // Multiple choice by buttons: tick, then done.
    expect(actions(replies)).toContain('q:t:types:highTech');
    await user.press('q:t:types:highTech');
    await user.press('q:t:types:specializedSme');
    replies = await user.press('q:ok:types');
    expect(texts(replies)).toContain(zh('enterprises:q.industries.label'));
    replies = await user.text('3, 6');
    expect(texts(replies)).toContain(zh('enterprises:q.ipcInterests.label'));

    // A symbol that is not one is refused (words search the classification: ipc-picker.test.ts).
    replies = await user.text('h01m, Z9');
    expect(texts(replies)).toContain(zh('enterprises:error.ipc', { code: 'Z9' }));
    replies = await user.text('h01m, G06N 3/04');
    expect(texts(replies)).toContain(zh('enterprises:q.keywords.label'));
    replies = await user.text('固态电池、储能');
    expect(texts(replies)).toContain(zh('enterprises:q.needs.label'));
    replies = await user.command('skip');

    // The review shows the answers as they will be stored, then submit.
    const review = texts(replies);
    expect(review).toContain(zh('questionnaire-ui:review.heading'));
    expect(review).toContain('H01M, G06N 3/04');
    expect(review).toContain(code);
    expect(review).toContain('330100');
    expect(await db.prisma.enterprise.count({ where: { creditCode: code } })).toBe(0);
    replies = await user.press('q:submit');
    expect(replies[0]!.text).toContain(
      zh('enterprises:register.submitted', { name: '杭州固能电池有限公司' }),
    );
    expect(replies[0]!.text).toContain(zh('enterprises:register.pending_hint'));

    const enterprise = await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: code } });
    expect(enterprise).toMatchObject({
      name: '杭州固能电池有限公司',
      region: '330100',
      status: 'PENDING',
      types: ['SPECIALIZED_SME', 'HIGH_TECH'],
      industries: ['new_materials', 'new_energy'],
      ipcInterests: ['H01M', 'G06N 3/04'],
      keywords: ['固态电池', '储能'],
      needs: null,
    });
    const person = await db.prisma.person.findUniqueOrThrow({
      where: { id: identity.personId },
      include: { roles: true },
    });
    expect(person.name).toBe('李经理');
    expect(person.roles.map((r) => [r.role, r.enterpriseId]).sort()).toEqual([
      ['ENTERPRISE_ADMIN', enterprise.id],
      ['ENTERPRISE_STAFF', enterprise.id],
    ]);
    const asked = await db.prisma.delivery.findMany({ where: { kind: 'enterprise.pending' } });
    expect(
      asked
        .filter((d) => (d.payload as { enterpriseId: string }).enterpriseId === enterprise.id)
        .map((d) => d.personId),
    ).toEqual([people.zhejiang.personId]);
    // A second tap on submit, or /register again: nothing new.
    expect(texts(await user.command('register'))).toBe(
      zh('enterprises:register.already_member', {
        name: enterprise.name,
        status: zh('enterprises:status.PENDING'),
      }),
    );
    expect(await db.prisma.enterprise.count({ where: { creditCode: code } })).toBe(1);
  });

  it('the bureau officer of its province verifies with one tap; another province’s cannot', async () => {
    const enterprise = await db.prisma.enterprise.findFirstOrThrow({
      where: { name: '杭州固能电池有限公司' },
    });
    const message = (await enterprisePending.renderStored(db.prisma, {
      locale: 'zh-CN',
      payload: { enterpriseId: enterprise.id },
      personId: people.zhejiang.personId,
      now: TEST_NOW,
    }))!;
    const [verify] = actions([message]);
    expect(verify).toBe(`env:${enterprise.id}`);

    const refused = await as(people.beijing.userId).press(verify!);
    expect(refused[0]!.text).toBe(`⛔ ${zh('enterprises:refusal.not_your_province')}`);
    const stranger = await as(newcomer).press(verify!);
    expect(stranger[0]!.text).toBe(`⛔ ${zh('enterprises:refusal.not_your_province')}`);
    expect((await db.prisma.enterprise.findUniqueOrThrow({ where: { id: enterprise.id } })).status).toBe(
      'PENDING',
    );

    const done = await as(people.zhejiang.userId).press(verify!);
    expect(done[0]!.text).toBe(zh('enterprises:verify.done', { name: enterprise.name }));
    expect(await db.prisma.enterprise.findUniqueOrThrow({ where: { id: enterprise.id } })).toMatchObject({
      status: 'VERIFIED',
      verifiedById: people.zhejiang.personId,
      verifiedAt: TEST_NOW,
    });
    // Tapped again: said, not done twice.
    expect((await as(people.zhejiang.userId).press(verify!))[0]!.text).toBe(
      zh('enterprises:verify.already', { name: enterprise.name }),
    );
    expect(
      await db.prisma.auditLog.count({ where: { action: 'enterprise.verified', subjectId: enterprise.id } }),
    ).toBe(1);
  });

  it('/enterprises lists what waits in the officer’s province, and Reject asks once more', async () => {
    const registrant = await personWithRole(db.prisma, '待驳回', null);
    const { enterprise } = await registerEnterprise(
      db.prisma,
      registrant,
      { name: '宁波某某科技有限公司', creditCode: creditCode(), region: '330200' },
      TEST_NOW,
    );
    const listed = await as(people.zhejiang.userId).command('enterprises');
    expect(texts(listed)).toContain('宁波某某科技有限公司');
    expect(actions(listed)).toContain(`enr:${enterprise.id}`);
    expect(texts(await as(people.beijing.userId).command('enterprises'))).toBe(zh('enterprises:review.none'));

    const ask = await as(people.zhejiang.userId).press(`enr:${enterprise.id}`);
    expect(ask[0]!.text).toContain(zh('enterprises:reject.confirm', { name: enterprise.name }));
    expect((await db.prisma.enterprise.findUniqueOrThrow({ where: { id: enterprise.id } })).status).toBe(
      'PENDING',
    );
    const rejected = await as(people.zhejiang.userId).press(`enx:${enterprise.id}`);
    expect(rejected[0]!.text).toBe(zh('enterprises:reject.done', { name: enterprise.name }));
    expect((await db.prisma.enterprise.findUniqueOrThrow({ where: { id: enterprise.id } })).status).toBe(
      'REJECTED',
    );
  });

  it('/profile: the administrator changes the profile from its review', async () => {
    const user = as(newcomer);
    // The menu offers it (and the bureau its list of enterprises to verify).
    expect(actions(await user.command('menu'))).toContain('enw:p');
    expect(actions(await as(people.zhejiang.userId).command('menu'))).toContain('enl');
    let replies = await user.press('enw:p');
    expect(replies[0]!.text).toContain(zh('enterprises:profile.intro'));
    expect(texts(replies)).toContain(zh('questionnaire-ui:review.heading'));
    expect(actions(replies)).toContain('q:e:keywords');
    replies = await user.press('q:e:keywords');
    expect(texts(replies)).toContain(zh('enterprises:q.keywords.label'));
    replies = await user.text('钠离子电池');
    expect(texts(replies)).toContain(zh('questionnaire-ui:review.heading'));
    replies = await user.press('q:e:needs');
    const needs = '希望找到钠离子电池正极材料和储能系统热管理方面的技术';
    replies = await user.text(needs);
    expect(texts(replies)).toContain(zh('questionnaire-ui:review.heading'));
    replies = await user.press('q:submit');
    expect(replies[0]!.text).toContain(zh('enterprises:profile.saved', { count: 2 }));
    // what the needs will be searched for, shown back (issue 16)
    expect(replies[0]!.text).toContain(await understoodNeeds(db.prisma, 'zh-CN', needs));
    const enterprise = await db.prisma.enterprise.findFirstOrThrow({
      where: { name: '杭州固能电池有限公司' },
    });
    expect(enterprise.keywords).toEqual(['钠离子电池']);
    expect(enterprise.ipcInterests).toEqual(['H01M', 'G06N 3/04']);

    // Someone who administers no enterprise is refused.
    expect(texts(await as(people.zhejiang.userId).command('profile'))).toBe(
      `⛔ ${zh('enterprises:refusal.not_enterprise_admin')}`,
    );
  });

  it('on a platform with forms (Slack), a page at a time, a bad page refused whole', async () => {
    const userId = `slack-${kind}`;
    const send = (event: Parameters<ReturnType<typeof chat>['handle']>[0]['event']) =>
      chat().handle({
        channel: 'SLACK',
        userId,
        chatIsPrivate: true,
        supportsForms: true,
        languageHint: 'en',
        event,
      });
    let replies = await send({ kind: 'command', command: 'start', args: 'register' });
    const form = () => replies.find((r) => r.form)!.form!;
    expect(form().formId).toBe('er:registrant');
    replies = await send({ kind: 'form', formId: 'er:registrant', values: { personName: 'Chen Jing' } });
    expect(form().formId).toBe('er:identity');
    const code = creditCode();
    replies = await send({
      kind: 'form',
      formId: 'er:identity',
      values: { name: 'Ningbo Forms Ltd.', creditCode: withWrongCheck(code), region: '宁波' },
    });
    expect(form().errors).toEqual({
      creditCode: t('en', 'enterprises:error.credit_code.check_digit', { code: withWrongCheck(code) }),
    });
    replies = await send({
      kind: 'form',
      formId: 'er:identity',
      values: { name: 'Ningbo Forms Ltd.', creditCode: code, region: '宁波' },
    });
    expect(form().formId).toBe('er:business');
    replies = await send({
      kind: 'form',
      formId: 'er:business',
      values: { types: ['highTech'], industries: ['high_end_equipment'] },
    });
    replies = await send({
      kind: 'form',
      formId: 'er:needs',
      values: { ipcInterests: 'B25J', keywords: 'robot arm', needs: 'Precision reducers.' },
    });
    expect(texts(replies)).toContain(t('en', 'questionnaire-ui:review.heading'));
    replies = await send({ kind: 'action', action: 'q:submit' });
    expect(replies[0]!.text).toContain(
      t('en', 'enterprises:register.submitted', { name: 'Ningbo Forms Ltd.' }),
    );
    expect(await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: code } })).toMatchObject({
      region: '330200',
      types: ['HIGH_TECH'],
      industries: ['high_end_equipment'],
      ipcInterests: ['B25J'],
      keywords: ['robot arm'],
      needs: 'Precision reducers.',
      status: 'PENDING',
    });
  });

  it('cancelling leaves nothing behind', async () => {
    const user = as(`cancel-${kind}`);
    await user.command('start', 'register');
    await user.text('张三');
    const replies = await user.press('enw:x');
    expect(replies[0]!.text).toBe(zh('enterprises:wizard.cancelled'));
    expect(await db.prisma.enterprise.count({ where: { name: '张三' } })).toBe(0);
    // Coming back resumes nothing: a fresh registration (the name is asked again).
    expect(texts(await user.command('start', 'register'))).toContain(zh('enterprises:q.personName.label'));
  });
});
