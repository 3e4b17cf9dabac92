// Scoring and reasons, without a database: what each kind of evidence is worth and how it reads.
import { describe, expect, it } from 'vitest';
import { describeReasons, parseReasons } from '../../../core/matching/reasons.ts';
import { ipcLevel, scoreMatch } from '../../../core/matching/score.ts';

const enterprise = {
  region: '330106',
  ipcInterests: ['H01M 10/05', 'G06N', 'C01'],
  keywords: ['固态电解质', 'Battery'],
};
const patent = (over: Partial<Parameters<typeof scoreMatch>[0]>) => ({
  title: 'x',
  abstract: null,
  ipcCodes: [],
  province: '110000',
  ...over,
});

describe('IPC levels', () => {
  it('finds the most specific common level', () => {
    expect(ipcLevel('H01M 10/0562', 'H01M 10/05')).toBe('group');
    expect(ipcLevel('H01M 10/42', 'h01m 10/05')).toBe('group');
    expect(ipcLevel('H01M 4/13', 'H01M 10/05')).toBe('subclass');
    expect(ipcLevel('H01M 4/13', 'H01M')).toBe('subclass');
    expect(ipcLevel('H01L 31/04', 'H01M 10/05')).toBe('class');
    expect(ipcLevel('C01B 25/45', 'C01')).toBe('class');
    expect(ipcLevel('G06F 3/01', 'H01M')).toBeNull();
    expect(ipcLevel('H01M 10/0562', 'not a symbol')).toBeNull();
  });
});

describe('scoring', () => {
  it('weighs the main classification more than a secondary one', () => {
    const main = scoreMatch(patent({ ipcCodes: ['H01M 10/0562', 'A01B 1/00'] }), enterprise);
    const secondary = scoreMatch(patent({ ipcCodes: ['A01B 1/00', 'H01M 10/0562'] }), enterprise);
    expect(main.score).toBeGreaterThan(secondary.score);
    expect(main.reasons).toEqual([
      { kind: 'ipc', patent: 'H01M 10/0562', interest: 'H01M 10/05', level: 'group', main: true },
    ]);
    expect(secondary.reasons[0]).toMatchObject({ level: 'group', main: false });
  });

  it('ranks group over subclass over class, keeping only the best IPC pair', () => {
    const group = scoreMatch(patent({ ipcCodes: ['H01M 10/0562'] }), enterprise).score;
    const subclass = scoreMatch(patent({ ipcCodes: ['H01M 4/13'] }), enterprise).score;
    const cls = scoreMatch(patent({ ipcCodes: ['C01B 25/45'] }), enterprise).score;
    expect(group).toBeGreaterThan(subclass);
    expect(subclass).toBeGreaterThan(cls);
    const both = scoreMatch(patent({ ipcCodes: ['C01B 25/45', 'H01M 10/0562'] }), enterprise);
    expect(both.reasons.filter((r) => r.kind === 'ipc')).toHaveLength(1);
    expect(both.reasons[0]).toMatchObject({ patent: 'H01M 10/0562', level: 'group' });
  });

  it('finds keywords in Chinese and English, case-insensitively, in the title before the abstract', () => {
    const result = scoreMatch(
      patent({ title: '一种硫化物固态电解质', abstract: 'Used in a solid-state BATTERY pack.' }),
      enterprise,
    );
    expect(result.reasons).toEqual([
      { kind: 'keyword', value: '固态电解质', where: 'title' },
      { kind: 'keyword', value: 'Battery', where: 'abstract' },
    ]);
    const titleOnly = scoreMatch(patent({ title: '固态电解质' }), enterprise).score;
    const abstractOnly = scoreMatch(patent({ abstract: '含固态电解质' }), enterprise).score;
    expect(titleOnly).toBeGreaterThan(abstractOnly);
  });

  it('adds a smaller bonus when the holder is in the enterprise province', () => {
    const near = scoreMatch(patent({ ipcCodes: ['H01M 4/13'], province: '330000' }), enterprise);
    const far = scoreMatch(patent({ ipcCodes: ['H01M 4/13'], province: '110000' }), enterprise);
    expect(near.reasons).toContainEqual({ kind: 'region', value: '330000' });
    expect(near.score - far.score).toBeGreaterThan(0);
    expect(near.score - far.score).toBeLessThan(far.score);
    expect(scoreMatch(patent({ province: '330000' }), enterprise).score).toBeLessThan(
      scoreMatch(patent({ title: 'battery' }), enterprise).score,
    );
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

  it('read as sentences in both languages', () => {
    const reasons = parseReasons([
      { kind: 'ipc', patent: 'H01M 10/0562', interest: 'H01M 10/05', level: 'group' },
      { kind: 'keyword', value: '固态电解质', where: 'abstract' },
      { kind: 'region', value: '330000' },
    ]);
    expect(describeReasons('en', reasons)).toEqual([
      'IPC H01M 10/0562 falls in your field H01M 10/05',
      'keyword “固态电解质” in the abstract',
      'the holder is in your province',
    ]);
    expect(describeReasons('zh-CN', reasons)).toEqual([
      'IPC 分类号 H01M 10/0562 属于贵单位关注的领域 H01M 10/05',
      '摘要中含关键词“固态电解质”',
      '专利权人与贵单位位于同一省份',
    ]);
  });
});
