import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n.ts';
import { creditCode } from '../core/institutions/fixtures.ts';
import { CNIPA_HEADERS, cnipaRow, csv } from '../core/inventory/fixtures.ts';
import { scriptRunner } from '../support/admin-cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const _ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT = 120_000;

describe('npm run admin -- institution', () => {
  let db: TestDatabase;
  let dir: string;

  const cli = scriptRunner(() => ({ database: db.name, dataDir: dir }));
  const admin = (...args: string[]) => cli('admin', ['institution', ...args]);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'revive-admin-institution-'));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'starts from nothing, registers an institution with a college, and refuses a second one like it',
    async () => {
      const empty = await admin('list');
      expect(empty).toMatchObject({ code: 0, stderr: '' });
      expect(empty.stdout).toBe(`${t('zh-CN', 'institutions:list.empty')}\n`);

      const add = await admin(
        'add',
        '--code',
        'hzu',
        '--name-zh',
        '杭州示范大学',
        '--name-en',
        'Hangzhou Demonstration University',
        '--kind',
        'university',
        '--credit-code',
        creditCode(21),
        '--province',
        '浙江',
        '--city',
        'Hangzhou',
        '--college',
        'CS:计算机学院:College of Computer Science',
      );
      expect(add.stderr).toBe('');
      expect(add.code).toBe(0);
      expect(add.stdout).toContain(
        t('zh-CN', 'institutions:cli.registered', { code: 'HZU', name: '杭州示范大学' }),
      );
      expect(add.stdout).toContain('HZU-CS  计算机学院');
      expect(await db.prisma.institution.findUniqueOrThrow({ where: { code: 'HZU' } })).toMatchObject({
        kind: 'UNIVERSITY',
        province: '330000',
        city: '330100',
        creditCode: creditCode(21),
      });

      const again = await admin(
        'add',
        '--code',
        'HZU2',
        '--name-zh',
        '杭州示范大学',
        '--name-en',
        'Again',
        '--kind',
        '高校',
        '--credit-code',
        creditCode(21),
        '--province',
        '330000',
        '--city',
        '330100',
        '--locale',
        'en',
      );
      expect(again.code).toBe(2);
      expect(again.stdout).toBe('');
      expect(again.stderr).toBe(
        `revive admin institution add: ${t('en', 'institutions:refusal.credit_code_taken', {
          creditCode: creditCode(21),
          code: 'HZU',
          name: '杭州示范大学',
        })}\n`,
      );

      const bad = await admin(
        'add',
        '--code',
        'BAD',
        '--name-zh',
        '坏数据大学',
        '--name-en',
        'Bad Data University',
        '--kind',
        'university',
        '--credit-code',
        `${creditCode(22).slice(0, 17)}0`,
        '--province',
        '浙江',
        '--city',
        '南京',
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(
        t('zh-CN', 'institutions:invalid.credit_code.check_digit', {
          value: `${creditCode(22).slice(0, 17)}0`,
        }),
      );
      expect(bad.stderr).toContain('南京市 320100 不属于 浙江省 330000');
      expect(await db.prisma.institution.count()).toBe(2);
    },
    TIMEOUT,
  );

  it(
    'imports a list with its row-level report and error file, and a second time changes nothing',
    async () => {
      const file = path.join(dir, 'institutions.csv');
      await writeFile(
        file,
        csv([
          ['code', 'name_zh', 'name_en', 'kind', 'credit_code', 'province', 'city', 'parent_code'],
          [
            'NBU',
            '宁波示范大学',
            'Ningbo Demonstration University',
            'university',
            creditCode(23),
            '浙江',
            '宁波',
            '',
          ],
          ['ME', '机械学院', 'School of Mechanical Engineering', '', '', '', '', 'HZU'],
          ['LAB', '宁波示范研究院', 'Ningbo Lab', '研究所', creditCode(24), '北京', '宁波', ''],
        ]),
      );
      const first = await admin('import', file, '--locale', 'en');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(1);
      expect(first.stdout).toContain(
        t('en', 'institutions:report.counts', { total: 3, created: 2, updated: 0, unchanged: 0, failed: 1 }),
      );
      expect(first.stdout).toContain('row 2  NBU  宁波示范大学');
      expect(first.stdout).toContain('row 4 “city”: 宁波市 330200 is not in 北京市 110000');
      const errorFile = path.join(dir, 'institutions.errors.csv');
      expect(first.stdout).toContain(errorFile);
      expect(await readFile(errorFile, 'utf8')).toContain('宁波示范研究院');

      // fixed: the rejected row alone is new; the rest is unchanged
      await writeFile(
        file,
        csv([
          ['代码', '中文名称', '英文名称', '类型', '统一社会信用代码', '省份', '城市', '上级代码'],
          [
            'NBU',
            '宁波示范大学',
            'Ningbo Demonstration University',
            '高校',
            creditCode(23),
            '浙江',
            '宁波',
            '',
          ],
          ['ME', '机械学院', 'School of Mechanical Engineering', '', '', '', '', 'HZU'],
          ['LAB', '宁波示范研究院', 'Ningbo Lab', '研究所', creditCode(24), '浙江', '宁波', ''],
        ]),
      );
      const second = await admin('import', file);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(
        t('zh-CN', 'institutions:report.counts', {
          total: 3,
          created: 1,
          updated: 0,
          unchanged: 2,
          failed: 0,
        }),
      );
      const third = await admin('import', file);
      expect(third.code).toBe(0);
      expect(third.stdout).toContain(t('zh-CN', 'institutions:report.nothing_changed'));
      expect(third.stdout).toContain(t('zh-CN', 'institutions:report.unchanged_rows', { rows: '2–4' }));
      expect(await db.prisma.institution.count()).toBe(5);
    },
    TIMEOUT,
  );

  it(
    'edits, adds a college, lists; deactivates, after which the patent import refuses the institution',
    async () => {
      const edit = await admin(
        'edit',
        'NBU',
        '--name-en',
        'Ningbo University of Demonstration',
        '--city',
        '温州',
      );
      expect(edit.code).toBe(0);
      expect(edit.stdout).toContain('NBU');
      expect(edit.stdout).toContain('宁波市 330200 → 温州市 330300');

      const college = await admin('college', 'add', 'NBU', '--code', 'EE', '--name-zh', '电气学院');
      expect(college).toMatchObject({ code: 0, stderr: '' });
      expect(college.stdout).toContain('NBU-EE');
      const renamed = await admin(
        'college',
        'edit',
        'NBU-EE',
        '--name-en',
        'School of Electrical Engineering',
      );
      expect(renamed.stdout).toContain('School of Electrical Engineering');

      const list = await admin('list', '--locale', 'en');
      expect(list.code).toBe(0);
      expect(list.stdout).toContain(
        'NBU  Ningbo University of Demonstration  University · Wenzhou, Zhejiang · colleges: 1',
      );
      expect(list.stdout).toContain('HZU  Hangzhou Demonstration University');

      const deactivate = await admin('deactivate', 'nbu');
      expect(deactivate.code).toBe(0);
      expect(deactivate.stdout).toContain(
        t('zh-CN', 'institutions:cli.deactivated', { code: 'NBU', name: '宁波示范大学' }),
      );
      const twice = await admin('deactivate', 'NBU');
      expect(twice.stdout).toContain(
        t('zh-CN', 'institutions:cli.already_deactivated', { code: 'NBU', name: '宁波示范大学' }),
      );

      const patents = path.join(dir, 'patents.csv');
      await writeFile(patents, csv([CNIPA_HEADERS, cnipaRow(901)]));
      const refused = await cli('import', [patents, '--institution', 'NBU']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(
        `revive import: ${t('zh-CN', 'institutions:refusal.deactivated', { code: 'NBU', name: '宁波示范大学' })}\n`,
      );
      expect(await db.prisma.patent.count()).toBe(0);

      const reactivate = await admin('reactivate', 'NBU', '--locale', 'en');
      expect(reactivate.stdout).toContain(
        t('en', 'institutions:cli.reactivated', { code: 'NBU', name: '宁波示范大学' }),
      );
      expect(
        await db.prisma.auditLog.count({
          where: { action: { in: ['institution.deactivated', 'institution.reactivated'] } },
        }),
      ).toBe(2);
    },
    TIMEOUT,
  );

  it(
    'acts as a person with --as: administrators may, anyone else is refused',
    async () => {
      const hzu = await db.prisma.institution.findUniqueOrThrow({ where: { code: 'HZU' } });
      await db.prisma.person.create({
        data: { name: '平台管理员', email: 'admin@example.org', roles: { create: { role: 'ADMIN' } } },
      });
      await db.prisma.person.create({
        data: {
          name: '学校联络人',
          email: 'coordinator@example.org',
          roles: { create: { role: 'UNIVERSITY_COORDINATOR', institutionId: hzu.id } },
        },
      });
      const refused = await admin('edit', 'HZU', '--name-zh', '改名大学', '--as', 'coordinator@example.org');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(t('zh-CN', 'institutions:refusal.admin_only'));
      const allowed = await admin(
        'edit',
        'HZU',
        '--name-zh',
        '杭州示范大学（新）',
        '--as',
        'admin@example.org',
      );
      expect(allowed.code).toBe(0);
      const audit = await db.prisma.auditLog.findFirstOrThrow({
        where: { action: 'institution.edited', subjectId: hzu.id },
        orderBy: { createdAt: 'desc' },
      });
      const person = await db.prisma.person.findUniqueOrThrow({ where: { email: 'admin@example.org' } });
      expect(audit.actorId).toBe(person.id);
      const usage = await admin('edit');
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('edit takes exactly one code');
    },
    TIMEOUT,
  );
});
