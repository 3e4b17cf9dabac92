import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n.ts';
import { csv } from '../core/inventory/fixtures.ts';
import { scriptRunner } from '../support/admin-cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const _ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT = 120_000;
const ADMIN = 'admin@ecli.example.cn';
const COORDINATOR = 'coordinator@ecli.example.cn';

describe('expert command line', () => {
  let db: TestDatabase;
  let dir: string;

  const run = scriptRunner(() => ({ database: db.name, dataDir: dir }));
  const admin = (...args: string[]) => run('admin', ['expert', ...args]);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'revive-expert-cli-'));
    const university = await db.prisma.institution.create({
      data: { code: 'ECLI', nameZh: '专家命令行大学', kind: 'UNIVERSITY', province: '330000' },
    });
    await db.prisma.person.create({
      data: { name: '管理员', email: ADMIN, roles: { create: { role: 'ADMIN' } } },
    });
    await db.prisma.person.create({
      data: {
        name: '协调人',
        email: COORDINATOR,
        roles: { create: { role: 'UNIVERSITY_COORDINATOR', institutionId: university.id } },
      },
    });
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'adds an expert, with an invitation on request, and edits the profile',
    async () => {
      const added = await admin(
        'add',
        '--name',
        '周教授',
        '--email',
        'zhou@ecli.example.cn',
        '--title',
        '教授',
        '--affiliation',
        'ECLI',
        '--ipc',
        'H01M,G06N 3/04',
        '--as',
        ADMIN,
      );
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      expect(added.stdout).toContain(
        '周教授 <zhou@ecli.example.cn> · 教授 · 专家命令行大学 · IPC H01M、G06N 3/04',
      );

      const invited = await admin(
        'add',
        '--name',
        '吴老师',
        '--email',
        'wu@ecli.example.cn',
        '--affiliation',
        'ECLI',
        '--invite',
        '--bot',
        'revive_test_bot',
        '--as',
        COORDINATOR,
      );
      expect(invited.stderr).toBe('');
      expect(invited.code).toBe(0);
      expect(invited.stdout).toMatch(/https:\/\/t\.me\/revive_test_bot\?start=[A-Za-z0-9_-]{32}/);
      expect(invited.stdout).toMatch(/\/revive start [A-Za-z0-9_-]{32}/);
      const wu = await db.prisma.person.findUniqueOrThrow({ where: { email: 'wu@ecli.example.cn' } });
      expect(await db.prisma.invite.count({ where: { personId: wu.id, role: 'EXPERT' } })).toBe(1);

      const edited = await admin(
        'edit',
        '--email',
        'zhou@ecli.example.cn',
        '--title',
        '讲席教授',
        '--ipc',
        'H01M',
        '--as',
        COORDINATOR,
      );
      expect(edited.stderr).toBe('');
      expect(edited.code).toBe(0);
      expect(edited.stdout).toContain('职称由“教授”改为“讲席教授”；技术领域由“H01M; G06N 3/04”改为“H01M”');
      const expert = await db.prisma.expert.findFirstOrThrow({
        where: { person: { email: 'zhou@ecli.example.cn' } },
      });
      expect(expert).toMatchObject({ title: '讲席教授', ipcFields: ['H01M'] });
    },
    TIMEOUT,
  );

  it(
    'imports a list, exits 1 when rows were rejected, and lists what the coordinator manages',
    async () => {
      const file = path.join(dir, 'experts.csv');
      await writeFile(
        file,
        csv([
          ['Name', 'Email', 'Title', 'Affiliation', 'IPC fields', 'Keywords'],
          ['郑律师', 'zheng@ecli.example.cn', '律师', '某知识产权律师事务所', 'H01M', '专利许可'],
          ['冯研究员', 'feng@ecli.example.cn', '研究员', 'ECLI', 'H02J; H01L', ''],
          ['坏分类', 'bad@ecli.example.cn', '', '', 'not-ipc', ''],
        ]),
      );
      const run = await admin('import', file, '--as', ADMIN);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        t('zh-CN', 'experts:report.counts', { total: 3, created: 2, updated: 0, unchanged: 0, failed: 1 }),
      );
      expect(run.stdout).toContain('郑律师 <zheng@ecli.example.cn>（某知识产权律师事务所）');
      const errorFile = path.join(dir, 'experts.errors.csv');
      expect(await readFile(errorFile, 'utf8')).toContain('not-ipc');

      const listed = await admin('list', '--as', COORDINATOR);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('冯研究员 <feng@ecli.example.cn>');
      expect(listed.stdout).not.toContain('郑律师');
      expect(listed.stdout).toContain(t('zh-CN', 'experts:cli.list_count', { count: 3 }));
    },
    TIMEOUT,
  );

  it(
    'refuses in one line: the operator, bad IPC fields, a second add, an unknown credit code',
    async () => {
      const operator = await admin(
        'add',
        '--name',
        '无名',
        '--email',
        'op@ecli.example.cn',
        '--affiliation',
        'ECLI',
      );
      expect(operator.code).toBe(2);
      expect(operator.stderr).toBe(`revive admin expert: ${t('zh-CN', 'experts:refusal.not_allowed')}\n`);
      const badIpc = await admin(
        'add',
        '--name',
        '坏',
        '--email',
        'ipc@ecli.example.cn',
        '--ipc',
        'H01M, X1',
        '--as',
        ADMIN,
      );
      expect(badIpc.code).toBe(2);
      expect(badIpc.stderr).toContain(t('zh-CN', 'experts:invalid.ipc', { value: 'X1' }));
      const twice = await admin('add', '--name', '周教授', '--email', 'zhou@ecli.example.cn', '--as', ADMIN);
      expect(twice.code).toBe(2);
      expect(twice.stderr).toContain(t('zh-CN', 'experts:refusal.already_expert'));
      const code = await admin(
        'add',
        '--name',
        '码',
        '--email',
        'code@ecli.example.cn',
        '--affiliation',
        '91110000MA00000090',
        '--as',
        ADMIN,
      );
      expect(code.code).toBe(2);
      expect(code.stderr).toContain('91110000MA00000090');
      const usage = await admin('edit', '--email', 'zhou@ecli.example.cn', '--as', ADMIN);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('nothing to change');
      expect(
        await db.prisma.person.count({
          where: { email: { in: ['op@ecli.example.cn', 'ipc@ecli.example.cn', 'code@ecli.example.cn'] } },
        }),
      ).toBe(0);
    },
    TIMEOUT,
  );
});
