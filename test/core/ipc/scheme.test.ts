// The shipped IPC scheme (core/ipc/scheme.json): how much of it there is in each language, titles
// known from the official editions, and a hierarchy without orphans.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { children, ipcTitle, lookup, pathTo } from '../../../core/ipc/lookup.ts';
import { IPC_SCHEME_FILE, ipcScheme, parentCode } from '../../../core/ipc/scheme.ts';

describe('the IPC scheme', () => {
  const scheme = ipcScheme();
  const at = (level: string) => scheme.entries.filter((e) => e.level === level);

  it('has every section, class and subclass of the sources, with the coverage it declares', () => {
    expect(at('section').map((e) => e.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(at('class')).toHaveLength(132);
    expect(at('subclass')).toHaveLength(656);
    const file = JSON.parse(readFileSync(IPC_SCHEME_FILE, 'utf8'));
    for (const level of ['section', 'class', 'subclass'] as const) {
      const entries = at(level);
      expect(file.coverage[level]).toEqual({
        total: entries.length,
        zh: entries.filter((e) => e.titles.zh).length,
        en: entries.filter((e) => e.titles.en).length,
        both: entries.filter((e) => e.titles.zh && e.titles.en).length,
      });
    }
    // Most subclasses have both titles; none has neither.
    expect(file.coverage.subclass.both).toBeGreaterThanOrEqual(640);
    expect(scheme.entries.every((e) => e.titles.zh || e.titles.en)).toBe(true);
  });

  it('knows titles in both languages, short (without references or edition marks)', () => {
    expect(lookup('A01B')?.titles).toEqual({
      zh: '农业或林业的整地；一般农业机械或农具的部件、零件或附件',
      en: 'Soil working in agriculture or forestry; Parts, details, or accessories of agricultural machines or implements, in general',
    });
    expect(lookup('G06N')?.titles).toEqual({
      zh: '基于特定计算模型的计算机系统',
      en: 'Computing arrangements based on specific computational models',
    });
    expect(lookup('H01M')?.titles).toEqual({
      zh: '用于直接转变化学能为电能的方法或装置，例如电池组',
      en: 'Processes or means, e.g. batteries, for the direct conversion of chemical energy into electrical energy',
    });
    expect(lookup('H04L')?.titles).toEqual({
      zh: '数字信息的传输，例如电报通信',
      en: 'Transmission of digital information, e.g. telegraphic communication',
    });
    expect(lookup('H')?.titles).toEqual({ zh: '电学', en: 'Electricity' });
    expect(lookup('C01')?.titles).toEqual({ zh: '无机化学', en: 'Inorganic chemistry' });
    // Acronyms and symbols keep their case in sentence case.
    expect(lookup('G06Q')?.titles.en).toMatch(/^Information and communication technology \[ICT\]/);
    expect(lookup('B33Y')?.titles.en).toContain('by 3D printing');
    // No title keeps a reference, an edition mark or a note.
    const marked = scheme.entries.filter(
      (e) =>
        /[（(][^）)]*[A-H]\d{2}|〔[\d０-９,，.．\s]*〕|\[[\d.,]+\]|注意|附注/.test(e.titles.zh ?? '') ||
        /\[[\d.,]+\]|\(\s*see|\b[A-H]\d{2}[A-Z] \d+\//.test(e.titles.en ?? ''),
    );
    expect(marked.map((e) => e.code)).toEqual([]);
  });

  it('falls back to the other language where one title is missing', () => {
    // H10D is newer than the English edition; C01C is missing from the Chinese source.
    expect(lookup('H10D')?.titles.en).toBeUndefined();
    expect(ipcTitle(lookup('H10D')!, 'en')).toBe('无机电子半导体器件');
    expect(lookup('C01C')?.titles.zh).toBeUndefined();
    expect(ipcTitle(lookup('C01C')!, 'zh-CN')).toBe(lookup('C01C')!.titles.en);
  });

  it('is a tree: every subclass has its class and section, and children are in code order', () => {
    const orphans = scheme.entries.filter(
      (e) =>
        (e.level === 'subclass' &&
          (scheme.byCode.get(e.code.slice(0, 3))?.level !== 'class' ||
            scheme.byCode.get(e.code.slice(0, 1))?.level !== 'section')) ||
        (e.level === 'class' && scheme.byCode.get(e.code[0]!)?.level !== 'section') ||
        !children(parentCode(e.code)).includes(e),
    );
    expect(orphans).toEqual([]);
    const listed = children().flatMap((s) => [
      s,
      ...children(s.code).flatMap((c) => [c, ...children(c.code)]),
    ]);
    expect(listed.map((e) => e.code)).toEqual(scheme.entries.map((e) => e.code));
    expect(children().map((e) => e.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(children('h01').map((e) => e.code)).toContain('H01M');
    expect(children('H01M')).toEqual([]);
    expect(pathTo('H01M').map((e) => e.code)).toEqual(['H', 'H01', 'H01M']);
    expect(lookup('H01X')).toBeUndefined();
  });
});
