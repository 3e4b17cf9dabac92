import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n.ts';
import { appNo, CNIPA_HEADERS, cnipaRow, csv } from '../core/inventory/fixtures.ts';
import { scriptRunner } from '../support/admin-cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const _ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT = 120_000;
const HEADERS = ['姓名', '工号', '邮箱', '学院', '人员状态', '手机'];

describe('staff directory command line', () => {
  let db: TestDatabase;
  let dir: string;
  let universityId: string;

  const cli = scriptRunner(() => ({ database: db.name, dataDir: dir }));
  const admin = (...args: string[]) => cli('admin', args);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'revive-staff-cli-'));
    // An empty database, then a university with its colleges as an administrator registers it.
    const university = await db.prisma.institution.create({
      data: { code: 'SCLI', nameZh: '命令行大学', kind: 'UNIVERSITY', province: '330000' },
    });
    universityId = university.id;
    for (const [code, nameZh] of [
      ['SCLI-MSE', '材料学院'],
      ['SCLI-CS', '计算机学院'],
    ]) {
      await db.prisma.institution.create({
        data: { code: code!, nameZh: nameZh!, kind: 'COLLEGE', province: '330000', parentId: university.id },
      });
    }
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'patents first say who must be added; the directory import links them; the invitations follow',
    async () => {
      const patents = path.join(dir, 'patents.csv');
      await writeFile(
        patents,
        csv([CNIPA_HEADERS, cnipaRow(1, { 发明人: '李明;王芳' }), cnipaRow(2, { 发明人: '张伟;李明' })]),
      );
      const first = await cli('import', [patents, '--institution', 'SCLI']);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(t('zh-CN', 'inventory:report.missing_header'));
      expect(first.stdout).toContain(
        t('zh-CN', 'inventory:report.missing_line', {
          row: 3,
          number: appNo(2018, 1, 100002),
          names: '张伟、李明',
        }),
      );

      const staff = path.join(dir, 'staff.csv');
      await writeFile(
        staff,
        csv([
          HEADERS,
          ['张伟', 'T001', 'zhangwei@scli.example.cn', '材料学院', '在职', '13800000001'],
          ['李明', 'S001', 'liming@scli.example.cn', 'SCLI-CS', '学生', ''],
          ['王芳', 'T002', 'wangfang@scli.example.cn', '计算机学院', '在职', ''],
          ['赵坏', 'T003', 'zhao@', '材料学院', '在职', ''],
          ['孙坏', 'T004', '', '不存在学院', '休假', ''],
        ]),
      );
      const imported = await admin('staff', 'import', staff, '--institution', 'SCLI');
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(1);
      expect(imported.stdout).toContain(
        t('zh-CN', 'staff:report.counts', { total: 5, created: 3, updated: 0, unchanged: 0, failed: 2 }),
      );
      expect(imported.stdout).toContain('T001 张伟（材料学院、在职）');
      expect(imported.stdout).toContain(
        `第 6 行 · 学院：${t('zh-CN', 'staff:row.college_unknown', { value: '不存在学院' })}`,
      );
      expect(imported.stdout).toContain(
        `第 6 行 · 人员状态：${t('zh-CN', 'staff:row.status_unknown', { value: '休假' })}`,
      );
      expect(imported.stdout).toContain(t('zh-CN', 'staff:report.patents', { linked: 4, responsible: 2 }));
      const errorFile = path.join(dir, 'staff.errors.csv');
      expect(imported.stdout).toContain(errorFile);
      expect(await readFile(errorFile, 'utf8')).toContain('zhao@');
      const p1 = await db.prisma.patent.findUniqueOrThrow({
        where: { applicationNumber: appNo(2018, 1, 100001) },
        include: { responsibleInventor: true },
      });
      expect(p1.responsibleInventor?.name).toBe('王芳');

      const invites = await cli('invites', ['--institution', 'SCLI', '--bot', 'revive_test_bot']);
      expect(invites.stderr).toBe('');
      expect(invites.stdout).toContain('已生成 2 份邀请');

      // The same file again changes nothing; a changed one says who changed and what.
      const again = await admin('staff', 'import', staff, '--institution', 'SCLI');
      expect(again.code).toBe(1);
      expect(again.stdout).toContain(
        t('zh-CN', 'staff:report.counts', { total: 5, created: 0, updated: 0, unchanged: 3, failed: 2 }),
      );
      const changed = path.join(dir, 'staff2.xlsx');
      const ExcelJS = (await import('exceljs')).default;
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('staff');
      sheet.addRow(['Name', 'Staff No.', 'Email', 'College', 'Status']);
      sheet.addRow(['王芳', 'T002', 'wangfang@scli.example.cn', 'SCLI-CS', 'Retired']);
      await workbook.xlsx.writeFile(changed);
      const third = await admin('staff', 'import', changed, '--institution', 'SCLI', '--locale', 'en');
      expect(third.stderr).toBe('');
      expect(third.code).toBe(0);
      expect(third.stdout).toContain('T002 王芳: status from "serving" to "retired"');
      expect(third.stdout).toContain(t('en', 'staff:report.not_in_file', { count: 2 }));

      const left = await admin('staff', 'list', '--institution', 'SCLI', '--status', '退休');
      expect(left.code).toBe(0);
      expect(left.stdout).toContain('T002\t王芳\t计算机学院\t退休\twangfang@scli.example.cn');
      expect(left.stdout).not.toContain('T001');
      expect(left.stdout).toContain(t('zh-CN', 'staff:cli.list_count', { count: 1 }));
      expect(await db.prisma.staffRecord.count({ where: { institutionId: universityId } })).toBe(3);
    },
    TIMEOUT,
  );

  it(
    'refuses in one line: an unknown institution, someone who is not its coordinator, bad usage',
    async () => {
      const file = path.join(dir, 'one.csv');
      await writeFile(file, csv([HEADERS, ['陈', 'T100', '', '', '在职', '']]));
      const unknown = await admin('staff', 'import', file, '--institution', 'NOPE');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toBe('revive admin staff: no institution with code "NOPE"\n');
      const outsider = await db.prisma.person.create({
        data: { name: '外人', email: 'outsider@scli.example.cn' },
      });
      const refused = await admin('staff', 'import', file, '--institution', 'SCLI', '--as', outsider.email!);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(t('zh-CN', 'staff:refusal.not_coordinator'));
      const listed = await admin('staff', 'list', '--institution', 'SCLI', '--as', outsider.email!);
      expect(listed.code).toBe(2);
      const coordinator = await db.prisma.person.create({
        data: {
          name: '协调人',
          email: 'coordinator@scli.example.cn',
          roles: { create: { role: 'UNIVERSITY_COORDINATOR', institutionId: universityId } },
        },
      });
      const allowed = await admin(
        'staff',
        'import',
        file,
        '--institution',
        'SCLI',
        '--as',
        coordinator.email!,
      );
      expect(allowed.stderr).toBe('');
      expect(allowed.code).toBe(0);
      const badStatus = await admin('staff', 'list', '--institution', 'SCLI', '--status', 'vacation');
      expect(badStatus.code).toBe(2);
      expect(badStatus.stderr).toContain('--status');
      const missing = await admin('staff', 'import', '--institution', 'SCLI');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('usage: npm run admin -- staff import');
      const empty = path.join(dir, 'empty.csv');
      await writeFile(empty, '');
      const fatal = await admin('staff', 'import', empty, '--institution', 'SCLI');
      expect(fatal.code).toBe(2);
      expect(fatal.stdout).toContain(t('zh-CN', 'staff:fatal.empty'));
    },
    TIMEOUT,
  );
});
