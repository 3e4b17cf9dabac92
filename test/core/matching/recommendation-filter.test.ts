// The patents recommended beyond the pushed matches follow the matching engine's reading of keywords
// and IPC interests (normalised text, whole-word Latin keywords, loosely typed IPC symbols matched by
// real prefix), on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendationFilter } from '../../../core/matching/recommendation-filter.ts';
import { recommendedPage } from '../../../core/matching/recommended.ts';
import type { InventoryStatus, LegalStatus } from '../../../prisma/generated/client.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

// Text patents sit in a subclass no enterprise below follows; IPC patents have titles no keyword meets.
const TEXT_IPC = ['A01B 1/02'];

const PATENTS: {
  title: string;
  abstract?: string;
  ipcCodes?: string[];
  legalStatus?: LegalStatus;
  inventoryStatus?: InventoryStatus;
}[] = [
  { title: 'ＬＥＤ照明驱动电路' },
  { title: 'Led driver with dimming' },
  { title: 'LEDGER 账本同步方法' },
  { title: 'LED 路灯', legalStatus: 'LAPSED' },
  { title: 'LED 显示屏', inventoryStatus: 'SUBMITTED' },
  { title: 'AI 芯片' },
  { title: 'AI芯片封装结构' },
  { title: 'Explainable ai for diagnosis' },
  { title: 'BLOCKCHAIN 存证系统' },
  { title: 'Blockchain consensus', abstract: 'A method to maintain consensus.' },
  { title: 'A c++ compiler' },
  { title: 'Static analysis for C++ programs' },
  { title: 'cc toolchain' },
  { title: 'objc++ runtime' },
  { title: 'a.b testing' },
  { title: 'axb protocol' },
  { title: 'f(x) solver' },
  { title: '５Ｇ基站天线' },
  { title: '一种全固态电池及其制备方法' },
  { title: '固态锂电池隔膜' },
  { title: '电池管理系统', abstract: '本发明用于固态电池的热管理。' },
  { title: '专利甲', ipcCodes: ['H01M 10/0562'] },
  { title: '专利乙', ipcCodes: ['H01M 10/05'] },
  { title: '专利丙', ipcCodes: ['H01M 10/54'] },
  { title: '专利丁', ipcCodes: ['H01M 100/02'] },
  { title: '专利戊', ipcCodes: ['H01M 4/62', 'H01M 10/00'] },
  { title: '专利己', ipcCodes: ['H01L 31/04'] },
];

describe.each(DATABASE_KINDS)('recommendation filter on %s', (kind) => {
  let db: TestDatabase;
  let institutionId: string;
  let n = 0;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    institutionId = (
      await db.prisma.institution.create({
        data: {
          code: 'RF',
          nameZh: '之江理工大学',
          nameEn: 'Zhijiang',
          kind: 'UNIVERSITY',
          province: '330000',
        },
      })
    ).id;
    for (const [i, p] of PATENTS.entries()) {
      await db.prisma.patent.create({
        data: {
          applicationNumber: `2024100000${String(i).padStart(2, '0')}.1`,
          title: p.title,
          abstract: p.abstract ?? null,
          type: 'INVENTION',
          ipcCodes: p.ipcCodes ?? TEXT_IPC,
          applicationDate: new Date(Date.UTC(2021, 0, i + 1)),
          legalStatus: p.legalStatus ?? 'VALID',
          inventoryStatus: p.inventoryStatus ?? 'IN_POOL',
          patentees: [],
          institutionId,
        },
      });
    }
  });
  afterAll(() => db?.close());

  const enterprise = async (profile: { keywords?: string[]; ipcInterests?: string[] }) => {
    n += 1;
    return (
      await db.prisma.enterprise.create({
        data: {
          name: `企业${n}`,
          creditCode: `9133010000000000${String(n).padStart(2, '0')}`,
          region: '330106',
          types: ['HIGH_TECH'],
          ipcInterests: profile.ipcInterests ?? [],
          keywords: profile.keywords ?? [],
          status: 'VERIFIED',
        },
      })
    ).id;
  };
  /** The titles an enterprise with this profile is recommended, sorted. */
  const titles = async (profile: { keywords?: string[]; ipcInterests?: string[] }) => {
    const where = await recommendationFilter(db.prisma, await enterprise(profile));
    const rows = await db.prisma.patent.findMany({ where, select: { title: true } });
    return rows.map((r) => r.title).sort();
  };

  it('finds a full-width title with the keyword "LED", in any case, as a whole word', async () => {
    expect(await titles({ keywords: ['LED'] })).toEqual(
      ['Led driver with dimming', 'ＬＥＤ照明驱动电路'].sort(),
    );
  });

  it('reads the Latin keyword "AI" as a whole word: not in "Blockchain" nor in "maintain"', async () => {
    expect(await titles({ keywords: ['AI'] })).toEqual(
      ['AI 芯片', 'AI芯片封装结构', 'Explainable ai for diagnosis'].sort(),
    );
  });

  it('takes regular expression metacharacters in a keyword literally', async () => {
    expect(await titles({ keywords: ['c++', 'a.b', 'f(x', '[', '\\'] })).toEqual(
      ['A c++ compiler', 'Static analysis for C++ programs', 'a.b testing', 'f(x) solver'].sort(),
    );
  });

  it('finds a CJK keyword as a substring of the normalised title or abstract', async () => {
    expect(await titles({ keywords: ['5G基站', '固态电池'] })).toEqual(
      ['５Ｇ基站天线', '一种全固态电池及其制备方法', '电池管理系统'].sort(),
    );
  });

  it('does not let a blank keyword match everything', async () => {
    expect(await titles({ keywords: ['', '  '] })).toEqual([]);
  });

  it('reads IPC interests typed loosely, as parseIpc does', async () => {
    expect(await titles({ ipcInterests: ['h01m 10/05'] })).toEqual(['专利乙', '专利甲'].sort());
    expect(await titles({ ipcInterests: ['Ｈ01Ｍ'] })).toEqual(
      ['专利甲', '专利乙', '专利丙', '专利丁', '专利戊'].sort(),
    );
  });

  it('matches a main group by its number, not by a prefix of the digits', async () => {
    expect(await titles({ ipcInterests: ['H01M 10'] })).toEqual(
      ['专利甲', '专利乙', '专利丙', '专利戊'].sort(),
    );
  });

  it('lists the same patents through recommendedPage', async () => {
    const page = await recommendedPage(
      db.prisma,
      await enterprise({ keywords: ['LED'], ipcInterests: ['H01L'] }),
      {
        page: 0,
        pageSize: 10,
      },
    );
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.patent.title)).toEqual([
      'ＬＥＤ照明驱动电路',
      'Led driver with dimming',
      '专利己',
    ]);
  });
});
