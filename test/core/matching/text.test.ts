// Text on both sides of a match: normalisation, segmentation into terms, what a needs prose is
// understood as (and how that is shown), and the pool's own IDF from the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractNeeds, understoodTerms } from '../../../core/matching/text/needs.ts';
import { normalizeText } from '../../../core/matching/text/normalize.ts';
import { analyze, chunks } from '../../../core/matching/text/segment.ts';
import { describeUnderstood, poolIdf, understoodNeeds } from '../../../core/matching/understood.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('segmentation', () => {
  it('normalises once (NFKC, case) and keeps Latin words whole', () => {
    expect(normalizeText('ＬＥＤ驱动 Chain')).toBe('led驱动 chain');
    expect(analyze('ＬＥＤ驱动芯片')).toEqual(expect.arrayContaining(['led', '驱动', '芯片']));
    expect(analyze('Blockchain ledger')).not.toContain('ai');
    expect(analyze('Blockchain ledger')).not.toContain('led');
  });

  it('cuts prose into content chunks at stop words, with CJK bigrams and long words', () => {
    expect(chunks(normalizeText('我们专注于储能电池的热管理，希望提高循环寿命')).map((c) => c.text)).toEqual([
      '储能电池',
      '热管理',
      '循环寿命',
    ]);
    expect(analyze('硫化物固态电解质')).toEqual(expect.arrayContaining(['硫化', '固态', '电解质', '硫化物']));
  });
});

describe('needs', () => {
  const idf = (term: string) => (term === '电池' ? 0.2 : 3);
  it('weights phrases by the pool IDF and leaves out filler', () => {
    const phrases = extractNeeds('我们专注于储能电池的热管理，希望提高循环寿命。电池。', idf);
    const texts = phrases.map((p) => p.text);
    expect(texts).toEqual(expect.arrayContaining(['储能电池', '热管理', '循环寿命']));
    expect(texts).not.toContain('电池');
    expect(texts).not.toContain('专注');
    expect(understoodTerms(phrases, 2)).toHaveLength(2);
  });

  it('is shown back in both languages', () => {
    const phrases = extractNeeds('储能电池的热管理', () => 3);
    expect(describeUnderstood('zh-CN', phrases)).toBe('我们将为您查找：储能电池、热管理');
    expect(
      describeUnderstood(
        'en',
        extractNeeds('thermal management of battery packs', () => 3),
      ),
    ).toBe('We will look for: thermal management, battery packs');
    expect(describeUnderstood('zh-CN', [])).toContain('没有找到具体的技术词');
  });
});

describe('the pool IDF', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    const institution = await db.prisma.institution.create({
      data: { code: 'IDF', nameZh: '测试大学', kind: 'UNIVERSITY', province: '330000' },
    });
    const titles = [
      '一种储能电池热管理系统',
      '一种电池隔膜',
      '一种电池电极',
      '一种电池外壳',
      '农业灌溉装置',
      '中药提取方法',
      '钢板焊接工艺',
      '天线阵列',
    ];
    for (const [i, title] of titles.entries()) {
      await db.prisma.patent.create({
        data: {
          applicationNumber: `20241000000${i}.X`,
          title,
          type: 'INVENTION',
          ipcCodes: [],
          applicationDate: new Date('2024-01-01'),
          legalStatus: 'VALID',
          inventoryStatus: 'IN_POOL',
          patentees: [],
          institutionId: institution.id,
        },
      });
    }
  });
  afterAll(() => db?.close());

  it('ranks words the pool rarely uses above words most of it uses', async () => {
    const idf = await poolIdf(db.prisma);
    expect(idf('热管')).toBeGreaterThan(idf('电池'));
    expect(await understoodNeeds(db.prisma, 'zh-CN', '我们需要电池的热管理')).toBe('我们将为您查找：热管理');
  });
});
