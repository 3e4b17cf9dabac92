// Importing a university's staff directory end to end on both databases: real CSV and XLSX files
// written here, real storage; re-imports and the change report; who may import.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../../core/errors.ts';
import { t } from '../../../core/i18n.ts';
import { importStaff, type StaffImportOptions } from '../../../core/staff/import.ts';
import { listStaff } from '../../../core/staff/list.ts';
import { renderStaffReport } from '../../../core/staff/report.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { csv, gbk, opener, utf8, xlsx } from '../inventory/fixtures.ts';
import { createUniversity, EN_HEADERS, mail, type University, ZH_HEADERS } from './fixtures.ts';

describe.each(DATABASE_KINDS)('staff directory import on %s', (kind) => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'revive-staff-'));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = (u: University, file: Buffer, extra: Partial<StaffImportOptions> = {}) =>
    importStaff(db.prisma, {
      institutionId: u.id,
      actor: u.coordinator,
      fileName: 'staff.csv',
      open: opener(file),
      locale: 'zh-CN',
      errorFileBase: path.join(dir, `errors-${Math.random().toString(36).slice(2)}`),
      clock: testClock(),
      ...extra,
    });
  const reasons = (summary: Awaited<ReturnType<typeof run>>) =>
    summary.errors.map((e) => ({ row: e.row, key: e.reason.key }));
  const record = (u: University, staffNumber: string) =>
    db.prisma.staffRecord.findUniqueOrThrow({
      where: { institutionId_staffNumber: { institutionId: u.id, staffNumber } },
      include: { person: true },
    });

  it('adds the good rows, links a known email to its person, and reports every bad row with its reason', async () => {
    const u = await createUniversity(db.prisma);
    // Someone Revive already knows (e.g. from the national template's contact columns).
    const known = await db.prisma.person.create({ data: { name: '王芳', email: mail(u, 'wangfang') } });
    const file = utf8(
      csv([
        ['教职工名录（2026年12月）'],
        ZH_HEADERS,
        ['张伟', 'T1001', mail(u, 'zhangwei').toUpperCase(), '材料学院', '在职', '13800000001'],
        ['李明', 'S2001', '', `${u.code}-CS`, 'Student', ''],
        ['王芳', 'T1002', mail(u, 'wangfang'), ' 材料 学院 ', 'RETIRED', ''],
        ['赵坏', 'T1003', 'not-an-email', '材料学院', '在职', ''],
        ['钱坏', 'T1004', '', '不存在学院', '在职', ''],
        ['孙坏', '', '', '材料学院', '在职', ''],
        ['张伟', 'T1001', '', '材料学院', '在职', ''],
        ['周坏', 'T1005', '', '', '休假', ''],
        [''],
        ['吴离', 'T1006', '', 'school of computing', 'left', ''],
      ]),
    );
    const summary = await run(u, file);
    expect(summary).toMatchObject({
      status: 'COMPLETED',
      format: 'csv-utf8',
      totalRows: 9,
      created: 4,
      updated: 0,
      unchanged: 0,
      failed: 5,
      notInFile: 0,
    });
    expect(reasons(summary)).toEqual([
      { row: 6, key: 'staff:row.email_invalid' },
      { row: 7, key: 'staff:row.college_unknown' },
      { row: 8, key: 'staff:row.required.staffNumber' },
      { row: 9, key: 'staff:row.duplicate' },
      { row: 10, key: 'staff:row.status_unknown' },
    ]);
    expect(summary.errors.find((e) => e.row === 9)!.reason.params).toEqual({ row: 3 });
    expect(summary.errors[0]!.column).toBe('邮箱');

    const zhang = await record(u, 'T1001');
    expect(zhang).toMatchObject({
      collegeId: u.colleges.mse,
      employment: 'SERVING',
      email: mail(u, 'zhangwei'),
      phone: '13800000001',
      createdAt: TEST_NOW,
      updatedAt: TEST_NOW,
    });
    expect(zhang.person).toMatchObject({
      name: '张伟',
      email: mail(u, 'zhangwei'),
      mobile: '13800000001',
      employment: 'SERVING',
    });
    const li = await record(u, 'S2001');
    expect(li).toMatchObject({ collegeId: u.colleges.cs, employment: 'STUDENT', email: null });
    expect(li.person.employment).toBe('STUDENT');
    // Matched by email: the same person, whose employment now follows the directory.
    const wang = await record(u, 'T1002');
    expect(wang.personId).toBe(known.id);
    expect(wang.person.employment).toBe('RETIRED');
    expect((await record(u, 'T1006')).employment).toBe('LEFT');
    expect(summary.added.map((a) => [a.staffNumber, a.existingPerson])).toEqual([
      ['T1001', false],
      ['S2001', false],
      ['T1002', true],
      ['T1006', false],
    ]);

    // The error file repeats the header and the bad rows with their reasons, ready to fix.
    expect(summary.errorFile).toMatch(/\.csv$/);
    const errorText = await readFile(summary.errorFile!, 'utf8');
    expect(errorText).toContain(t('zh-CN', 'staff:error_file.reason'));
    expect(errorText).toContain(`邮箱: ${t('zh-CN', 'staff:row.email_invalid', { value: 'not-an-email' })}`);
    const fixed = errorText
      .replaceAll('not-an-email', mail(u, 'zhao'))
      .replaceAll('不存在学院', '材料学院')
      .replace(',孙坏,,', ',孙坏,T1007,')
      .replaceAll('休假', '在职')
      .replace(/^.*张伟.*$/m, '');
    const second = await run(u, utf8(fixed));
    expect(second).toMatchObject({ created: 4, failed: 0, ignoredHeaders: ['原行号', '错误原因'] });

    // Audited, row by row and for the whole import.
    expect(await db.prisma.auditLog.count({ where: { action: 'staff.added', institutionId: u.id } })).toBe(8);
    const entry = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'staff.imported', institutionId: u.id },
      orderBy: { id: 'asc' },
    });
    expect(entry).toMatchObject({ actorId: u.coordinator.personId });
    expect(entry.details).toMatchObject({ created: 4, failed: 5, status: 'COMPLETED' });
  });

  it('the same file twice changes nothing; a changed file reports who changed and what', async () => {
    const u = await createUniversity(db.prisma);
    const rows = [
      ZH_HEADERS,
      ['张伟', 'T1', mail(u, 'zw'), '材料学院', '在职', ''],
      ['李明', 'S1', '', '材料学院', '学生', ''],
      ['王芳', 'T2', mail(u, 'wf'), '计算机学院', '在职', '13900000000'],
    ];
    await run(u, utf8(csv(rows)));
    const before = await db.prisma.staffRecord.findMany({
      where: { institutionId: u.id },
      orderBy: { id: 'asc' },
    });
    const later = new Date('2026-12-05T02:00:00Z');
    const again = await run(u, utf8(csv(rows)), { clock: testClock(later) });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0, patents: null });
    expect(again.unchangedStaff.map((s) => s.staffNumber)).toEqual(['T1', 'S1', 'T2']);
    expect(
      await db.prisma.staffRecord.findMany({ where: { institutionId: u.id }, orderBy: { id: 'asc' } }),
    ).toEqual(before);

    const changed = [
      ZH_HEADERS,
      ['张伟', 'T1', mail(u, 'zw'), '计算机学院', '退休', ''],
      ['李明', 'S1', mail(u, 'lm'), '材料学院', '在职', ''],
      ['王芳', 'T2', mail(u, 'wf'), '计算机学院', '在职', '13900000000'],
      ['陈新', 'T3', '', '', '在职', ''],
    ];
    const third = await run(u, gbk(csv(changed)), { clock: testClock(later) });
    expect(third).toMatchObject({ format: 'csv-gbk', created: 1, updated: 2, unchanged: 1, failed: 0 });
    expect(third.changed).toEqual([
      {
        row: 2,
        staffNumber: 'T1',
        name: '张伟',
        changes: [
          { field: 'college', before: '材料学院', after: '计算机学院' },
          { field: 'employment', before: 'SERVING', after: 'RETIRED' },
        ],
      },
      {
        row: 3,
        staffNumber: 'S1',
        name: '李明',
        changes: [
          { field: 'employment', before: 'STUDENT', after: 'SERVING' },
          { field: 'email', before: null, after: mail(u, 'lm') },
        ],
      },
    ]);
    expect(third.added.map((a) => a.staffNumber)).toEqual(['T3']);
    expect(third.unchangedStaff.map((a) => a.staffNumber)).toEqual(['T2']);
    const zhang = await record(u, 'T1');
    expect(zhang).toMatchObject({ collegeId: u.colleges.cs, employment: 'RETIRED', updatedAt: later });
    expect(zhang.person.employment).toBe('RETIRED');
    const li = await record(u, 'S1');
    expect(li.person).toMatchObject({ employment: 'SERVING', email: mail(u, 'lm') });
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'staff.updated', subjectId: zhang.id },
    });
    expect(JSON.stringify(audit.details)).toContain('RETIRED');

    const report = renderStaffReport(third, 'staff.csv', 'zh-CN');
    expect(report).toContain(
      t('zh-CN', 'staff:report.counts', { total: 4, created: 1, updated: 2, unchanged: 1, failed: 0 }),
    );
    expect(report).toContain('T1 张伟：学院由“材料学院”改为“计算机学院”；状态由“在职”改为“退休”');
    expect(report).toContain('S1 李明：状态由“学生”改为“在职”；邮箱由“空”改为');
    expect(report).toContain('T3 陈新（在职）');
    expect(report).toContain('T2 王芳');
    const en = renderStaffReport(third, 'staff.csv', 'en');
    expect(en).toContain(
      'T1 张伟: college from "材料学院" to "计算机学院"; status from "serving" to "retired"',
    );

    // A partial list leaves the others alone and says how many it did not mention.
    const partial = await run(u, utf8(csv([ZH_HEADERS, ['陈新', 'T3', '', '', '在职', '']])));
    expect(partial).toMatchObject({ unchanged: 1, notInFile: 3 });
    expect(await db.prisma.staffRecord.count({ where: { institutionId: u.id } })).toBe(4);
  });

  it('reads an XLSX with English headers under a title row, and lists the directory by status', async () => {
    const u = await createUniversity(db.prisma);
    const file = await xlsx((sheet) => {
      sheet.addRow(['Staff list']);
      sheet.mergeCells('A1:F1');
      sheet.addRow(EN_HEADERS);
      sheet.addRow(['Zhang Wei', 20010001, mail(u, 'zhang.wei'), 'SCHOOL OF MATERIALS', 'Serving', null]);
      sheet.addRow(['Li Ming', 'S-7', null, '计算机学院', 'STUDENT', null]);
      sheet.addRow(['Old Wang', 'T-9', null, null, 'Left', null]);
      sheet.addRow(['Bad Formula', 'T-10', { formula: 'A1&B1' }, null, 'serving', null]);
    });
    const summary = await run(u, file, { fileName: 'staff.xlsx' });
    expect(summary).toMatchObject({ format: 'xlsx', totalRows: 4, created: 3, failed: 1 });
    expect(reasons(summary)).toEqual([{ row: 6, key: 'staff:row.formula_without_value' }]);
    expect(summary.errorFile).toMatch(/\.xlsx$/);
    expect((await record(u, '20010001')).collegeId).toBe(u.colleges.mse);

    const all = await listStaff(db.prisma, u.coordinator, u.id);
    expect(all.map((s) => [s.staffNumber, s.name, s.college, s.employment])).toEqual([
      ['20010001', 'Zhang Wei', '材料学院', 'SERVING'],
      ['S-7', 'Li Ming', '计算机学院', 'STUDENT'],
      ['T-9', 'Old Wang', null, 'LEFT'],
    ]);
    expect((await listStaff(db.prisma, null, u.id, { employment: 'LEFT' })).map((s) => s.name)).toEqual([
      'Old Wang',
    ]);
    await expect(listStaff(db.prisma, u.otherCoordinator, u.id)).rejects.toBeInstanceOf(Refusal);
  });

  it('refuses an email that belongs to someone else, without writing the row', async () => {
    const u = await createUniversity(db.prisma);
    await db.prisma.person.create({ data: { name: '另一人', email: mail(u, 'taken') } });
    const first = await run(
      u,
      utf8(
        csv([
          ZH_HEADERS,
          ['张伟', 'T1', mail(u, 'taken'), '', '在职', ''],
          ['李明', 'T2', mail(u, 'liming'), '', '在职', ''],
        ]),
      ),
    );
    expect(first).toMatchObject({ created: 1, failed: 1 });
    expect(reasons(first)).toEqual([{ row: 2, key: 'staff:row.email_other_person' }]);
    expect(await db.prisma.staffRecord.count({ where: { institutionId: u.id, staffNumber: 'T1' } })).toBe(0);
    // The same person under a second staff number, and a change to someone else's email.
    const second = await run(
      u,
      utf8(
        csv([
          ZH_HEADERS,
          ['李明', 'T2', mail(u, 'taken'), '', '在职', ''],
          ['李明', 'T3', mail(u, 'liming'), '', '在职', ''],
        ]),
      ),
    );
    expect(reasons(second)).toEqual([
      { row: 2, key: 'staff:row.email_other_person' },
      { row: 3, key: 'staff:row.email_other_staff' },
    ]);
    expect((await record(u, 'T2')).email).toBe(mail(u, 'liming'));
  });

  it('names the missing headers, and reads nothing from an old .xls file', async () => {
    const u = await createUniversity(db.prisma);
    const missing = await run(
      u,
      utf8(
        csv([
          ['姓名', '备注'],
          ['张伟', 'x'],
        ]),
      ),
    );
    expect(missing).toMatchObject({ status: 'FAILED', created: 0 });
    expect(missing.fatal).toEqual({
      key: 'staff:fatal.missing_headers',
      params: { missing: '工号、人员状态' },
    });
    const xls = await run(u, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]));
    expect(xls.fatal).toEqual({ key: 'staff:fatal.xls' });
    expect(renderStaffReport(xls, 'old.xls', 'en')).toContain(t('en', 'staff:fatal.xls'));
  });

  it('lets only the university’s coordinators, administrators and the operator import', async () => {
    const u = await createUniversity(db.prisma);
    const file = utf8(csv([ZH_HEADERS, ['张伟', 'T1', '', '', '在职', '']]));
    for (const actor of [u.collegeCoordinator, u.otherCoordinator]) {
      await expect(run(u, file, { actor })).rejects.toMatchObject({
        reason: { key: 'staff:refusal.not_coordinator' },
      });
    }
    await expect(run(u, file, { institutionId: u.colleges.mse, actor: null })).rejects.toMatchObject({
      reason: { key: 'staff:refusal.college' },
    });
    expect(await db.prisma.staffRecord.count({ where: { institutionId: u.id } })).toBe(0);
    expect(await run(u, file, { actor: null })).toMatchObject({ created: 1 });
    await db.prisma.institution.update({ where: { id: u.id }, data: { deactivatedAt: TEST_NOW } });
    await expect(run(u, file, { actor: null })).rejects.toMatchObject({
      reason: { key: 'staff:refusal.deactivated' },
    });
  });

  it('reports progress as it goes', async () => {
    const u = await createUniversity(db.prisma);
    const rows = [ZH_HEADERS];
    for (let i = 0; i < 25; i++) rows.push([`员工${i}`, `N${i}`, '', '', '在职', '']);
    const seen: number[] = [];
    const file = utf8(csv(rows));
    const summary = await run(u, file, {
      totalBytes: file.length,
      progressEvery: 10,
      onProgress: (p) => {
        seen.push(p.rowsRead);
        expect(p.totalBytes).toBe(file.length);
      },
    });
    expect(summary.created).toBe(25);
    expect(seen).toEqual([10, 20, 25]);
  });
});
