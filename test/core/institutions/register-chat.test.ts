// An administrator registers an institution in chat, end to end through the chat service on the
// terminal channel (one question at a time, each answer checked as typed) and as forms (Slack's
// pages); others are refused; /institution list and /institution <code>. On both databases.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import { registerInstitution } from '../../../core/institutions/institutions.ts';
import type { RawAnswer } from '../../../core/questionnaire/parsers/index.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { badCreditCode, creditCode } from './fixtures.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n---\n');
const actions = (replies: OutgoingMessage[]) =>
  replies.flatMap((r) => (r.buttons ?? []).flat().map((b) => b.action));

describe.each(DATABASE_KINDS)('institution registration in chat on %s', (kind) => {
  let db: TestDatabase;
  const clock = testClock();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await db.prisma.person.create({
      data: {
        name: '平台管理员',
        roles: { create: { role: 'ADMIN' } },
        identities: { create: { channel: 'TERMINAL', externalId: 'admin', address: 'admin' } },
      },
    });
    await registerInstitution(
      db.prisma,
      null,
      {
        code: 'TAKEN',
        nameZh: '已登记大学',
        nameEn: 'Registered University',
        kind: 'university',
        creditCode: creditCode(31),
        province: '浙江',
        city: '杭州',
      },
      clock.now(),
    );
    const taken = await db.prisma.institution.findUniqueOrThrow({ where: { code: 'TAKEN' } });
    await db.prisma.person.create({
      data: {
        name: '学校联络人',
        roles: { create: { role: 'UNIVERSITY_COORDINATOR', institutionId: taken.id } },
        identities: { create: { channel: 'TERMINAL', externalId: 'coordinator', address: 'coordinator' } },
      },
    });
  });
  afterAll(() => db?.close());

  const chat = () => createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock });
  const as = (userId: string, supportsForms = false) => {
    const base = { channel: 'TERMINAL' as const, userId, chatIsPrivate: true, supportsForms };
    return {
      command: (command: string, args = '') =>
        chat().handle({ ...base, event: { kind: 'command', command, args } }),
      text: (text: string) => chat().handle({ ...base, event: { kind: 'text', text } }),
      press: (action: string) => chat().handle({ ...base, event: { kind: 'action', action } }),
      form: (formId: string, values: Record<string, RawAnswer>) =>
        chat().handle({ ...base, event: { kind: 'form', formId, values } }),
    };
  };

  it('refuses anyone but an administrator', async () => {
    const replies = await as('coordinator').command('institution');
    expect(texts(replies)).toBe(`⛔ ${zh('institutions:refusal.admin_only')}`);
    expect(texts(await as('coordinator').command('institution', 'list'))).toContain(
      zh('institutions:refusal.admin_only'),
    );
  });

  it('registers question by question, checking each answer as typed, with a review', async () => {
    const admin = as('admin');
    let replies = await admin.command('institution');
    expect(replies[0]!.text).toBe(zh('institutions:register.intro'));
    expect(texts(replies)).toContain(zh('institutions:q.nameZh.label'));

    replies = await admin.text('杭');
    expect(texts(replies)).toContain(zh('institutions:invalid.name_zh'));
    replies = await admin.text('杭州聊天测试大学');
    expect(texts(replies)).toContain(zh('institutions:q.nameEn.label'));
    replies = await admin.text('Hangzhou Chat Test University');
    expect(texts(replies)).toContain(zh('institutions:q.code.label'));

    replies = await admin.text('x');
    expect(texts(replies)).toContain(zh('institutions:invalid.code', { value: 'x' }));
    replies = await admin.text('taken');
    expect(texts(replies)).toContain(
      zh('institutions:refusal.code_taken', { code: 'TAKEN', name: '已登记大学' }),
    );
    replies = await admin.text('hcu');
    expect(texts(replies)).toContain(zh('institutions:q.kind.label'));
    expect(actions(replies)).toContain('q:a:kind:university');
    replies = await admin.press('q:a:kind:university');
    expect(texts(replies)).toContain(zh('institutions:q.creditCode.label'));

    replies = await admin.text(badCreditCode(32));
    expect(texts(replies)).toContain(
      zh('institutions:invalid.credit_code.check_digit', { value: badCreditCode(32) }),
    );
    replies = await admin.text(creditCode(31));
    expect(texts(replies)).toContain(
      zh('institutions:refusal.credit_code_taken', {
        creditCode: creditCode(31),
        code: 'TAKEN',
        name: '已登记大学',
      }),
    );
    replies = await admin.text(creditCode(32).toLowerCase());
    expect(texts(replies)).toContain(zh('institutions:q.province.label'));

    replies = await admin.text('火星');
    expect(texts(replies)).toContain(zh('regions:error.unknown_province', { code: '火星' }));
    replies = await admin.text('zhejiang');
    expect(texts(replies)).toContain(zh('institutions:q.city.label'));
    replies = await admin.text('南京');
    expect(texts(replies)).toContain(
      zh('regions:error.city_not_in_province', { city: '南京市 320100', province: '浙江省 330000' }),
    );
    replies = await admin.text('杭州');
    expect(texts(replies)).toContain(zh('institutions:q.colleges.label'));

    replies = await admin.text('CS 计算机学院 College of CS\ncs 又一个计算机学院');
    expect(texts(replies)).toContain(
      zh('institutions:chat.college_line', {
        line: 2,
        reason: zh('institutions:invalid.college_twice', { value: 'HCU-CS' }),
      }),
    );
    replies = await admin.text('CS 计算机学院 College of Computer Science\nME，机械工程学院');
    // the review shows what will be registered, as stored
    expect(texts(replies)).toContain('浙江省');
    expect(texts(replies)).toContain('杭州市');
    expect(await db.prisma.institution.findUnique({ where: { code: 'HCU' } })).toBeNull();

    replies = await admin.command('submit');
    expect(texts(replies)).toContain(
      zh('institutions:cli.registered', { code: 'HCU', name: '杭州聊天测试大学' }),
    );
    expect(texts(replies)).toContain('HCU-ME  机械工程学院');
    const hcu = await db.prisma.institution.findUniqueOrThrow({
      where: { code: 'HCU' },
      include: { children: { orderBy: { code: 'asc' } } },
    });
    expect(hcu).toMatchObject({
      kind: 'UNIVERSITY',
      nameEn: 'Hangzhou Chat Test University',
      creditCode: creditCode(32),
      province: '330000',
      city: '330100',
    });
    expect(hcu.children.map((c) => [c.code, c.nameEn])).toEqual([
      ['HCU-CS', 'College of Computer Science'],
      ['HCU-ME', null],
    ]);
    const admin_ = await db.prisma.person.findFirstOrThrow({ where: { name: '平台管理员' } });
    expect(
      await db.prisma.auditLog.count({
        where: { action: 'institution.registered', subjectId: hcu.id, actorId: admin_.id },
      }),
    ).toBe(1);
    // the wizard is over: the conversation is idle again
    const conversation = await db.prisma.conversation.findFirstOrThrow({ where: { personId: admin_.id } });
    expect(conversation.flow).toBeNull();
  });

  it('asks again when the code was taken meanwhile, and can be cancelled', async () => {
    const admin = as('admin');
    await admin.command('institution');
    for (const answer of ['并发测试大学', 'Race University', 'RACE']) await admin.text(answer);
    await admin.press('q:a:kind:hospital');
    for (const answer of [creditCode(33), '北京']) await admin.text(answer);
    await admin.command('skip'); // the city of a municipality
    await admin.command('skip'); // no colleges
    await registerInstitution(
      db.prisma,
      null,
      {
        code: 'RACE',
        nameZh: '抢先大学',
        nameEn: 'First University',
        kind: 'university',
        creditCode: creditCode(34),
        province: '浙江',
        city: '宁波',
      },
      clock.now(),
    );
    let replies = await admin.command('submit');
    expect(texts(replies)).toContain(
      zh('institutions:refusal.code_taken', { code: 'RACE', name: '抢先大学' }),
    );
    expect(texts(replies)).toContain(zh('institutions:q.code.label'));
    replies = await admin.text('RACE2');
    replies = await admin.command('submit');
    expect(texts(replies)).toContain(
      zh('institutions:cli.registered', { code: 'RACE2', name: '并发测试大学' }),
    );
    expect(await db.prisma.institution.findUniqueOrThrow({ where: { code: 'RACE2' } })).toMatchObject({
      kind: 'HOSPITAL',
      province: '110000',
      city: '110000',
    });

    replies = await admin.command('institution');
    expect(replies[0]!.text).toBe(zh('institutions:register.intro'));
    const cancel = actions(replies).find((a) => a.startsWith('inw:'))!;
    replies = await admin.press(cancel);
    expect(texts(replies)).toBe(zh('institutions:chat.cancelled'));
    replies = await admin.text('随便说点什么');
    expect(texts(replies)).not.toContain(zh('institutions:q.nameEn.label'));
  });

  it('takes whole pages as forms where the platform has them', async () => {
    const admin = as('admin', true);
    let replies = await admin.command('institution');
    expect(replies.at(-1)!.form?.formId).toBe('ir:identity');
    replies = await admin.form('ir:identity', {
      nameZh: '表单测试研究院',
      nameEn: 'Form Test Institute',
      code: 'FTI',
      kind: 'researchInstitute',
      creditCode: badCreditCode(35),
    });
    expect(replies[0]!.form?.errors).toEqual({
      creditCode: zh('institutions:invalid.credit_code.check_digit', { value: badCreditCode(35) }),
    });
    replies = await admin.form('ir:identity', {
      nameZh: '表单测试研究院',
      nameEn: 'Form Test Institute',
      code: 'FTI',
      kind: 'researchInstitute',
      creditCode: creditCode(35),
    });
    expect(replies[0]!.form?.formId).toBe('ir:place');
    // the city is checked against the province given on the same page
    replies = await admin.form('ir:place', { province: '江苏', city: '杭州' });
    expect(Object.keys(replies[0]!.form?.errors ?? {})).toEqual(['city']);
    replies = await admin.form('ir:place', { province: '江苏', city: '苏州' });
    expect(replies[0]!.form?.formId).toBe('ir:colleges');
    replies = await admin.form('ir:colleges', { colleges: '' });
    replies = await admin.command('submit');
    expect(texts(replies)).toContain(
      zh('institutions:cli.registered', { code: 'FTI', name: '表单测试研究院' }),
    );
    expect(await db.prisma.institution.findUniqueOrThrow({ where: { code: 'FTI' } })).toMatchObject({
      kind: 'RESEARCH_INSTITUTE',
      province: '320000',
      city: '320500',
    });
  });

  it('lists institutions and shows one', async () => {
    const admin = as('admin');
    const list = texts(await admin.command('institution', 'list'));
    expect(list).toContain('HCU  杭州聊天测试大学  高校 · 浙江省杭州市 · 学院 2 个');
    expect(list).toContain('FTI  表单测试研究院');
    const one = texts(await admin.command('institution', 'hcu'));
    expect(one).toContain('HCU-CS  计算机学院');
    expect(texts(await admin.command('institution', 'NOPE'))).toContain(
      zh('institutions:refusal.unknown', { code: 'NOPE' }),
    );
  });
});
