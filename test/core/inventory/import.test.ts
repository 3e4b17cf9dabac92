// Importing patent lists end to end on both databases: real files generated here (UTF-8, UTF-8 with
// BOM, GBK, XLSX with merged headers, formulas and serial dates, truncated files), real storage.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../../core/errors.ts';
import { inventoryColumns } from '../../../core/export/columns.ts';
import { exportPatents } from '../../../core/export/load-patents.ts';
import { t } from '../../../core/i18n.ts';
import { formatApplicationNumber } from '../../../core/identifiers/cn-application-number.ts';
import { type ImportOptions, importPatents } from '../../../core/inventory/import.ts';
import { renderImportReport } from '../../../core/inventory/report.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import {
  appNo,
  CNIPA_HEADERS,
  cnipaRow,
  createWorld,
  csv,
  gbk,
  opener,
  utf8,
  utf8Bom,
  type World,
  xlsx,
} from './fixtures.ts';

describe.each(DATABASE_KINDS)('patent import on %s', (kind) => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'revive-import-'));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = (world: World, file: Buffer, extra: Partial<ImportOptions> = {}) =>
    importPatents(db.prisma, {
      institutionId: world.institutionId,
      actor: world.coordinator,
      fileName: 'list.csv',
      open: opener(file),
      locale: 'zh-CN',
      errorFileBase: path.join(dir, `errors-${Math.random().toString(36).slice(2)}`),
      clock: testClock(),
      ...extra,
    });
  const reasons = (summary: Awaited<ReturnType<typeof run>>) =>
    summary.errors.map((e) => ({ row: e.row, key: e.reason.key }));

  it('imports a UTF-8 CSV in CNIPA layout, links inventors and applies the responsible-inventor rule', async () => {
    const world = await createWorld(db.prisma);
    const file = utf8(
      csv([
        CNIPA_HEADERS,
        cnipaRow(1),
        // first inventor a student: the highest-ranked teacher answers
        cnipaRow(2, { 发明人: '李明;王芳;张伟' }),
        // first inventor unknown to Revive: nobody can be chosen by the rule yet
        cnipaRow(3, { 发明人: '孙七;张伟' }),
      ]),
    );
    const summary = await run(world, file);
    expect(summary).toMatchObject({
      status: 'COMPLETED',
      format: 'csv-utf8',
      totalRows: 3,
      created: 3,
      failed: 0,
    });
    expect(summary.unassigned).toBe(1);
    const p1 = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100001) },
      include: { inventors: { orderBy: { position: 'asc' } } },
    });
    expect(p1).toMatchObject({
      type: 'INVENTION',
      legalStatus: 'VALID',
      publicationNumber: 'CN108000001B',
      ipcCodes: ['H01M 10/0562', 'H01M 4/62'],
      patentees: ['测试理工大学'],
      responsibleInventorId: world.persons.zhangwei,
      institutionId: world.institutionId,
    });
    expect(p1.applicationDate.toISOString().slice(0, 10)).toBe('2018-03-01');
    // Written at the clock's time, not the machine's.
    expect(p1.createdAt).toEqual(TEST_NOW);
    expect(p1.updatedAt).toEqual(TEST_NOW);
    expect(p1.inventors.map((i) => [i.name, i.personId])).toEqual([
      ['张伟', world.persons.zhangwei],
      ['李明', world.persons.liming],
      ['王芳', world.persons.wangfang],
    ]);
    const p2 = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100002) },
    });
    expect(p2.responsibleInventorId).toBe(world.persons.wangfang);
    const p3 = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100003) },
    });
    expect(p3.responsibleInventorId).toBeNull();

    const runRow = await db.prisma.importRun.findUniqueOrThrow({ where: { id: summary.importRunId } });
    expect(runRow).toMatchObject({ status: 'COMPLETED', created: 3, format: 'csv-utf8' });
    expect(runRow.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(runRow.startedAt).toEqual(TEST_NOW);
    expect(runRow.finishedAt).toEqual(TEST_NOW);
    const entry = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'import.completed', subjectId: summary.importRunId },
    });
    expect(entry).toMatchObject({ actorId: world.coordinator.personId, institutionId: world.institutionId });
  });

  it('re-importing the same file changes nothing; a changed row updates and says what changed', async () => {
    const world = await createWorld(db.prisma);
    const rows = [CNIPA_HEADERS, cnipaRow(11), cnipaRow(12)];
    await run(world, utf8(csv(rows)));
    const again = await run(world, utf8(csv(rows)));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });

    const changed = [
      CNIPA_HEADERS,
      cnipaRow(11),
      cnipaRow(12, { 法律状态: '未缴年费专利权终止', 发明名称: '新名称' }),
    ];
    const later = new Date('2026-12-03T06:00:00Z');
    const third = await run(world, utf8(csv(changed)), { clock: testClock(later) });
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(third.changes).toEqual([
      {
        row: 3,
        applicationNumber: appNo(2018, 1, 100012),
        changes: [
          { field: 'title', before: '一种固态电解质材料及其制备方法12', after: '新名称' },
          { field: 'legalStatus', before: 'VALID', after: 'LAPSED' },
        ],
      },
    ]);
    const patent = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100012) },
    });
    expect(patent).toMatchObject({ title: '新名称', legalStatus: 'LAPSED', updatedAt: later });
    expect(patent.createdAt).toEqual(TEST_NOW);
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'patent.updated-by-import', subjectId: patent.id },
    });
    expect(JSON.stringify(audit.details)).toContain('新名称');
  });

  it('words the change report as people say it, and exports a lapsed patent as out of scope', async () => {
    const world = await createWorld(db.prisma);
    await run(world, utf8(csv([CNIPA_HEADERS, cnipaRow(15)])));
    const changed = await run(
      world,
      utf8(csv([CNIPA_HEADERS, cnipaRow(15, { 法律状态: '失效', 专利类型: '' })])),
    );
    expect(changed.updated).toBe(1);
    const zh = renderImportReport(changed, 'list.csv', 'zh-CN');
    expect(zh).toContain('法律状态由“有效”改为“失效”');
    expect(zh).not.toMatch(/VALID|LAPSED/);
    expect(renderImportReport(changed, 'list.csv', 'en')).toContain('legal status from "valid" to "lapsed"');
    const patent = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100015) },
    });
    const { value: page } = await exportPatents(db.prisma, world.institutionId)
      [Symbol.asyncIterator]()
      .next();
    const exported = page!.find((p: { id: string }) => p.id === patent.id)!;
    const status = inventoryColumns(null).find(
      (c) => c.header('en') === t('en', 'export:column.inventoryStatus'),
    )!;
    expect(status.value(exported, 'zh-CN', 'Asia/Shanghai')).toBe('不在盘点范围（专利已失效）');
  });

  it('imports a patent whose secondary fields fail, reporting them as warnings and keeping stored values', async () => {
    const world = await createWorld(db.prisma);
    const first = await run(world, utf8(csv([CNIPA_HEADERS, cnipaRow(16)])));
    expect(first.created).toBe(1);
    const summary = await run(
      world,
      utf8(
        csv([
          CNIPA_HEADERS,
          // known patent: a typo in its publication number must not erase the stored one
          cnipaRow(16, { '公开（公告）号': 'CN10800001B', 发明名称: '新名称' }),
          // new patents: imported without the values that fail
          cnipaRow(17, { '公开（公告）号': 'CN208000017U', 授权公告日: '不详' }),
          cnipaRow(18, { 授权公告日: '2017-01-01' }),
        ]),
      ),
    );
    expect(summary).toMatchObject({ created: 2, updated: 1, failed: 0, warned: 3, errorFile: null });
    expect(summary.errors).toEqual([]);
    expect(summary.warnings.map((w) => [w.row, w.column, w.reason.key])).toEqual([
      [2, '公开（公告）号', 'inventory:row.publication_number.length'],
      [3, '授权公告日', 'inventory:row.date_invalid'],
      [3, '公开（公告）号', 'inventory:row.publication_type_mismatch.INVENTION'],
      [4, '授权公告日', 'inventory:row.grant_before_filing'],
    ]);
    expect(summary.changes[0]!.changes.map((c) => c.field)).toEqual(['title']);
    const kept = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100016) },
    });
    expect(kept).toMatchObject({ title: '新名称', publicationNumber: 'CN108000016B' });
    const fresh = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100017) },
    });
    expect(fresh).toMatchObject({ publicationNumber: null, grantDate: null });
    const report = renderImportReport(summary, 'list.csv', 'en');
    expect(report).toContain(t('en', 'inventory:report.warnings_header'));
    expect(report).toContain(
      "Row 3 · 公开（公告）号: CN208000017U is not an invention's publication number: those start with 1 and end in A, B or C",
    );
    const stored = await db.prisma.importRun.findUniqueOrThrow({ where: { id: summary.importRunId } });
    expect(stored.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, code: 'inventory:row.grant_before_filing', warning: true }),
      ]),
    );
  });

  it('names the type digit a publication number needs and stores the 7-digit numbers of old patents', async () => {
    const world = await createWorld(db.prisma);
    const old = formatApplicationNumber('97101765');
    const summary = await run(
      world,
      utf8(
        csv([
          CNIPA_HEADERS,
          cnipaRow(71, {
            申请号: `CN${appNo(2018, 2, 100071)}`,
            专利类型: '实用新型',
            '公开（公告）号': 'CN110023555U',
          }),
          cnipaRow(72, {
            申请号: old,
            申请日: '1997-03-01',
            '公开（公告）号': 'CN1234567C',
            授权公告日: '2000-05-12',
          }),
        ]),
      ),
    );
    expect(summary).toMatchObject({ created: 2, failed: 0, warned: 1, errorFile: null });
    expect(renderImportReport(summary, 'list.csv', 'en')).toContain(
      'Row 2 · 公开（公告）号: CN110023555U: a utility-model publication number starts with 2',
    );
    const utility = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 2, 100071) },
    });
    expect(utility).toMatchObject({ type: 'UTILITY_MODEL', publicationNumber: null });
    const stored = await db.prisma.patent.findUniqueOrThrow({ where: { applicationNumber: old } });
    expect(stored.publicationNumber).toBe('CN1234567C');
  });

  it('reads GBK CSV and UTF-8 with BOM the same way', async () => {
    const world = await createWorld(db.prisma);
    const gbkSummary = await run(world, gbk(csv([CNIPA_HEADERS, cnipaRow(21), cnipaRow(22)])));
    expect(gbkSummary).toMatchObject({ format: 'csv-gbk', created: 2, failed: 0 });
    const bomSummary = await run(world, utf8Bom(csv([CNIPA_HEADERS, cnipaRow(23)])));
    expect(bomSummary).toMatchObject({ format: 'csv-utf8', created: 1, failed: 0, ignoredHeaders: [] });
    const p = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100021) },
    });
    expect(p.title).toBe('一种固态电解质材料及其制备方法21');
  });

  it('reports every bad row with its number and reason, and lands every good row', async () => {
    const world = await createWorld(db.prisma);
    const good = appNo(2018, 1, 100031);
    const badCheck = good.replace(/\.(.)$/, (_, c) => `.${c === '9' ? '0' : Number(c) + 1}`);
    const file = utf8(
      csv([
        CNIPA_HEADERS,
        cnipaRow(31),
        cnipaRow(32, { 申请号: badCheck }),
        [''],
        cnipaRow(33, { 申请日: '2018-02-30', IPC分类号: 'H01M', 主分类号: '' }),
        cnipaRow(34, { 专利类型: '实用新型' }),
        cnipaRow(31, { 发明名称: '重复' }),
        cnipaRow(35, { 法律状态: '不知道' }),
        cnipaRow(36),
      ]),
    );
    const summary = await run(world, file);
    expect(summary).toMatchObject({ totalRows: 7, created: 2, failed: 5 });
    expect(reasons(summary)).toEqual([
      { row: 3, key: 'inventory:row.application_number.check_digit' },
      { row: 5, key: 'inventory:row.date_invalid' },
      { row: 5, key: 'inventory:row.ipc_invalid' },
      { row: 6, key: 'inventory:row.type_mismatch' },
      { row: 7, key: 'inventory:row.duplicate' },
      { row: 8, key: 'inventory:row.legal_status_unknown' },
    ]);
    expect(summary.errors.find((e) => e.row === 7)!.reason.params).toEqual({ row: 2 });
    expect(summary.errors[0]!.column).toBe('申请号');
  });

  it('writes an error file that can be fixed and uploaded again, keeping the original row numbers', async () => {
    const world = await createWorld(db.prisma);
    const file = utf8(
      csv([
        CNIPA_HEADERS,
        cnipaRow(41),
        cnipaRow(42, { 申请日: '不详' }),
        cnipaRow(43, { 发明人: '' }),
        // Cells a spreadsheet would run as formulas go back as text.
        cnipaRow(44, {
          发明名称: '=HYPERLINK("http://x.example","点击")',
          申请号: '',
          摘要: '+1',
          '申请（专利权）人': '-2+3',
          发明人: '@张伟',
        }),
      ]),
    );
    const first = await run(world, file);
    expect(first).toMatchObject({ created: 1, failed: 3 });
    expect(first.errorFile).toMatch(/\.csv$/);
    const errorText = await readFile(first.errorFile!, 'utf8');
    expect(errorText.charCodeAt(0)).toBe(0xfeff);
    expect(errorText).toContain(t('zh-CN', 'inventory:error_file.reason'));
    expect(errorText).toContain(`申请日: ${t('zh-CN', 'inventory:row.date_invalid', { value: '不详' })}`);
    expect(errorText).toContain(`"'=HYPERLINK(""http://x.example"",""点击"")"`);
    expect(errorText).toContain(",'+1,'-2+3,");
    expect(errorText).toContain(",'@张伟,");
    expect(errorText).not.toMatch(/,[=+@-]/);
    // The coordinator fixes one row in place (the row-4 one stays wrong) and uploads the file again.
    const fixed = errorText
      .split('\r\n')
      .filter((line) => !line.includes('HYPERLINK'))
      .join('\r\n')
      .replace(',不详,', ',2018-04-02,');
    const second = await run(world, utf8(fixed));
    expect(second).toMatchObject({ created: 1, failed: 1 });
    expect(second.ignoredHeaders).toEqual([]);
    // Row 3 of the error file is row 4 of the original list: messages say 4.
    expect(second.errors.map((e) => [e.row, e.reason.key])).toEqual([[4, 'inventory:row.required']]);
    const again = await readFile(second.errorFile!, 'utf8');
    const [header, row] = again.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toBe(['原行号', '错误原因', ...CNIPA_HEADERS].join(','));
    expect(row!.startsWith('4,')).toBe(true);
  });

  it('reads an XLSX with a merged title row, two-row merged headers, formulas, serial dates and blank rows', async () => {
    const world = await createWorld(db.prisma);
    const a = appNo(2019, 1, 100051);
    const b = appNo(2019, 2, 100052);
    const c = appNo(2019, 1, 100053);
    const file = await xlsx((sheet) => {
      sheet.addRow(['测试理工大学存量专利清单']);
      sheet.mergeCells('A1:H1');
      sheet.addRow(['申请号', '日期', null, '发明名称', '发明人', '分类', null, '法律状态']);
      sheet.addRow([null, '申请日', '授权公告日', null, null, 'IPC分类号', '主分类号', null]);
      sheet.mergeCells('B2:C2');
      sheet.mergeCells('F2:G2');
      for (const col of ['A', 'D', 'E', 'H']) sheet.mergeCells(`${col}2:${col}3`);
      // Excel serial dates (43500 = 2019-02-04) and a real Date; a formula with its cached result
      sheet.addRow([
        a,
        43500,
        new Date(Date.UTC(2021, 0, 5)),
        { formula: 'CONCAT("一种","电池")', result: '一种电池' },
        '张伟',
        'H01M 10/0562',
        null,
        '有效',
      ]);
      sheet.addRow([]);
      sheet.addRow([b, '2019-03-01', null, '一种夹具', '王芳、张伟', 'B25B 11/00', null, '有效']);
      // a formula never computed: reported, not guessed
      sheet.addRow([c, 43600, null, { formula: 'A1&B1' }, '张伟', 'H01M 4/62', null, { error: '#N/A' }]);
    });
    const summary = await run(world, file, { fileName: 'list.xlsx' });
    expect(summary).toMatchObject({ format: 'xlsx', totalRows: 3, created: 2, failed: 1 });
    expect(reasons(summary)).toEqual([
      { row: 7, key: 'inventory:row.formula_without_value' },
      { row: 7, key: 'inventory:row.cell_error' },
    ]);
    const pa = await db.prisma.patent.findUniqueOrThrow({ where: { applicationNumber: a } });
    expect(pa.title).toBe('一种电池');
    expect(pa.applicationDate.toISOString().slice(0, 10)).toBe('2019-02-04');
    expect(pa.grantDate?.toISOString().slice(0, 10)).toBe('2021-01-05');
    const pb = await db.prisma.patent.findUniqueOrThrow({ where: { applicationNumber: b } });
    expect(pb).toMatchObject({ type: 'UTILITY_MODEL', responsibleInventorId: world.persons.wangfang });
    expect(summary.errorFile).toMatch(/\.xlsx$/);
  });

  it('keeps the rows before the break of a truncated CSV and says where it broke', async () => {
    const world = await createWorld(db.prisma);
    const full = utf8(
      csv([CNIPA_HEADERS, cnipaRow(61), cnipaRow(62), cnipaRow(63, { 摘要: '多行\n摘要"引号"' })]),
    );
    const cut = full.subarray(0, full.indexOf(utf8('多行')) + 4);
    const summary = await run(world, cut);
    expect(summary.status).toBe('FAILED');
    expect(summary.fatal?.key).toBe('inventory:fatal.truncated');
    expect(summary.created).toBe(2);
  });

  it('reports a truncated XLSX as damaged without writing anything', async () => {
    // The sheet XML refers to shared strings and the workbook stored after it in the zip (Excel's
    // order too): a cut file has no readable row, so the report says the file is damaged.
    const world = await createWorld(db.prisma);
    const file = await xlsx((sheet) => {
      sheet.addRow(CNIPA_HEADERS);
      for (let i = 0; i < 50; i++) sheet.addRow(cnipaRow(700 + i));
    });
    const summary = await run(world, file.subarray(0, Math.floor(file.length * 0.9)), {
      fileName: 'cut.xlsx',
    });
    expect(summary).toMatchObject({ status: 'FAILED', totalRows: 0, created: 0, failed: 0 });
    expect(summary.fatal).toEqual({ key: 'inventory:fatal.damaged' });
    const runRow = await db.prisma.importRun.findUniqueOrThrow({ where: { id: summary.importRunId } });
    expect(runRow.status).toBe('FAILED');
    expect(runRow.errors).toEqual([expect.objectContaining({ row: 0, code: 'inventory:fatal.damaged' })]);
    expect(await db.prisma.patent.count({ where: { applicationNumber: appNo(2018, 1, 100700) } })).toBe(0);
  });

  it('names the missing required headers', async () => {
    const world = await createWorld(db.prisma);
    const summary = await run(
      world,
      utf8(
        csv([
          ['专利名称', '备注'],
          ['x', 'y'],
        ]),
      ),
    );
    expect(summary.status).toBe('FAILED');
    expect(summary.fatal?.key).toBe('inventory:fatal.missing_headers');
    expect(summary.fatal?.params?.missing).toBe('申请号、申请日、发明人');
  });

  it('accepts English headers', async () => {
    const world = await createWorld(db.prisma);
    const summary = await run(
      world,
      utf8(
        csv([
          ['Application No.', 'Filing Date', 'Title', 'Inventors', 'IPC', 'Type', 'College'],
          [
            appNo(2020, 1, 100081),
            '2020/6/1',
            'A battery',
            '张伟',
            'H01M 10/0562',
            'Invention',
            'School of Materials',
          ],
          [appNo(2020, 3, 100082), '20200602', 'A lamp', '张伟', '', 'Design', '不存在学院'],
        ]),
      ),
    );
    expect(summary).toMatchObject({ created: 1, failed: 1 });
    expect(reasons(summary)).toEqual([{ row: 3, key: 'inventory:row.college_unknown' }]);
    const p = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2020, 1, 100081) },
    });
    expect(p.collegeId).toBe(world.collegeId);
  });

  it('reports an inventor name that matches several persons instead of guessing', async () => {
    const world = await createWorld(db.prisma);
    const twin = await db.prisma.person.create({
      data: { name: '张伟', email: `twin-${world.institutionId}@x.cn` },
    });
    await db.prisma.roleAssignment.create({
      data: { personId: twin.id, role: 'INVENTOR', institutionId: world.collegeId },
    });
    const summary = await run(world, utf8(csv([CNIPA_HEADERS, cnipaRow(91)])));
    expect(summary.created).toBe(1);
    expect(summary.ambiguous).toHaveLength(1);
    expect(summary.ambiguous[0]).toMatchObject({ row: 2, position: 1, name: '张伟' });
    expect(summary.ambiguous[0]!.candidates.map((c) => c.personId).sort()).toEqual(
      [world.persons.zhangwei, twin.id].sort(),
    );
  });

  it('refuses inventors, enterprises and other institutions\u2019 coordinators', async () => {
    const world = await createWorld(db.prisma);
    const file = utf8(csv([CNIPA_HEADERS, cnipaRow(95)]));
    for (const actor of [
      world.inventor,
      world.enterprise,
      world.otherCoordinator,
      world.collegeCoordinator,
    ]) {
      await expect(run(world, file, { actor })).rejects.toBeInstanceOf(Refusal);
    }
    expect(await db.prisma.patent.count({ where: { applicationNumber: appNo(2018, 1, 100095) } })).toBe(0);
  });
});
