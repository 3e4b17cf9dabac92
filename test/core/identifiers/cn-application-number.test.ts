import { describe, expect, it } from 'vitest';
import {
  applicationCheckCharacter,
  formatApplicationNumber,
  parseApplicationNumber,
} from '../../../core/identifiers/cn-application-number.ts';

describe('applicationCheckCharacter', () => {
  it('computes the worked example 201710601862 → 3', () => {
    // 2·2+0·3+1·4+7·5+1·6+0·7+6·8+0·9+1·2+8·3+6·4+2·5 = 157, 157 mod 11 = 3
    expect(applicationCheckCharacter('201710601862')).toBe('3');
  });

  it('computes the pre-2003 8-digit form', () => {
    expect(applicationCheckCharacter('97101765')).toBe('4');
  });

  it('writes a remainder of 10 as X', () => {
    expect(applicationCheckCharacter('202010000005')).toBe('X');
    expect(applicationCheckCharacter('201820000001')).toBe('X');
  });

  it('rejects anything but 12 or 8 digits', () => {
    expect(() => applicationCheckCharacter('20171060186')).toThrow(RangeError);
    expect(() => applicationCheckCharacter('2017106018623')).toThrow(RangeError);
    expect(() => applicationCheckCharacter('20171060186A')).toThrow(RangeError);
    expect(() => applicationCheckCharacter('')).toThrow(RangeError);
  });
});

describe('formatApplicationNumber', () => {
  it('appends the dot and check character', () => {
    expect(formatApplicationNumber('201710601862')).toBe('201710601862.3');
    expect(formatApplicationNumber('97101765')).toBe('97101765.4');
    expect(formatApplicationNumber('202010000005')).toBe('202010000005.X');
  });

  it('round-trips through the parser', () => {
    for (const digits of ['201810234567', '201920345678', '202130456789', '201880000001', '201890000001']) {
      const parsed = parseApplicationNumber(formatApplicationNumber(digits));
      expect(parsed.ok).toBe(true);
    }
  });
});

describe('parseApplicationNumber', () => {
  it('parses the canonical 12-digit form', () => {
    expect(parseApplicationNumber('201710601862.3')).toEqual({
      ok: true,
      value: { canonical: '201710601862.3', year: 2017, type: 'INVENTION', pct: false, serial: '0601862' },
    });
  });

  it.each([
    ['CN201710601862.3'],
    ['ZL201710601862.3'],
    ['ZL 201710601862.3'],
    ['cn201710601862.3'],
    ['zl201710601862.3'],
    ['2017106018623'],
    ['CN2017106018623'],
    ['2017 1 0601862.3'],
    ['ZL 2017 1 0601862 . 3'],
    ['  201710601862.3\n'],
    ['２０１７１０６０１８６２．３'],
    ['ＺＬ２０１７１０６０１８６２．３'],
    ['201710601862。3'],
    ['201710601862\u30003'],
  ])('normalises the written form %j', (raw) => {
    const parsed = parseApplicationNumber(raw);
    expect(parsed).toMatchObject({ ok: true, value: { canonical: '201710601862.3' } });
  });

  it('accepts the check character X in upper or lower case', () => {
    expect(parseApplicationNumber('202010000005.x')).toMatchObject({
      ok: true,
      value: { canonical: '202010000005.X' },
    });
    expect(parseApplicationNumber('202010000005X')).toMatchObject({
      ok: true,
      value: { canonical: '202010000005.X' },
    });
  });

  it('reads the type digit', () => {
    const types = {
      '201820000001.X': { type: 'UTILITY_MODEL', pct: false },
      '201830000001.5': { type: 'DESIGN', pct: false },
      '201880000001.2': { type: 'INVENTION', pct: true },
      '201890000001.8': { type: 'UTILITY_MODEL', pct: true },
    };
    for (const [raw, expected] of Object.entries(types)) {
      expect(parseApplicationNumber(raw)).toMatchObject({ ok: true, value: { ...expected, year: 2018 } });
    }
  });

  it('parses the pre-2003 8-digit form', () => {
    expect(parseApplicationNumber('97101765.4')).toEqual({
      ok: true,
      value: { canonical: '97101765.4', year: 1997, type: 'INVENTION', pct: false, serial: '01765' },
    });
    expect(parseApplicationNumber('CN 99200000.9')).toMatchObject({
      ok: true,
      value: { year: 1999, type: 'UTILITY_MODEL' },
    });
    expect(parseApplicationNumber('023000007')).toMatchObject({
      ok: true,
      value: { canonical: '02300000.7', year: 2002, type: 'DESIGN' },
    });
  });

  it('rejects a wrong check character', () => {
    expect(parseApplicationNumber('201710601862.4')).toEqual({ ok: false, error: 'check_digit' });
    expect(parseApplicationNumber('201710601862.X')).toEqual({ ok: false, error: 'check_digit' });
    expect(parseApplicationNumber('97101765.5')).toEqual({ ok: false, error: 'check_digit' });
    // a transposition the check character is there to catch
    expect(parseApplicationNumber('201710608162.3')).toEqual({ ok: false, error: 'check_digit' });
  });

  it('rejects empty input', () => {
    expect(parseApplicationNumber('')).toEqual({ ok: false, error: 'empty' });
    expect(parseApplicationNumber('   ')).toEqual({ ok: false, error: 'empty' });
  });

  it('rejects the wrong number of digits', () => {
    expect(parseApplicationNumber('20171060186.3')).toEqual({ ok: false, error: 'length' });
    expect(parseApplicationNumber('2017106018622.3')).toEqual({ ok: false, error: 'length' });
    expect(parseApplicationNumber('1234.5')).toEqual({ ok: false, error: 'length' });
  });

  it('rejects digits without a check character', () => {
    expect(parseApplicationNumber('201710601862')).toEqual({ ok: false, error: 'missing_check' });
    expect(parseApplicationNumber('CN97101765')).toEqual({ ok: false, error: 'missing_check' });
  });

  it('rejects bad characters', () => {
    expect(parseApplicationNumber('2017106O1862.3')).toEqual({ ok: false, error: 'format' });
    expect(parseApplicationNumber('201710601862-3')).toEqual({ ok: false, error: 'format' });
    expect(parseApplicationNumber('201710601862.33')).toEqual({ ok: false, error: 'format' });
    expect(parseApplicationNumber('US201710601862.3')).toEqual({ ok: false, error: 'format' });
    expect(parseApplicationNumber('CN107123456B')).toEqual({ ok: false, error: 'format' });
  });

  it('rejects an unknown type digit', () => {
    const digits = '201840000001';
    expect(parseApplicationNumber(`${digits}.${applicationCheckCharacter(digits)}`)).toEqual({
      ok: false,
      error: 'type_digit',
    });
  });

  it('rejects impossible years', () => {
    for (const digits of ['200110000001', '199910000001', '04100000']) {
      expect(parseApplicationNumber(`${digits}.${applicationCheckCharacter(digits)}`)).toEqual({
        ok: false,
        error: 'year',
      });
    }
  });
});
