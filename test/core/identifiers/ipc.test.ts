import { describe, expect, it } from 'vitest';
import { ipcMainGroup, ipcSubclass, parseIpc, parseIpcList } from '../../../core/identifiers/ipc.ts';

describe('parseIpc', () => {
  it.each([
    ['H01M 10/0562'],
    ['H01M10/0562'],
    ['H01M  10/0562'],
    ['h01m 10/0562'],
    ['H01M 10／0562'],
    ['Ｈ０１Ｍ１０／０５６２'],
    [' H01M 10 / 0562 '],
    ['H01M 10/0562(2010.01)'],
    ['H01M 10/0562 (2010.01)'],
    ['H01M 0010/056200'],
  ])('normalises %j', (raw) => {
    expect(parseIpc(raw)).toEqual({ ok: true, value: 'H01M 10/0562' });
  });

  it('keeps short and long groups', () => {
    expect(parseIpc('H01M  10/56')).toEqual({ ok: true, value: 'H01M 10/56' });
    expect(parseIpc('G06N3/04')).toEqual({ ok: true, value: 'G06N 3/04' });
    expect(parseIpc('A61K 31/00')).toEqual({ ok: true, value: 'A61K 31/00' });
    expect(parseIpc('C07D 487/04')).toEqual({ ok: true, value: 'C07D 487/04' });
    expect(parseIpc('G06F 1234/123456')).toEqual({ ok: true, value: 'G06F 1234/123456' });
    expect(parseIpc('B01D 69/100')).toEqual({ ok: true, value: 'B01D 69/10' });
  });

  it('rejects empty input', () => {
    expect(parseIpc('')).toEqual({ ok: false, error: 'empty' });
    expect(parseIpc('  ')).toEqual({ ok: false, error: 'empty' });
  });

  it('rejects sections outside A–H', () => {
    expect(parseIpc('X01M 10/0562')).toEqual({ ok: false, error: 'section' });
    expect(parseIpc('Y02E 60/10')).toEqual({ ok: false, error: 'section' });
  });

  it('rejects symbols without a subgroup', () => {
    expect(parseIpc('H01M')).toEqual({ ok: false, error: 'incomplete' });
    expect(parseIpc('H01M 10')).toEqual({ ok: false, error: 'incomplete' });
    expect(parseIpc('H01M 10/')).toEqual({ ok: false, error: 'incomplete' });
  });

  it('rejects malformed symbols', () => {
    for (const raw of [
      'H1M 10/0562', // class needs two digits
      'H011 10/0562', // subclass is a letter
      'H01M 12345/00', // main group has at most 4 digits
      'H01M 10/5', // subgroup has at least 2 digits
      'H01M 10/1234567', // and at most 6
      'H01M 0/00', // main groups start at 1
      'H01M 10-0562',
      'H01M 10/0562; H01M 4/62',
      '14-03',
    ]) {
      expect(parseIpc(raw), raw).toEqual({ ok: false, error: 'format' });
    }
  });
});

describe('parseIpcList', () => {
  it('splits on ASCII and full-width semicolons and commas', () => {
    expect(parseIpcList('H01M 10/0562；H01M 4/62, H01M 10/0525，H01M 10/058;C01B 25/14')).toEqual({
      codes: ['H01M 10/0562', 'H01M 4/62', 'H01M 10/0525', 'H01M 10/058', 'C01B 25/14'],
      errors: [],
    });
  });

  it('splits whitespace-separated lists, with or without a space inside each symbol', () => {
    expect(parseIpcList('H01M 10/0562 H01M 4/62  G06N 3/04').codes).toEqual([
      'H01M 10/0562',
      'H01M 4/62',
      'G06N 3/04',
    ]);
    expect(parseIpcList('H01M10/0562 H01M4/62\nG06N3/04').codes).toEqual([
      'H01M 10/0562',
      'H01M 4/62',
      'G06N 3/04',
    ]);
    expect(parseIpcList('H01M 10 / 0562 H01M4/62').codes).toEqual(['H01M 10/0562', 'H01M 4/62']);
    expect(parseIpcList('H01M 10/0562(2010.01) H01M 4/62(2006.01)').codes).toEqual([
      'H01M 10/0562',
      'H01M 4/62',
    ]);
  });

  it('deduplicates written variants of the same symbol', () => {
    expect(parseIpcList('H01M 10/0562; h01m10/0562; H01M  10/0562；H01M 4/62').codes).toEqual([
      'H01M 10/0562',
      'H01M 4/62',
    ]);
  });

  it('puts a separately given main classification first', () => {
    expect(parseIpcList('H01M 4/62; H01M 10/0562; H01M 10/0525', 'H01M10/0562')).toEqual({
      codes: ['H01M 10/0562', 'H01M 4/62', 'H01M 10/0525'],
      errors: [],
    });
    expect(parseIpcList('', 'G06V 10/82')).toEqual({ codes: ['G06V 10/82'], errors: [] });
    expect(parseIpcList('G06V 10/82', '  ')).toEqual({ codes: ['G06V 10/82'], errors: [] });
  });

  it('reports the entries it cannot read and keeps the rest', () => {
    expect(parseIpcList('H01M 10/0562; X99; H01M; H01M 4/62', 'Z01M 1/00')).toEqual({
      codes: ['H01M 10/0562', 'H01M 4/62'],
      errors: [
        { input: 'Z01M 1/00', error: 'section' },
        { input: 'X99', error: 'format' },
        { input: 'H01M', error: 'incomplete' },
      ],
    });
  });

  it('returns nothing for an empty list', () => {
    expect(parseIpcList('')).toEqual({ codes: [], errors: [] });
    expect(parseIpcList(' ; ；\n ')).toEqual({ codes: [], errors: [] });
  });
});

describe('ipcSubclass and ipcMainGroup', () => {
  it('derives the subclass', () => {
    expect(ipcSubclass('H01M 10/0562')).toBe('H01M');
    expect(ipcSubclass('g06n3/04')).toBe('G06N');
    expect(ipcSubclass('H01M')).toBe('H01M');
  });

  it('derives the main group', () => {
    expect(ipcMainGroup('H01M 10/0562')).toBe('H01M 10/00');
    expect(ipcMainGroup('H01M10/00')).toBe('H01M 10/00');
    expect(ipcMainGroup('C07D 487/04')).toBe('C07D 487/00');
  });

  it('throws on something that is not an IPC symbol', () => {
    expect(() => ipcSubclass('14-03')).toThrow(RangeError);
    expect(() => ipcSubclass('Z01M')).toThrow(RangeError);
    expect(() => ipcMainGroup('H01M')).toThrow(RangeError);
  });
});
