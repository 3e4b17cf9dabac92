import { describe, expect, it } from 'vitest';
import { parsePublicationNumber } from '../../../core/identifiers/publication-number.ts';

describe('parsePublicationNumber', () => {
  it('parses a granted invention', () => {
    expect(parsePublicationNumber('CN107123456B')).toEqual({
      ok: true,
      value: { canonical: 'CN107123456B', number: '107123456', kind: 'B', type: 'INVENTION', granted: true },
    });
  });

  it.each([
    ['CN 107123456 B'],
    ['107123456B'],
    ['cn107123456b'],
    ['ＣＮ１０７１２３４５６Ｂ'],
    [' CN107123456B\t'],
  ])('normalises the written form %j', (raw) => {
    expect(parsePublicationNumber(raw)).toMatchObject({ ok: true, value: { canonical: 'CN107123456B' } });
  });

  it('reads each kind code', () => {
    const cases = [
      ['CN107123456A', 'INVENTION', false],
      ['CN100530789C', 'INVENTION', true],
      ['CN206123456U', 'UTILITY_MODEL', true],
      ['CN201234567Y', 'UTILITY_MODEL', true],
      ['CN304123456S', 'DESIGN', true],
      ['CN300123456D', 'DESIGN', true],
    ] as const;
    for (const [raw, type, granted] of cases) {
      expect(parsePublicationNumber(raw)).toMatchObject({
        ok: true,
        value: { canonical: raw, type, granted },
      });
    }
  });

  it('rejects empty input', () => {
    expect(parsePublicationNumber(' ')).toEqual({ ok: false, error: 'empty' });
  });

  it('rejects the wrong number of digits', () => {
    expect(parsePublicationNumber('CN10712345B')).toEqual({ ok: false, error: 'length' });
    expect(parsePublicationNumber('CN107123B')).toEqual({ ok: false, error: 'length' });
    expect(parsePublicationNumber('CN1071234567B')).toEqual({ ok: false, error: 'length' });
  });

  it('accepts the 7-digit numbers of documents of applications filed before 2003', () => {
    expect(parsePublicationNumber('CN1234567C')).toEqual({
      ok: true,
      value: { canonical: 'CN1234567C', number: '1234567', kind: 'C', type: 'INVENTION', granted: true },
    });
    expect(parsePublicationNumber('CN 2345678 Y')).toMatchObject({
      ok: true,
      value: { canonical: 'CN2345678Y', type: 'UTILITY_MODEL' },
    });
    expect(parsePublicationNumber('CN3123456D')).toMatchObject({ ok: true, value: { type: 'DESIGN' } });
    expect(parsePublicationNumber('CN2345678C')).toMatchObject({ ok: false, error: 'kind_mismatch' });
  });

  it('rejects unknown or missing kind codes', () => {
    expect(parsePublicationNumber('CN107123456')).toEqual({ ok: false, error: 'kind_code' });
    expect(parsePublicationNumber('CN107123456B1')).toEqual({ ok: false, error: 'kind_code' });
    expect(parsePublicationNumber('CN107123456E')).toEqual({ ok: false, error: 'kind_code' });
  });

  it('rejects a kind code of another patent type than the number, naming the digit it needs', () => {
    const mismatch = (kindType: string, expectedDigit: string) => ({
      ok: false,
      error: 'kind_mismatch',
      kindType,
      expectedDigit,
    });
    expect(parsePublicationNumber('CN206123456B')).toEqual(mismatch('INVENTION', '1'));
    expect(parsePublicationNumber('CN110023555U')).toEqual(mismatch('UTILITY_MODEL', '2'));
    expect(parsePublicationNumber('CN107123456S')).toEqual(mismatch('DESIGN', '3'));
    expect(parsePublicationNumber('CN407123456A')).toEqual(mismatch('INVENTION', '1'));
  });

  it('rejects other formats', () => {
    expect(parsePublicationNumber('US107123456B')).toEqual({ ok: false, error: 'format' });
    expect(parsePublicationNumber('CN10712-3456B')).toEqual({ ok: false, error: 'format' });
    expect(parsePublicationNumber('201710601862.3')).toEqual({ ok: false, error: 'format' });
  });
});
