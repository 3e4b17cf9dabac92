// Scoring and reasons, without a database: IPC depth by real prefix comparison, BM25F text evidence,
// bonuses and feedback, the reasons adding up to the score, and how reasons read.
import { describe, expect, it } from 'vitest';
import { scoreDoc } from '../../../core/matching/explain.ts';
import { buildPoolIndex, type PoolPatent } from '../../../core/matching/index/pool-index.ts';
import { agreement, parseIpc } from '../../../core/matching/ipc-depth.ts';
import { buildQuery, type MatchProfile } from '../../../core/matching/query.ts';
import { describeReasons, parseReasons } from '../../../core/matching/reasons.ts';

const enterprise: MatchProfile = {
  region: '330106',
  ipcInterests: ['H01M 10/05', 'G06N', 'C01'],
  keywords: ['固态电解质', 'Battery'],
};
let n = 0;
const patent = (over: Partial<PoolPatent>): PoolPatent => ({
  id: `p${n}`,
  order: `${n++}`.padStart(4, '0'),
  title: 'x',
  abstract: null,
  ipcCodes: [],
  province: '110000',
  ...over,
});
// Filler patents give the pool an IDF like a real one: the words under test are rare in it.
const filler = Array.from({ length: 30 }, (_, i) =>
  patent({ title: `一种农业灌溉装置${i}`, abstract: '包括水泵、管道和控制阀。', ipcCodes: ['A01G 25/02'] }),
);
function score(p: PoolPatent, profile: MatchProfile = enterprise) {
  const index = buildPoolIndex([p, ...filler]);
  return scoreDoc(index, buildQuery(index, profile), 0);
}
const sumOf = (reasons: { points?: number }[]) =>
  reasons.reduce((s, r) => s + Math.round((r.points ?? 0) * 10), 0) / 10;

describe('IPC depth', () => {
  const depth = (p: string, i: string) => agreement(parseIpc(p)!, parseIpc(i)!);
  it('compares real prefixes: subgroup > main group > subclass > class', () => {
    expect(depth('H01M 10/0562', 'H01M 10/05')).toMatchObject({
      depth: 'subgroup',
      shared: 'H01M 10/05',
      within: true,
    });
    // an interest cut short is never claimed: 10/05 is not under 10/54, they share the main group
    expect(depth('H01M 10/05', 'H01M 10/54')).toMatchObject({
      depth: 'group',
      shared: 'H01M 10/00',
      within: false,
    });
    expect(depth('H01M 10/633', 'H01M 10/613')).toMatchObject({ depth: 'group', digits: 1 });
    expect(depth('h01m 10/42', 'H01M 10')).toMatchObject({
      depth: 'group',
      shared: 'H01M 10/00',
      within: true,
    });
    expect(depth('H01M 4/13', 'H01M 10/05')).toMatchObject({
      depth: 'subclass',
      shared: 'H01M',
      within: false,
    });
    expect(depth('H01M 4/13', 'Ｈ01Ｍ')).toMatchObject({ depth: 'subclass', shared: 'H01M', within: true });
    expect(depth('H01L 31/04', 'H01M 10/05')).toMatchObject({ depth: 'class', shared: 'H01', within: false });
    expect(depth('C01B 25/45', 'C01')).toMatchObject({ depth: 'class', shared: 'C01', within: true });
    expect(depth('G06F 3/01', 'H01M')).toBeNull();
    expect(parseIpc('not a symbol')).toBeNull();
  });

  it('scores deeper agreement higher and the main classification more', () => {
    const at = (codes: string[]) => score(patent({ ipcCodes: codes }))!.score;
    expect(at(['H01M 10/0562'])).toBeGreaterThan(at(['H01M 10/42']));
    expect(at(['H01M 10/42'])).toBeGreaterThan(at(['H01M 4/13']));
    expect(at(['H01M 4/13'])).toBeGreaterThan(at(['H01L 31/04']));
    expect(at(['H01M 10/0562', 'A01B 1/00'])).toBeGreaterThan(at(['A01B 1/00', 'H01M 10/0562']));
    const both = score(patent({ ipcCodes: ['C01B 25/45', 'H01M 10/0562'] }))!;
    expect(both.reasons.filter((r) => r.kind === 'ipc')).toEqual([
      {
        kind: 'ipc',
        patent: 'H01M 10/0562',
        interest: 'H01M 10/05',
        level: 'subgroup',
        main: false,
        points: 40,
      },
    ]);
  });
});

describe('text evidence', () => {
  it('matches whole Latin words after NFKC and case folding, never inside a word', () => {
    const led = { ...enterprise, ipcInterests: [], keywords: ['LED', 'AI'] };
    const full = score(patent({ title: 'ＬＥＤ驱动电路' }), led)!;
    expect(full.reasons).toContainEqual(
      expect.objectContaining({ kind: 'text', phrase: 'LED', title: ['led'] }),
    );
    expect(score(patent({ title: 'Blockchain ledger node' }), led)).toBeNull();
  });

  it('quotes what it found and where, the title weighing more than the abstract', () => {
    const result = score(
      patent({ title: '一种硫化物固态电解质', abstract: 'Used in a solid-state BATTERY pack.' }),
    )!;
    expect(result.reasons).toEqual([
      expect.objectContaining({ kind: 'text', phrase: '固态电解质', title: ['固态电解质'] }),
      expect.objectContaining({ kind: 'text', phrase: 'Battery', abstract: ['battery'] }),
    ]);
    const inTitle = score(patent({ title: '固态电解质' }))!.score;
    const inAbstract = score(patent({ abstract: '含固态电解质' }))!.score;
    expect(inTitle).toBeGreaterThan(inAbstract);
  });

  it('finds a prose need by its phrases, without filler words', () => {
    const prose = {
      region: '110000',
      ipcInterests: [],
      keywords: [],
      needs: '我们专注于储能电池的热管理，希望提高循环寿命。',
    };
    const result = score(patent({ title: '一种储能电池热管理系统' }), prose)!;
    const phrases = result.reasons.flatMap((r) => (r.kind === 'text' ? [r.phrase] : []));
    expect(phrases).toEqual(expect.arrayContaining(['储能电池', '热管理']));
    expect(phrases).not.toContain('专注');
  });
});

