// Institutions and colleges from CSV and XLSX, on both databases: bad rows reported with their row
// numbers while the good rows land; the same file again changes nothing and says so; changed rows
// are updated and reported.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../core/i18n.ts';
import { importInstitutions } from '../../../core/institutions/import.ts';
import { renderInstitutionImportReport } from '../../../core/institutions/report.ts';
import type { Actor } from '../../../core/people/actor.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { csv, gbk, opener, utf8, xlsx } from '../inventory/fixtures.ts';
import { actorWithRole, badCreditCode, creditCode } from './fixtures.ts';

const ZH_HEADERS = ['代码', '中文名称', '英文名称', '类型', '统一社会信用代码', '省份', '城市', '上级代码'];
const EN_HEADERS = ['code', 'name_zh', 'name_en', 'kind', 'credit_code', 'province', 'city', 'parent_code'];

/** Rows 2–10 of the file (row 1 is the header). */
const ROWS = [
  // a college listed before its university (row 2)
  ['HZTU-CS', '计算机学院', 'College of Computer Science', '', '', '', '', 'HZTU'],
  ['HZTU', '杭州测试大学', 'Hangzhou Test University', '高校', creditCode(11), '浙江省', '杭州市', ''],
  [
    'NBRI',
    '宁波测试研究院',
    'Ningbo Test Research Institute',
    '科研院所',
    creditCode(12),
    '330000',
    '330200',
    '',
  ],
  ['BAD1', '校验位错误大学', 'Bad Check University', '高校', badCreditCode(13), '浙江', '杭州', ''],
  ['BAD2', '城市错误大学', 'Wrong City University', '高校', creditCode(14), '浙江', '南京', ''],
  ['HZTU', '重复代码大学', 'Duplicate University', '高校', creditCode(15), '浙江', '杭州', ''],
  ['ME', '机械工程学院', '', '', '', '', '', 'HZTU'],
  ['X-CS', '无主学院', '', '', '', '', '', 'NOPE'],
  ['B1-CS', '坏上级学院', '', '', '', '', '', 'BAD1'],
];

