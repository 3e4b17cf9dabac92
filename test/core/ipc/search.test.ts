// Finding IPC subclasses by a word or a code, in Chinese and English, and describing a code in chat.
import { describe, expect, it } from 'vitest';
import { describeIpc } from '../../../core/ipc/describe.ts';
import { resolveIpcWord, searchIpc } from '../../../core/ipc/search.ts';

const codes = (entries: { code: string }[]) => entries.map((e) => e.code);

describe('searching the IPC scheme', () => {
  it('finds a Chinese word anywhere in a Chinese title', () => {
    expect(codes(searchIpc('电池', 'zh-CN'))[0]).toBe('H01M');
    expect(codes(searchIpc('焊接', 'zh-CN'))[0]).toBe('B23K');
    // Several words: all of them must match.
    expect(codes(searchIpc('计算 模型', 'zh-CN'))[0]).toBe('G06N');
  });

  it('finds English words by their beginnings, plural or singular', () => {
    expect(codes(searchIpc('battery', 'en'))[0]).toBe('H01M');
    expect(codes(searchIpc('batteries', 'en'))[0]).toBe('H01M');
    expect(codes(searchIpc('comput model', 'en'))[0]).toBe('G06N');
    expect(codes(searchIpc('Transmission of digital', 'en'))).toContain('H04L');
  });

  it('finds codes by their beginning, in code order', () => {
    expect(codes(searchIpc('H01', 'en', { limit: 3 }))).toEqual(['H01B', 'H01C', 'H01F']);
    expect(codes(searchIpc('h04l', 'zh-CN'))).toEqual(['H04L']);
    expect(codes(searchIpc('G06', 'zh-CN', { levels: ['class'] }))).toEqual(['G06']);
  });

  it('guesses from parts of a longer Chinese word when nothing matches it whole', () => {
    expect(codes(searchIpc('锂电池', 'zh-CN'))).toContain('H01M');
    expect(searchIpc('量子纠缠蜂蜜', 'zh-CN')).toEqual([]);
  });

  it('returns at most the limit, subclasses only unless asked', () => {
    expect(searchIpc('装置', 'zh-CN')).toHaveLength(8);
    expect(searchIpc('装置', 'zh-CN', { limit: 3 })).toHaveLength(3);
    expect(searchIpc('装置', 'zh-CN').every((e) => e.level === 'subclass')).toBe(true);
  });

  it('resolves a word to a subclass only when exactly one title matches it', () => {
    expect(resolveIpcWord('电池', 'zh-CN')).toMatchObject({ kind: 'one', entry: { code: 'H01M' } });
    expect(resolveIpcWord('battery', 'en')).toMatchObject({ kind: 'one', entry: { code: 'H01M' } });
    const many = resolveIpcWord('computer', 'en');
    expect(many.kind).toBe('many');
    expect(many.kind === 'many' && codes(many.candidates)).toEqual(expect.arrayContaining(['G06C', 'G06G']));
    expect(resolveIpcWord('量子纠缠蜂蜜', 'zh-CN')).toEqual({ kind: 'none' });
  });
});

describe('describing an IPC code', () => {
  it('gives the code and its title in the reader’s language', () => {
    expect(describeIpc('H01M', 'zh-CN')).toBe('H01M · 用于直接转变化学能为电能的方法或装置，例如电池组');
    expect(describeIpc('h04l', 'en')).toBe(
      'H04L · Transmission of digital information, e.g. telegraphic communication',
    );
  });

  it('shows a group with its subclass’s title, and an unknown code alone', () => {
    expect(describeIpc('G06N 3/04', 'zh-CN')).toBe('G06N 3/04 · 基于特定计算模型的计算机系统（G06N）');
    expect(describeIpc('G06N 3/04', 'en')).toBe(
      'G06N 3/04 · Computing arrangements based on specific computational models (G06N)',
    );
    expect(describeIpc('H01X', 'en')).toBe('H01X');
  });
});
