// The responsible-inventor rule fed by the staff directory, on both databases, from a university with
// no people but its coordinator: patents imported before the directory say who must be added, the
// directory's import links them; employment comes from the directory (only serving staff answer); a
// started self-assessment keeps its respondent; a shared name is settled by the patent's college; the
// inventor invitations go to the people the directory made responsible.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportInvites } from '../../../core/export/invites-export.ts';
import { t } from '../../../core/i18n.ts';
import { importPatents } from '../../../core/inventory/import.ts';
import { renderImportReport } from '../../../core/inventory/report.ts';
import { latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import { initialState } from '../../../core/questionnaire/state.ts';
import { importStaff } from '../../../core/staff/import.ts';
import { renderStaffReport } from '../../../core/staff/report.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { appNo, CNIPA_HEADERS, cnipaRow, csv, opener, utf8 } from '../inventory/fixtures.ts';
import { createUniversity, mail, type University, ZH_HEADERS } from './fixtures.ts';

const HEADERS = [...CNIPA_HEADERS, '学院'];
const patentRow = (serial: number, inventors: string, college = '') => [
  ...cnipaRow(serial, { 发明人: inventors }),
  college,
];

describe.each(DATABASE_KINDS)('responsible inventors from the staff directory on %s', (kind) => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'revive-staff-rule-'));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const patents = (u: University, rows: string[][]) =>
    importPatents(db.prisma, {
      institutionId: u.id,
      actor: u.coordinator,
      fileName: 'patents.csv',
      open: opener(utf8(csv([HEADERS, ...rows]))),
      locale: 'zh-CN',
      clock: testClock(),
    });
  const staff = (u: University, rows: string[][]) =>
    importStaff(db.prisma, {
      institutionId: u.id,
      actor: u.coordinator,
      fileName: 'staff.csv',
      open: opener(utf8(csv([ZH_HEADERS, ...rows]))),
      locale: 'zh-CN',
      clock: testClock(),
    });
  const responsible = async (serial: number) => {
    const p = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100000 + serial) },
      include: { responsibleInventor: true, inventors: { orderBy: { position: 'asc' } } },
    });
    return p.responsibleInventor?.name ?? null;
  };
  const startAssessment = async (serial: number) => {
    const p = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100000 + serial) },
    });
    const def = latestDefinition('self-assessment');
    await db.prisma.selfAssessment.create({
      data: {
        patentId: p.id,
        respondentId: p.responsibleInventorId!,
        questionnaireId: def.id,
        questionnaireVersion: def.version,
        state: initialState(def.id, def.version, { patentType: 'INVENTION' }) as never,
        createdAt: TEST_NOW,
        updatedAt: TEST_NOW,
      },
    });
  };

  it('patents imported before the directory say who must be added; the directory links them', async () => {
    const u = await createUniversity(db.prisma);
    const base = 1000;
    const before = await patents(u, [
      patentRow(base + 1, '李明;王芳;张伟'),
      patentRow(base + 2, '张伟;李明'),
      patentRow(base + 3, '孙七;张伟'),
      patentRow(base + 4, '张伟;王芳'),
    ]);
    expect(before).toMatchObject({ created: 4, unassigned: 4 });
    expect(before.missingInventors.map((m) => m.names)).toEqual([
      ['李明', '王芳', '张伟'],
      ['张伟', '李明'],
      ['孙七', '张伟'],
      ['张伟', '王芳'],
    ]);
    const report = renderImportReport(before, 'patents.csv', 'zh-CN');
    expect(report).toContain(t('zh-CN', 'inventory:report.missing_header'));
    expect(report).toContain(
      t('zh-CN', 'inventory:report.missing_line', {
        row: 4,
        number: appNo(2018, 1, 100000 + base + 3),
        names: '孙七、张伟',
      }),
    );

    const directory = await staff(u, [
      ['张伟', 'T1', mail(u, 'zhangwei'), '材料学院', '在职', ''],
      ['李明', 'S1', mail(u, 'liming'), '材料学院', '学生', ''],
      ['王芳', 'T2', mail(u, 'wangfang'), '计算机学院', '在职', ''],
    ]);
    expect(directory.patents).toEqual({ patents: 4, linked: 8, responsibleChanged: 3 });
    expect(renderStaffReport(directory, 'staff.csv', 'zh-CN')).toContain(
      t('zh-CN', 'staff:report.patents', { linked: 8, responsible: 3 }),
    );
    // First inventor a student: the highest-ranked serving inventor answers.
    expect(await responsible(base + 1)).toBe('王芳');
    expect(await responsible(base + 2)).toBe('张伟');
    // First inventor still unknown: the rule cannot say whether they are a student.
    expect(await responsible(base + 3)).toBeNull();
    expect(await responsible(base + 4)).toBe('张伟');
    const entry = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'patent.relinked-by-directory', institutionId: u.id },
    });
    expect(entry.actorId).toBe(u.coordinator.personId);

    // Re-importing the patent list now finds them all (and still names 孙七).
    const again = await patents(u, [
      patentRow(base + 1, '李明;王芳;张伟'),
      patentRow(base + 2, '张伟;李明'),
      patentRow(base + 3, '孙七;张伟'),
      patentRow(base + 4, '张伟;王芳'),
    ]);
    expect(again).toMatchObject({ unchanged: 4, unassigned: 1 });
    expect(again.missingInventors.map((m) => m.names)).toEqual([['孙七']]);

    // 张伟 retires: a patent not yet answered moves to the next serving inventor, one whose
    // self-assessment has started keeps its respondent, and one with nobody else serving has nobody.
    await startAssessment(base + 2);
    const retired = await staff(u, [['张伟', 'T1', mail(u, 'zhangwei'), '材料学院', '退休', '']]);
    expect(retired.changed.map((c) => c.changes)).toEqual([
      [{ field: 'employment', before: 'SERVING', after: 'RETIRED' }],
    ]);
    expect(retired.patents).toEqual({ patents: 1, linked: 0, responsibleChanged: 1 });
    expect(await responsible(base + 4)).toBe('王芳');
    expect(await responsible(base + 2)).toBe('张伟');
    expect(await responsible(base + 1)).toBe('王芳');
    // The same directory again changes nothing, in the directory or the patents.
    const same = await staff(u, [['张伟', 'T1', mail(u, 'zhangwei'), '材料学院', '退休', '']]);
    expect(same).toMatchObject({ unchanged: 1, updated: 0, patents: null });

    // A new patent imported after the directory: linked at once, retired first inventor skipped.
    const after = await patents(u, [patentRow(base + 5, '张伟;李明;王芳')]);
    expect(after).toMatchObject({ created: 1, unassigned: 0, missingInventors: [] });
    expect(await responsible(base + 5)).toBe('王芳');
  });

  it('settles a name shared by two staff members with the patent’s college', async () => {
    const u = await createUniversity(db.prisma);
    const base = 2000;
    await staff(u, [
      ['张伟', 'T1', mail(u, 'zw1'), '材料学院', '在职', ''],
      ['张伟', 'T2', mail(u, 'zw2'), '计算机学院', '在职', ''],
    ]);
    const summary = await patents(u, [
      patentRow(base + 1, '张伟', '计算机学院'),
      patentRow(base + 2, '张伟'),
    ]);
    expect(summary.ambiguous.map((a) => a.row)).toEqual([3]);
    const cs = await db.prisma.staffRecord.findUniqueOrThrow({
      where: { institutionId_staffNumber: { institutionId: u.id, staffNumber: 'T2' } },
    });
    const p = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100000 + base + 1) },
    });
    expect(p.responsibleInventorId).toBe(cs.personId);
    // Ambiguous is not missing: the coordinator picks, nobody needs adding.
    expect(summary.missingInventors).toEqual([]);
  });

  it('invites the responsible inventors the directory made, with its email and phone', async () => {
    const u = await createUniversity(db.prisma);
    const base = 3000;
    await staff(u, [
      ['张伟', 'T1', mail(u, 'zhangwei'), '材料学院', '在职', '13800000001'],
      ['李明', 'S1', mail(u, 'liming'), '材料学院', '学生', ''],
    ]);
    await patents(u, [patentRow(base + 1, '张伟;李明'), patentRow(base + 2, '李明;张伟')]);
    const file = path.join(dir, `invites-${base}.xlsx`);
    const result = await exportInvites(db.prisma, {
      institutionId: u.id,
      actor: u.coordinator,
      path: file,
      botUsername: 'revive_test_bot',
      now: TEST_NOW,
    });
    expect(result.invited).toBe(1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const values = workbook.worksheets[0]!.getRow(3).values as unknown[];
    expect(values).toContain('张伟');
    expect(values).toContain(mail(u, 'zhangwei'));
    expect(values).toContain('13800000001');
    expect(values).toContain(2);
  });
});