describe.each(DATABASE_KINDS)('institution import on %s', (kind) => {
  let db: TestDatabase;
  let admin: Actor;
  let dir: string;
  const clock = testClock();

  const run = (
    buffer: Buffer,
    fileName = 'institutions.csv',
    errorFileBase: string | null = null,
    actor = admin,
  ) =>
    importInstitutions(db.prisma, {
      actor,
      fileName,
      open: opener(buffer, 97),
      clock,
      locale: 'zh-CN',
      errorFileBase,
    });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    admin = await actorWithRole(db.prisma, '管理员', 'ADMIN');
    dir = await mkdtemp(path.join(tmpdir(), 'revive-institutions-'));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lands the good rows and reports each bad one with its row number and reason', async () => {
    const summary = await run(
      utf8(csv([ZH_HEADERS, ...ROWS])),
      'institutions.csv',
      path.join(dir, 'first.errors'),
    );
    expect(summary).toMatchObject({
      status: 'COMPLETED',
      totalRows: 9,
      created: 4,
      updated: 0,
      unchanged: 0,
      failed: 5,
    });
    expect(summary.rows.map((r) => [r.row, r.code, r.outcome])).toEqual([
      [2, 'HZTU-CS', 'created'],
      [3, 'HZTU', 'created'],
      [4, 'NBRI', 'created'],
      [8, 'HZTU-ME', 'created'],
    ]);
    expect(summary.errors.map((e) => [e.row, e.column, e.reason.key])).toEqual([
      [5, '统一社会信用代码', 'institutions:invalid.credit_code.check_digit'],
      [6, '城市', 'regions:error.city_not_in_province'],
      [7, '代码', 'institutions:row.duplicate'],
      [9, '上级代码', 'institutions:row.parent_unknown'],
      [10, '上级代码', 'institutions:row.parent_rejected'],
    ]);
    const hztu = await db.prisma.institution.findUniqueOrThrow({
      where: { code: 'HZTU' },
      include: { children: true },
    });
    expect(hztu).toMatchObject({
      kind: 'UNIVERSITY',
      province: '330000',
      city: '330100',
      nameEn: 'Hangzhou Test University',
    });
    expect(hztu.children.map((c) => c.code).sort()).toEqual(['HZTU-CS', 'HZTU-ME']);
    expect(await db.prisma.institution.findUniqueOrThrow({ where: { code: 'NBRI' } })).toMatchObject({
      kind: 'RESEARCH_INSTITUTE',
      city: '330200',
    });
    for (const code of ['BAD1', 'BAD2', 'X-CS', 'BAD1-B1-CS']) {
      expect(await db.prisma.institution.findUnique({ where: { code } })).toBeNull();
    }
    // the report, with row numbers, and the error file with the original cells
    const report = renderInstitutionImportReport(summary, 'institutions.csv', 'zh-CN');
    expect(report).toContain(
      t('zh-CN', 'institutions:report.counts', { total: 9, created: 4, updated: 0, unchanged: 0, failed: 5 }),
    );
    expect(report).toContain('第 3 行  HZTU  杭州测试大学');
    expect(report).toContain('第 6 行「城市」：南京市 320100 不属于 浙江省 330000');
    expect(report).toContain('第 10 行「上级代码」：上级机构 BAD1 所在的第 5 行未能导入');
    expect(summary.errorFile).toBe(path.join(dir, 'first.errors.csv'));
    const errorFile = await readFile(summary.errorFile!, 'utf8');
    expect(errorFile).toContain('校验位错误大学');
    expect(errorFile.trim().split('\r\n')).toHaveLength(6);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'institutions.imported' } });
    expect(audit.details).toMatchObject({ created: 4, failed: 5, fileName: 'institutions.csv' });
    expect(await db.prisma.auditLog.count({ where: { action: 'institution.registered' } })).toBe(2);
    expect(await db.prisma.auditLog.count({ where: { action: 'college.added' } })).toBe(2);
  });

  it('changes nothing when the same rows come again, and says so', async () => {
    const good = [ZH_HEADERS, ...ROWS.filter((_, i) => [0, 1, 2, 6].includes(i))];
    const audits = await db.prisma.auditLog.count();
    const summary = await run(gbk(csv(good)), 'again.csv');
    expect(summary.format).toBe('csv-gbk');
    expect(summary).toMatchObject({ totalRows: 4, created: 0, updated: 0, unchanged: 4, failed: 0 });
    const report = renderInstitutionImportReport(summary, 'again.csv', 'en');
    expect(report).toContain(t('en', 'institutions:report.nothing_changed'));
    expect(report).toContain('Unchanged rows: 2–5');
    // only the import's own entry
    expect(await db.prisma.auditLog.count()).toBe(audits + 1);
    // the first file again, bad rows and all: the same rows rejected, nothing else touched
    const first = await run(utf8(csv([ZH_HEADERS, ...ROWS])));
    expect(first).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 5 });
    expect(first.errors.map((e) => e.row)).toEqual([5, 6, 7, 9, 10]);
    expect(renderInstitutionImportReport(first, 'institutions.csv', 'zh-CN')).toContain(
      t('zh-CN', 'institutions:report.nothing_changed_but_rejected'),
    );
    expect(await db.prisma.auditLog.count()).toBe(audits + 2);
  });

  it('updates changed rows from an XLSX with English headers and reports what changed', async () => {
    clock.advance(3_600_000);
    const file = await xlsx((sheet) => {
      sheet.addRow(['Institution list 2026']); // a title row above the header
      sheet.addRow(EN_HEADERS);
      sheet.addRow([
        'hztu',
        '杭州测试大学',
        'Hangzhou Test University (renamed)',
        'University',
        creditCode(11),
        'Zhejiang',
        'Hangzhou',
        null,
      ]);
      sheet.addRow([
        'NBRI',
        '宁波测试研究院',
        'Ningbo Test Research Institute',
        'research institute',
        creditCode(12),
        'Zhejiang',
        'Wenzhou',
        null,
      ]);
      sheet.addRow(['CS', '计算机科学与技术学院', null, null, null, null, null, 'HZTU']);
      sheet.addRow(['NEW', '新学院', 'New College', 'college', null, null, null, 'HZTU']);
    });
    const summary = await run(file, 'update.xlsx', path.join(dir, 'update.errors'));
    expect(summary).toMatchObject({
      format: 'xlsx',
      totalRows: 4,
      created: 1,
      updated: 3,
      unchanged: 0,
      failed: 0,
    });
    expect(summary.errorFile).toBeNull();
    const updated = Object.fromEntries(summary.rows.map((r) => [r.code, r.changes]));
    expect(updated.HZTU).toEqual([
      { field: 'nameEn', before: 'Hangzhou Test University', after: 'Hangzhou Test University (renamed)' },
    ]);
    expect(updated.NBRI).toEqual([{ field: 'city', before: '330200', after: '330300' }]);
    // no English name in the row: the stored one stays
    expect(updated['HZTU-CS']).toEqual([
      { field: 'nameZh', before: '计算机学院', after: '计算机科学与技术学院' },
    ]);
    const cs = await db.prisma.institution.findUniqueOrThrow({ where: { code: 'HZTU-CS' } });
    expect(cs.nameEn).toBe('College of Computer Science');
    expect(cs.updatedAt).toEqual(clock.now());
    const report = renderInstitutionImportReport(summary, 'update.xlsx', 'zh-CN');
    expect(report).toContain('第 4 行  NBRI：城市 宁波市 330200 → 温州市 330300');
    expect(report).toContain('第 6 行  HZTU-NEW  新学院（学院）');
  });

  it('refuses a file without the required headers, an .xls file, a non-administrator', async () => {
    const noHeader = await run(
      utf8(
        csv([
          ['名字', '地址'],
          ['某大学', '杭州'],
        ]),
      ),
    );
    expect(noHeader).toMatchObject({ status: 'FAILED', totalRows: 0 });
    expect(t('zh-CN', noHeader.fatal!.key, noHeader.fatal!.params)).toContain('简称代码，中文名称');
    const xls = await run(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]));
    expect(xls.fatal?.key).toBe('institutions:fatal.xls');
    const hztu = await db.prisma.institution.findUniqueOrThrow({ where: { code: 'HZTU' } });
    const coordinator = await actorWithRole(db.prisma, '联络人', 'UNIVERSITY_COORDINATOR', hztu.id);
    await expect(run(utf8(csv([ZH_HEADERS, ...ROWS])), 'x.csv', null, coordinator)).rejects.toMatchObject({
      reason: { key: 'institutions:refusal.admin_only' },
    });
  });

  it('refuses rows for a deactivated institution, and a college code that another institution has', async () => {
    await db.prisma.institution.update({ where: { code: 'NBRI' }, data: { deactivatedAt: clock.now() } });
    const first = await run(
      utf8(
        csv([
          EN_HEADERS,
          ['NBRI', '宁波测试研究院', 'Ningbo', 'institute', creditCode(12), 'Zhejiang', 'Wenzhou', ''],
          ['HZTU-CS', '计算机学院', '', '', '', '', '', 'NBRI'],
          ['NBU', '宁波测试大学', 'Ningbo Test University', 'university', creditCode(16), '浙江', '宁波', ''],
          ['NBU-LAB', '宁波测试实验室', 'Ningbo Test Lab', 'institute', creditCode(17), '浙江', '宁波', ''],
        ]),
      ),
    );
    expect(first.errors.map((e) => [e.row, e.column, e.reason.key])).toEqual([
      [2, 'code', 'institutions:row.deactivated'],
      [3, 'parent_code', 'institutions:row.deactivated'],
    ]);
    expect(first.created).toBe(2);
    const second = await run(utf8(csv([EN_HEADERS, ['LAB', '实验室', '', '', '', '', '', 'nbu']])));
    expect(second.errors.map((e) => [e.row, e.column, e.reason.key])).toEqual([
      [2, 'code', 'institutions:row.code_elsewhere'],
    ]);
  });
});
