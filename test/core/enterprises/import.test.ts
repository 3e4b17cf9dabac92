// A bureau's list of enterprises imported as verified, on both databases: row-level errors with
// the row numbers Excel shows, idempotent by credit code, the importer's province only, CSV and
// XLSX, and invitations for each row's contact.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '../../../core/enterprises/enterprises.ts';
import { importEnterprises } from '../../../core/enterprises/import.ts';
import { Refusal } from '../../../core/errors.ts';
import { loadActor } from '../../../core/people/actor.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { creditCode, type Officials, officials, personWithRole, withWrongCheck } from './fixtures.ts';

const HEADERS = [
  '企业名称',
  '统一社会信用代码',
  '所在地区',
  '企业类型',
  '战略性新兴产业',
  '关注IPC',
  '关键词',
  '技术需求',
  '联系人',
  '联系人邮箱',
];

const csv = (rows: (string | number)[][]) =>
  `${rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;
const source = (content: string | Buffer) => async () => Readable.from([Buffer.from(content)]);

describe.each(DATABASE_KINDS)('enterprise import on %s', (kind) => {
  let db: TestDatabase;
  let people: Officials;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    people = await officials(db.prisma);
  });
  afterAll(() => db?.close());

  const officer = async () => (await loadActor(db.prisma, people.zhejiang.personId))!;

  it('imports the good rows verified and reports each bad one with its row number', async () => {
    const good = [creditCode(), creditCode()];
    const dup = creditCode();
    const file = csv([
      ['浙江省高新技术企业名录（2026）'], // a title row above the header: row 1
      HEADERS, // row 2
      [
        '杭州储能科技有限公司',
        good[0]!,
        '330100',
        '高新技术企业；专精特新',
        '新材料、6',
        'H01M; H02J',
        '储能、固态电池',
        '需要电池回收技术',
        '',
        '',
      ], // 3
      ['宁波智造有限公司', good[1]!, '宁波', 'high-tech', '2', '', '', '', '', ''], // 4
      ['', '', '', '', '', '', '', '', '', ''], // 5: blank, skipped
      ['校验位错误公司', withWrongCheck(creditCode()), '330100', '', '', '', '', '', '', ''], // 6
      ['地区错误公司', creditCode(), '339999', '', '', '', '', '', '', ''], // 7
      ['IPC错误公司', creditCode(), '330100', '', '', '电池', '', '', '', ''], // 8
      ['', creditCode(), '330100', '', '', '', '', '', '', ''], // 9: no name
      ['北京某公司', creditCode(), '110105', '', '', '', '', '', '', ''], // 10: not Zhejiang
      ['重复一', dup, '330100', '', '', '', '', '', '', ''], // 11
      ['重复二', dup, '330100', '', '', '', '', '', '', ''], // 12
      ['类型错误公司', creditCode(), '330100', '上市公司', '', '', '', '', '', ''], // 13
    ]);
    const result = await importEnterprises(db.prisma, await officer(), { open: source(file), now: TEST_NOW });
    expect(result.fatal).toBeNull();
    expect(result).toMatchObject({ total: 10, created: 3, updated: 0, unchanged: 0, failed: 7, verified: 0 });
    expect(result.errors.map((e) => [e.row, e.field, e.error.key])).toEqual([
      [6, 'creditCode', 'enterprises:error.credit_code.check_digit'],
      [7, 'region', 'enterprises:error.region_unknown'],
      [8, 'ipcInterests', 'enterprises:error.ipc'],
      [9, 'name', 'enterprises:import.error.missing'],
      [10, 'region', 'enterprises:import.error.foreign_province'],
      [12, 'creditCode', 'enterprises:import.error.duplicate_in_file'],
      [13, 'types', 'enterprises:error.type_unknown'],
    ]);
    expect(result.errors.find((e) => e.row === 12)!.error.params).toEqual({ row: 11 });
    const first = await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: good[0]! } });
    expect(first).toMatchObject({
      name: '杭州储能科技有限公司',
      status: 'VERIFIED',
      verifiedAt: TEST_NOW,
      verifiedById: people.zhejiang.personId,
      types: ['SPECIALIZED_SME', 'HIGH_TECH'],
      industries: ['new_materials', 'new_energy'],
      ipcInterests: ['H01M', 'H02J'],
      keywords: ['储能', '固态电池'],
      needs: '需要电池回收技术',
    });
    expect((await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: good[1]! } })).region).toBe(
      '330200',
    );
    expect(await db.prisma.auditLog.count({ where: { action: 'enterprise.imported' } })).toBe(3);

    // The same file again: nothing changes, nothing is duplicated.
    const again = await importEnterprises(db.prisma, await officer(), { open: source(file), now: TEST_NOW });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 7 });
    expect(await db.prisma.enterprise.count({ where: { creditCode: { in: good } } })).toBe(2);
    expect(await db.prisma.auditLog.count({ where: { action: 'enterprise.imported' } })).toBe(3);
  });

  it('verifies an enterprise registered in chat, keeping what the list leaves empty', async () => {
    const registrant = await personWithRole(db.prisma, '自助注册', null);
    const code = creditCode();
    await registerEnterprise(
      db.prisma,
      registrant,
      { name: '自助注册公司', creditCode: code, region: '330100', keywords: ['自有关键词'] },
      TEST_NOW,
    );
    const file = csv([HEADERS, ['自助注册公司（全称）', code, '330100', '', '', 'H01M', '', '', '', '']]);
    const result = await importEnterprises(db.prisma, await officer(), { open: source(file), now: TEST_NOW });
    expect(result).toMatchObject({ created: 0, updated: 1, verified: 1, failed: 0 });
    expect(await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: code } })).toMatchObject({
      name: '自助注册公司（全称）',
      status: 'VERIFIED',
      ipcInterests: ['H01M'],
      keywords: ['自有关键词'],
    });
  });

  it('reads XLSX too', async () => {
    const code = creditCode();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名录');
    sheet.addRow(['Enterprise name', 'Credit code', 'Region', 'Industries']);
    sheet.addRow(['Hangzhou XLSX Co.', code, 330100, 'New materials']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await importEnterprises(db.prisma, null, { open: source(buffer), now: TEST_NOW });
    expect(result).toMatchObject({ fatal: null, created: 1, failed: 0 });
    expect(await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: code } })).toMatchObject({
      region: '330100',
      industries: ['new_materials'],
      status: 'VERIFIED',
      verifiedById: null,
    });
  });

  it('invites each row’s contact as the enterprise’s administrator, once', async () => {
    const code = creditCode();
    const file = csv([
      HEADERS,
      ['联系人公司', code, '330100', '', '', '', '', '', '赵联系', 'zhao@example.cn'],
    ]);
    const result = await importEnterprises(db.prisma, null, { open: source(file), now: TEST_NOW });
    expect(result.invitations).toHaveLength(1);
    expect(result.invitations[0]).toMatchObject({ row: 2, personName: '赵联系', email: 'zhao@example.cn' });
    expect(result.invitations[0]!.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const enterprise = await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: code } });
    const invite = await db.prisma.invite.findFirstOrThrow({ where: { enterpriseId: enterprise.id } });
    expect(invite).toMatchObject({ role: 'ENTERPRISE_ADMIN', usedAt: null, revokedAt: null });
    // Imported again: the open invitation stands, no second one.
    const again = await importEnterprises(db.prisma, null, { open: source(file), now: TEST_NOW });
    expect(again.invitations).toHaveLength(0);
    expect(await db.prisma.invite.count({ where: { enterpriseId: enterprise.id } })).toBe(1);
  });

  it('refuses anyone but bureau officers and administrators, and a file without the columns', async () => {
    const staff = await personWithRole(db.prisma, '企业员工', 'INVENTOR');
    const refused = await importEnterprises(db.prisma, (await loadActor(db.prisma, staff.personId))!, {
      open: source(csv([HEADERS])),
      now: TEST_NOW,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).reason.key).toBe('enterprises:refusal.bureau_only');
    const noHeader = await importEnterprises(db.prisma, null, {
      open: source(
        csv([
          ['名称', '地址'],
          ['某公司', '杭州'],
        ]),
      ),
      now: TEST_NOW,
    });
    expect(noHeader.fatal?.key).toBe('enterprises:import.fatal.missing_headers');
    expect(noHeader.fatal?.params).toEqual({ missing: '统一社会信用代码、所在地区' });
  });
});
