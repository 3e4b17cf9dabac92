// The digest message: short, the laggards named, chart and XLSX attached, totals that agree; a
// province of 500 institutions within Telegram's and Slack's limits; an empty province.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestMessage } from '../../../core/digest/message.ts';
import { t } from '../../../core/i18n.ts';
import { bureauDigest, institutionDigest } from '../../../core/progress/messages.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { type Fixture, PROVINCE, seedFixture } from './fixture.ts';

const JUNE_1 = new Date('2024-06-01T02:00:00Z');
const TELEGRAM_LIMIT = 4096;
const SLACK_BLOCK_LIMIT = 3000;

describe.each(DATABASE_KINDS)('the digest message on %s', (kind) => {
  let db: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    fx = await seedFixture(db.prisma);
  });
  afterAll(() => db?.close());

  it('states the headline figures, names those behind, attaches chart and table that agree', async () => {
    const message = await bureauDigest.renderStored(db.prisma, {
      locale: 'zh-CN',
      payload: { province: PROVINCE },
      personId: fx.officer,
      now: JUNE_1,
    });
    const text = message!.text;
    expect(text).toContain('浙江省');
    expect(text).toContain(
      t('zh-CN', 'digest:coverage', { inventoried: 4, total: 14, percent: 28.6, change: '' }),
    );
    expect(text).toContain('2024-06-30');
    expect(text).toContain(t('zh-CN', 'digest:units', { count: 3, behind: 1 }));
    // Only 丙大学 is behind (25 % < 30 %); 甲大学 at exactly 30 % is on track.
    expect(text).toContain('1. 丙大学 25%');
    expect(text).not.toContain('甲大学 30%');
    expect(text).toContain('转化漏斗：推送 4 → 查看 3 → 评价 2 → 意向 2 → 对接 1 → 成交 2');
    expect(text).toContain('企业评价 2 · 专家评价 1 · ');
    expect((await stat(message!.image!.path)).size).toBeGreaterThan(1000);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(message!.attachment!.path);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(3).value).toBe(t('zh-CN', 'digest:xlsx.total'));
    expect(sheet.getRow(2).getCell(3).value).toBe(t('en', 'digest:xlsx.total'));
    const rows = sheet.getSheetValues().slice(3) as unknown[][]; // 1-based: [undefined, h1, h2, ...]
    const totalRow = rows.at(-1)!;
    expect(totalRow[1]).toBe(t('zh-CN', 'digest:xlsx.total_row'));
    // Columns: 1 name, 2 code, 3 total, 4 inventoried … 8 expert evaluations … 10 deals: the message's
    // totals, and the sum of the units.
    expect([totalRow[3], totalRow[4], totalRow[8], totalRow[10]]).toEqual([14, 4, 1, 2]);
    const units = rows.slice(0, -1);
    expect(units.map((r) => r[1])).toEqual(['丙大学', '甲大学', '乙研究院']);
    expect(units.reduce((sum, r) => sum + (r[3] as number), 0)).toBe(14);
    expect(units.reduce((sum, r) => sum + (r[4] as number), 0)).toBe(4);
  });

  it('gives a coordinator the institution by college, in English', async () => {
    const message = await institutionDigest.renderStored(db.prisma, {
      locale: 'en',
      payload: { institutionId: fx.a },
      personId: fx.coordinator,
      now: JUNE_1,
    });
    expect(message!.text).toContain('University A');
    expect(message!.text).toContain('1. (no college) 0% (0/3, 1 to go)');
    // The officer is no coordinator of it: obsolete for them.
    expect(
      await institutionDigest.renderStored(db.prisma, {
        locale: 'en',
        payload: { institutionId: fx.a },
        personId: fx.officer,
        now: JUNE_1,
      }),
    ).toBeNull();
  });

  it('states the change since last week', async () => {
    await digestMessage(
      db.prisma,
      { kind: 'province', province: PROVINCE },
      {
        locale: 'en',
        now: JUNE_1,
        timeZone: 'Asia/Shanghai',
        withWorkbook: false,
      },
    );
    const c1 = await db.prisma.patent.findFirstOrThrow({
      where: { institutionId: fx.c, inventoryStatus: 'NOT_STARTED' },
    });
    await db.prisma.patent.update({ where: { id: c1.id }, data: { inventoryStatus: 'SUBMITTED' } });
    const next = await digestMessage(
      db.prisma,
      { kind: 'province', province: PROVINCE },
      {
        locale: 'en',
        now: new Date(JUNE_1.getTime() + 7 * 86_400_000),
        timeZone: 'Asia/Shanghai',
        withWorkbook: false,
      },
    );
    expect(next.message.text).toContain('5/14 patents (35.7% (+7.1))');
  });

  it('renders a batch of provinces in one pass, as one by one', async () => {
    const content = (province: string) => ({
      locale: 'zh-CN' as const,
      payload: { province },
      personId: fx.officer,
      now: JUNE_1,
    });
    const [ours, empty] = await bureauDigest.renderStoredMany!(db.prisma, [
      content(PROVINCE),
      content('990000'),
    ]);
    const single = await bureauDigest.renderStored(db.prisma, content(PROVINCE));
    expect(empty).toBeNull();
    expect(ours!.text).toBe(single!.text);
  });

  it('sends nothing for an empty province', async () => {
    expect(
      await bureauDigest.renderStored(db.prisma, {
        locale: 'en',
        payload: { province: '990000' },
        personId: fx.officer,
        now: JUNE_1,
      }),
    ).toBeNull();
  });

  it('keeps a province of 500 institutions within the chat limits', async () => {
    const province = '320000';
    const prefix = `M${randomUUID().slice(0, 6)}`;
    await db.prisma.$executeRaw`
      INSERT INTO "Institution" (id, code, "nameZh", kind, province)
      SELECT gen_random_uuid(), ${prefix} || '-' || g, '江苏省第' || g || '号职业技术学院附属研究院', 'UNIVERSITY', ${province}
      FROM generate_series(1, 500) AS g`;
    await db.prisma.$executeRaw`
      INSERT INTO "Patent" (id, "applicationNumber", title, type, "applicationDate", "grantDate", "legalStatus",
        "institutionId", "inventoryStatus", "updatedAt")
      SELECT gen_random_uuid(), ${prefix} || '-' || i.code || '-' || g, '专利', 'INVENTION', DATE '2020-01-01',
        DATE '2021-01-01', 'VALID', i.id, CASE WHEN g <= 1 THEN 'IN_POOL'::"InventoryStatus" ELSE 'NOT_STARTED' END, now()
      FROM "Institution" i CROSS JOIN generate_series(1, 5) AS g WHERE i.province = ${province}`;
    await db.prisma.roleAssignment.create({
      data: { personId: fx.officer, role: 'BUREAU_OFFICER', province },
    });
    await db.prisma.campaign.create({
      data: {
        name: '江苏盘点',
        year: 2024,
        province,
        grantedBefore: new Date('2023-12-31'),
        milestones: { create: { dueDate: new Date('2024-06-30'), targetPercent: 30 } },
      },
    });
    for (const locale of ['zh-CN', 'en'] as const) {
      const message = await bureauDigest.renderStored(db.prisma, {
        locale,
        payload: { province },
        personId: fx.officer,
        now: JUNE_1,
      });
      expect(message!.text).toContain(t(locale, 'digest:units', { count: 500, behind: 500 }));
      expect(message!.text.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(10);
      expect(message!.text.length).toBeLessThan(Math.min(TELEGRAM_LIMIT, SLACK_BLOCK_LIMIT));
    }
  });
});