describe('bonuses and feedback', () => {
  it('adds a small region bonus and the value grade, never alone', () => {
    const near = score(patent({ ipcCodes: ['H01M 4/13'], province: '330000', selfGrade: 'good' }))!;
    const far = score(patent({ ipcCodes: ['H01M 4/13'] }))!;
    expect(near.reasons).toContainEqual({ kind: 'region', value: '330000', points: 4 });
    expect(near.reasons).toContainEqual({ kind: 'value', source: 'self', grade: 'good', points: 3 });
    expect(near.score - far.score).toBeLessThan(far.score);
    expect(score(patent({ province: '330000', selfGrade: 'good' }))).toBeNull();
  });

  it('raises patents like those marked interesting, lowers those like declined ones by reason', () => {
    const base = { ...enterprise, keywords: [] };
    const like = { title: '电解质膜', ipcCodes: ['H01M 10/0565'] };
    const p = patent({ ipcCodes: ['H01M 10/056'] });
    const plain = score(p, base)!.score;
    const liked = score(p, { ...base, feedback: [{ ...like, answer: 'interested' }] })!;
    const outside = score(p, {
      ...base,
      feedback: [{ ...like, answer: 'declined', reason: 'outsideField' }],
    })!;
    const early = score(p, { ...base, feedback: [{ ...like, answer: 'declined', reason: 'tooEarly' }] })!;
    expect(liked.score).toBeGreaterThan(plain);
    expect(outside.score).toBeLessThan(early.score);
    expect(early.score).toBeLessThan(plain);
    expect(outside.reasons).toContainEqual(
      expect.objectContaining({
        kind: 'feedback',
        answer: 'declined',
        reason: 'outsideField',
        shared: 'H01M 10/00',
      }),
    );
  });

  it('always adds the reasons up to the score', () => {
    const result = score(
      patent({
        title: '硫化物固态电解质',
        abstract: 'battery',
        ipcCodes: ['H01M 10/0562'],
        province: '330000',
      }),
    )!;
    expect(sumOf(result.reasons)).toBe(result.score);
  });
});

describe('reasons', () => {
  it('are validated on read, leaving out what this version does not understand', () => {
    const stored = [
      { kind: 'ipc', patent: 'H01M 10/0562', interest: 'H01M 10/05', level: 'group' },
      { kind: 'keyword', value: '固态电解质', where: 'abstract' },
      { kind: 'region', value: '330000' },
      { kind: 'ipc', patent: 'H01M 10/0562' },
      { kind: 'crystal-ball' },
    ];
    expect(parseReasons(stored)).toHaveLength(3);
    expect(parseReasons('garbage')).toEqual([]);
  });

  it('state their real level in both languages, with the points they added', () => {
    const reasons = parseReasons([
      { kind: 'ipc', patent: 'H01L 31/04', interest: 'H01M', level: 'class', main: true, points: 9 },
      { kind: 'ipc', patent: 'H01M 10/05', interest: 'H01M 10/54', level: 'group', points: 30 },
      {
        kind: 'text',
        source: 'needs',
        phrase: '热管理',
        title: ['热管理'],
        abstract: ['循环'],
        points: 12.5,
      },
      { kind: 'region', value: '330000', points: 4 },
    ]);
    expect(describeReasons('zh-CN', reasons)).toEqual([
      '主分类号 H01L 31/04 与贵单位关注的 H01M 同属 H01 大类（+9 分）',
      'IPC 分类号 H01M 10/05 与贵单位关注的 H01M 10/54 同在主组 H01M 10/00 下（+30 分）',
      '需求“热管理”：标题中有“热管理”；摘要中有“循环”（+12.5 分）',
      '专利权人与贵单位位于同一省份（+4 分）',
    ]);
    expect(describeReasons('en', reasons)).toEqual([
      'main IPC H01L 31/04 shares class H01 with your field H01M (+9)',
      'IPC H01M 10/05 shares main group H01M 10/00 with your field H01M 10/54 (+30)',
      'your need “热管理”: “热管理” in the title; “循环” in the abstract (+12.5)',
      'the holder is in your province (+4)',
    ]);
  });

  it('recompute the level of a stored legacy reason rather than repeat a false one', () => {
    // Written by the previous version: a class-level match stored as "falls in your field H01M".
    const [legacy] = parseReasons([
      { kind: 'ipc', patent: 'H01L 31/04', interest: 'H01M', level: 'class', main: true },
    ]);
    expect(describeReasons('zh-CN', [legacy!])).toEqual([
      '主分类号 H01L 31/04 与贵单位关注的 H01M 同属 H01 大类',
    ]);
  });
});
