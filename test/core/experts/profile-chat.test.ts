// An expert's own profile through the chat service (terminal channel, zh-CN): /profile by role, each
// field edited by one text answer checked by the expert validators (a bad one refused, nothing
// saved), a person both enterprise member and expert asked which profile; and the command line's
// --region. On both databases (the command line on PostgreSQL, in-process).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { addExpert } from '../../../core/experts/experts.ts';
import { t } from '../../../core/i18n.ts';
import { loadActor } from '../../../core/people/actor.ts';
import type { Role } from '../../../prisma/generated/client.ts';
import { adminInProcess } from '../../support/admin-cli.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TEST_POSTGRES_URL,
  type TestDatabase,
} from '../../support/databases.ts';
import { creditCode } from '../enterprises/fixtures.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n---\n');
const actions = (replies: OutgoingMessage[]) =>
  replies.flatMap((r) => (r.buttons ?? []).flat().map((b) => b.action));

describe.each(DATABASE_KINDS)('the expert’s /profile on %s', (kind) => {
  let db: TestDatabase;
  let dir: string;
  const EXPERT = `expert-${kind}`;
  const BOTH = `both-${kind}`;
  const ENTERPRISE = `enterprise-${kind}`;
  const BUREAU = `bureau-${kind}`;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'revive-expert-profile-'));
    await db.prisma.institution.create({
      data: { code: 'PCU1', nameZh: '资料理工大学', kind: 'UNIVERSITY', province: '330000' },
    });
    const enterprise = await db.prisma.enterprise.create({
      data: { name: '资料科技有限公司', creditCode: creditCode(), region: '330106', status: 'VERIFIED' },
    });
    const admin = await db.prisma.person.create({
      data: { name: '管理员', email: 'admin@profile.example.cn', roles: { create: { role: 'ADMIN' } } },
    });
    type Roles = { role: Role; enterpriseId?: string; province?: string }[];
    const person = (name: string, email: string, userId: string, roles: Roles) =>
      db.prisma.person.create({
        data: {
          name,
          email,
          roles: { create: roles },
          identities: { create: { channel: 'TERMINAL', externalId: userId, address: userId } },
        },
      });
    await person('周教授', 'zhou@profile.example.cn', EXPERT, [{ role: 'EXPERT' }]);
    await person('钱经理', 'qian@profile.example.cn', BOTH, [
      { role: 'ENTERPRISE_ADMIN', enterpriseId: enterprise.id },
      { role: 'ENTERPRISE_STAFF', enterpriseId: enterprise.id },
      { role: 'EXPERT' },
    ]);
    await person('孙经理', 'sun-admin@profile.example.cn', ENTERPRISE, [
      { role: 'ENTERPRISE_ADMIN', enterpriseId: enterprise.id },
      { role: 'ENTERPRISE_STAFF', enterpriseId: enterprise.id },
    ]);
    await person('王处长', 'wang@profile.example.cn', BUREAU, [
      { role: 'BUREAU_OFFICER', province: '330000' },
    ]);
    const actor = (await loadActor(db.prisma, admin.id))!;
    await addExpert(
      db.prisma,
      actor,
      { name: '周教授', email: 'zhou@profile.example.cn', title: '副教授', affiliation: 'PCU1', ipc: 'H01M' },
      TEST_NOW,
    );
    await addExpert(
      db.prisma,
      actor,
      { name: '钱经理', email: 'qian@profile.example.cn', affiliation: '某行业协会' },
      TEST_NOW,
    );
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const chat = () =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  const as = (userId: string) => {
    const send = (event: Parameters<ReturnType<typeof chat>['handle']>[0]['event']) =>
      chat().handle({ channel: 'TERMINAL', userId, chatIsPrivate: true, languageHint: 'zh-CN', event });
    return {
      command: (command: string) => send({ kind: 'command', command, args: '' }),
      text: (text: string) => send({ kind: 'text', text }),
      press: (action: string) => send({ kind: 'action', action }),
    };
  };
  const stored = (email: string) => db.prisma.expert.findFirstOrThrow({ where: { person: { email } } });

  it('an expert edits the title and IPC fields; a bad IPC field is refused with its message and nothing saved', async () => {
    const user = as(EXPERT);
    // The menu leads there too.
    const menu = await user.command('menu');
    expect(texts(menu)).toContain(zh('experts:menu.summary'));
    expect(actions(menu)).toContain('xp');
    let replies = await user.command('profile');
    expect(texts(replies)).toContain(zh('experts:profile.heading'));
    expect(texts(replies)).toContain(zh('experts:profile.field.title', { value: '副教授' }));
    expect(texts(replies)).toContain(zh('experts:profile.field.affiliation', { value: '资料理工大学' }));
    expect(texts(replies)).toContain(zh('experts:profile.field.ipc', { value: 'H01M' }));
    // A registered affiliation has its own region: no button for it.
    expect(actions(replies)).toEqual(expect.arrayContaining(['xpe:n', 'xpe:t', 'xpe:a', 'xpe:i', 'xpe:k']));
    expect(actions(replies)).not.toContain('xpe:r');

    replies = await user.press('xpe:t');
    expect(texts(replies)).toContain(zh('experts:profile.ask.title'));
    replies = await user.text('教授');
    expect(texts(replies)).toContain(zh('experts:profile.saved', { changes: '职称由“副教授”改为“教授”' }));
    expect(texts(replies)).toContain(zh('experts:profile.field.title', { value: '教授' }));

    replies = await user.press('xpe:i');
    replies = await user.text('H01M, 不是分类号');
    expect(texts(replies)).toContain(zh('experts:invalid.ipc', { value: '不是分类号' }));
    expect(texts(replies)).toContain(zh('experts:profile.ask.ipc'));
    expect((await stored('zhou@profile.example.cn')).ipcFields).toEqual(['H01M']);
    replies = await user.text('h01m、G06N 3/04');
    expect(texts(replies)).toContain(zh('experts:profile.field.ipc', { value: 'H01M、G06N 3/04' }));

    expect(await stored('zhou@profile.example.cn')).toMatchObject({
      title: '教授',
      ipcFields: ['H01M', 'G06N 3/04'],
    });
    const expert = await stored('zhou@profile.example.cn');
    expect(
      await db.prisma.auditLog.count({
        where: { action: 'expert.edited', subjectId: expert.id, actorId: expert.personId },
      }),
    ).toBe(2);

    // Cancel: the profile again, and a text afterwards is no answer.
    await user.press('xpe:k');
    replies = await user.press('xp');
    expect(texts(replies)).toContain(zh('experts:profile.heading'));
    replies = await user.text('储能');
    expect(texts(replies)).toContain(zh('chat:menu.type_hint'));
    expect((await stored('zhou@profile.example.cn')).keywords).toEqual([]);
  });

  it('a person who is both enterprise member and expert chooses; a free-text expert sets a region', async () => {
    // One role only: that profile, as before for enterprises (and their refusal for anyone else).
    expect(texts(await as(ENTERPRISE).command('profile'))).toContain(zh('enterprises:profile.intro'));
    expect(texts(await as(BUREAU).command('profile'))).toBe(
      `⛔ ${zh('enterprises:refusal.not_enterprise_admin')}`,
    );
    const user = as(BOTH);
    let replies = await user.command('profile');
    expect(texts(replies)).toBe(zh('experts:profile.choose'));
    expect(actions(replies)).toEqual(expect.arrayContaining(['enw:p', 'xp']));
    expect(texts(await user.press('enw:p'))).toContain(zh('enterprises:profile.intro'));

    replies = await user.press('xp');
    expect(actions(replies)).toContain('xpe:r');
    await user.press('xpe:r');
    replies = await user.text('火星');
    expect(texts(replies)).toContain(zh('enterprises:error.region_unknown', { text: '火星' }));
    replies = await user.text('杭州');
    expect(texts(replies)).toContain(zh('experts:profile.field.region', { value: '浙江省杭州市' }));
    expect((await stored('qian@profile.example.cn')).region).toBe('330100');
  });

  it.runIf(kind === 'postgres')('the command line gives and changes a region', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${db.name}`;
    const admin = (...args: string[]) =>
      adminInProcess(['expert', ...args, '--as', 'admin@profile.example.cn'], {
        DATABASE_URL: url.toString(),
        DATA_DIR: dir,
      });
    const added = await admin(
      'add',
      '--name',
      '孙顾问',
      '--email',
      'sun@profile.example.cn',
      '--affiliation',
      '某咨询所',
      '--region',
      '110105',
    );
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('孙顾问 <sun@profile.example.cn> · 某咨询所 · 北京市');
    expect((await stored('sun@profile.example.cn')).region).toBe('110000');
    const edited = await admin('edit', '--email', 'sun@profile.example.cn', '--region', '330100');
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('地区由“北京市”改为“浙江省杭州市”');
    const refused = await admin('edit', '--email', 'zhou@profile.example.cn', '--region', '330100');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(zh('experts:invalid.region_registered'));
  });
});
