import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n.ts';
import { findActor } from '../../core/people/actor.ts';
import { scriptRunner } from '../support/admin-cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const _ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT = 120_000;
const TOKEN = /[A-Za-z0-9_-]{32}/;

describe('npm run admin -- init, invite, person', () => {
  let db: TestDatabase;
  let dir: string;

  const run = scriptRunner(() => ({ database: db.name, dataDir: dir }));
  const admin = (args: string[], env: Record<string, string> = {}) => run('admin', args, env);
  const tokenIn = (text: string) =>
    text.match(new RegExp(`start=(${TOKEN.source})`))?.[1] ??
    text.match(new RegExp(`/revive start (${TOKEN.source})`))?.[1];

  let universityId: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'revive-admin-invites-'));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'init creates the first administrator and prints the invitation; a second init creates nothing',
    async () => {
      const first = await admin(['init', '--email', 'Root@Revive.example.cn', '--name', '平台管理员'], {
        TELEGRAM_BOT_USERNAME: 'revive_test_bot',
      });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(t('zh-CN', 'invites:cli.init_done', { name: '平台管理员' }));
      const token = first.stdout.match(
        new RegExp(`https://t\\.me/revive_test_bot\\?start=(${TOKEN.source})`),
      )?.[1];
      expect(token).toBeDefined();
      expect(first.stdout).toContain(`/revive start ${token}`);
      expect(first.stdout).toContain(`npm run admin -- invite redeem ${token} --terminal root`);
      const person = await db.prisma.person.findFirstOrThrow({ where: { email: 'root@revive.example.cn' } });
      const roles = await db.prisma.roleAssignment.findMany({ where: { personId: person.id } });
      expect(roles.map((r) => [r.role, r.institutionId, r.enterpriseId, r.province])).toEqual([
        ['ADMIN', null, null, null],
      ]);
      expect(await db.prisma.auditLog.count({ where: { action: 'admin.initialized' } })).toBe(1);

      const second = await admin([
        'init',
        '--email',
        'other@revive.example.cn',
        '--name',
        '第二位',
        '--bot',
        'revive_test_bot',
      ]);
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(t('zh-CN', 'invites:refusal.admin_exists'));
      expect(await db.prisma.person.count()).toBe(1);
      expect(await db.prisma.invite.count()).toBe(1);

      // The administrator signs in in the terminal with the printed way in.
      const redeemed = await admin(['invite', 'redeem', token!, '--terminal', 'root']);
      expect(redeemed).toMatchObject({ code: 0, stderr: '' });
      expect(redeemed.stdout).toContain(
        t('zh-CN', 'invites:cli.redeemed', { key: 'root', name: '平台管理员' }),
      );
      expect((await findActor(db.prisma, 'TERMINAL', 'root'))!.roles.map((r) => r.role)).toEqual(['ADMIN']);
    },
    TIMEOUT,
  );

  it(
    'creates invitations with --as checked, lists them by scope and revokes them',
    async () => {
      const university = await db.prisma.institution.create({
        data: {
          code: 'CLI-U',
          nameZh: '命令行大学',
          nameEn: 'CLI University',
          kind: 'UNIVERSITY',
          province: '330000',
        },
      });
      universityId = university.id;
      await db.prisma.institution.create({
        data: {
          code: 'CLI-U-MAT',
          nameZh: '材料学院',
          kind: 'COLLEGE',
          province: '330000',
          parentId: university.id,
        },
      });
      const coordinator = await admin([
        'invite',
        'create',
        '--role',
        'university_coordinator',
        '--institution',
        'cli-u',
        '--email',
        'coord@cli.example.cn',
        '--name',
        '联络人',
        '--as',
        'root@revive.example.cn',
        '--locale',
        'en',
      ]);
      expect(coordinator.stderr).toBe('');
      expect(coordinator.code).toBe(0);
      expect(coordinator.stdout).toContain(t('en', 'invites:cli.created_person', { name: '联络人' }));
      // No bot username: how to get the link, and the Slack command.
      expect(coordinator.stdout).not.toContain('https://t.me/');
      expect(coordinator.stdout).toContain('TELEGRAM_BOT_USERNAME');
      expect(coordinator.stdout).toContain('CLI University');
      const coordinatorToken = tokenIn(coordinator.stdout)!;
      expect(coordinator.stdout).toContain(`/revive start ${coordinatorToken}`);
      await admin(['invite', 'redeem', coordinatorToken, '--terminal', 'coord']);

      // The coordinator invites a college coordinator of their university, not one elsewhere.
      const college = await admin([
        'invite',
        'create',
        '--role',
        'COLLEGE_COORDINATOR',
        '--institution',
        'CLI-U',
        '--college',
        'MAT',
        '--email',
        'mat@cli.example.cn',
        '--name',
        '学院联络人',
        '--as',
        'coord@cli.example.cn',
        '--bot',
        'revive_test_bot',
      ]);
      expect(college.stderr).toBe('');
      expect(college.stdout).toMatch(/https:\/\/t\.me\/revive_test_bot\?start=/);
      const collegeId = college.stdout.match(/id: ([0-9a-f-]{36})/)![1]!;
      const refused = await admin([
        'invite',
        'create',
        '--role',
        'BUREAU_OFFICER',
        '--province',
        '浙江',
        '--name',
        '局里人',
        '--as',
        'coord@cli.example.cn',
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(t('zh-CN', 'invites:refusal.not_allowed'));
      const bureau = await admin([
        'invite',
        'create',
        '--role',
        'BUREAU_OFFICER',
        '--province',
        '浙江',
        '--name',
        '局里人',
      ]);
      expect(bureau.code).toBe(0);
      const bureauInvite = await db.prisma.invite.findFirstOrThrow({ where: { role: 'BUREAU_OFFICER' } });
      expect(bureauInvite.province).toBe('330000');
      const usage = await admin(['invite', 'create', '--role', 'INVENTOR', '--institution', 'CLI-U']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--name');

      const listed = await admin(['invite', 'list', '--as', 'coord@cli.example.cn']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(collegeId);
      expect(listed.stdout).toContain('学院联络人');
      expect(listed.stdout).not.toContain(bureauInvite.id);
      const byProvince = await admin(['invite', 'list', '--province', '330000']);
      expect(byProvince.stdout).toContain(bureauInvite.id);

      const foreign = await admin(['invite', 'revoke', bureauInvite.id, '--as', 'coord@cli.example.cn']);
      expect(foreign.code).toBe(2);
      expect(foreign.stderr).toContain(t('zh-CN', 'invites:refusal.not_found'));
      const revoked = await admin(['invite', 'revoke', collegeId, '--as', 'coord@cli.example.cn']);
      expect(revoked).toMatchObject({ code: 0, stderr: '' });
      expect(revoked.stdout).toContain(
        t('zh-CN', 'invites:cli.revoked', { id: collegeId, role: 'COLLEGE_COORDINATOR' }),
      );
      expect((await db.prisma.invite.findUniqueOrThrow({ where: { id: collegeId } })).revokedAt).not.toBe(
        null,
      );
    },
    TIMEOUT,
  );

  it(
    'removes a role, unbinds an account and deactivates a person, each checked and audited',
    async () => {
      const inventor = await admin([
        'invite',
        'create',
        '--role',
        'INVENTOR',
        '--institution',
        'CLI-U',
        '--email',
        'inv@cli.example.cn',
        '--name',
        '发明人',
        '--as',
        'coord@cli.example.cn',
      ]);
      const token = tokenIn(inventor.stdout)!;
      expect((await admin(['invite', 'redeem', token, '--terminal', 'inv'])).code).toBe(0);
      const person = await db.prisma.person.findFirstOrThrow({ where: { email: 'inv@cli.example.cn' } });

      const notAllowed = await admin([
        'person',
        'deactivate',
        '--email',
        'inv@cli.example.cn',
        '--as',
        'coord@cli.example.cn',
      ]);
      expect(notAllowed.code).toBe(2);
      expect(notAllowed.stderr).toContain(t('zh-CN', 'people:refusal.not_allowed'));

      const removed = await admin([
        'person',
        'remove-role',
        '--email',
        'INV@cli.example.cn',
        '--role',
        'INVENTOR',
        '--institution',
        'CLI-U',
        '--as',
        'coord@cli.example.cn',
      ]);
      expect(removed).toMatchObject({ code: 0, stderr: '' });
      expect(
        await db.prisma.roleAssignment.count({ where: { personId: person.id, institutionId: universityId } }),
      ).toBe(0);

      const unbound = await admin([
        'person',
        'unbind',
        '--email',
        'inv@cli.example.cn',
        '--channel',
        'terminal',
        '--as',
        'root@revive.example.cn',
      ]);
      expect(unbound).toMatchObject({ code: 0, stderr: '' });
      expect(await findActor(db.prisma, 'TERMINAL', 'inv')).toBe(null);

      const deactivated = await admin([
        'person',
        'deactivate',
        '--email',
        'inv@cli.example.cn',
        '--as',
        'root@revive.example.cn',
      ]);
      expect(deactivated).toMatchObject({ code: 0, stderr: '' });
      expect(deactivated.stdout).toContain(
        t('zh-CN', 'people:cli.deactivated', { name: '发明人', count: 0 }),
      );
      expect((await db.prisma.person.findUniqueOrThrow({ where: { id: person.id } })).deactivatedAt).not.toBe(
        null,
      );
      const actions = (await db.prisma.auditLog.findMany({ where: { subjectId: person.id } })).map(
        (a) => a.action,
      );
      expect(actions).toEqual(
        expect.arrayContaining(['person.role-removed', 'person.unbound', 'person.deactivated']),
      );
    },
    TIMEOUT,
  );
});
