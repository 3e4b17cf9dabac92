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
    expect(parsePublicationNumber('CN1071234B')).toEqual({ ok: false, error: 'length' });
    expect(parsePublicationNumber('CN1071234567B')).toEqual({ ok: false, error: 'length' });
  });

  it('rejects unknown or missing kind codes', () => {
    expect(parsePublicationNumber('CN107123456')).toEqual({ ok: false, error: 'kind_code' });
    expect(parsePublicationNumber('CN107123456B1')).toEqual({ ok: false, error: 'kind_code' });
    expect(parsePublicationNumber('CN107123456E')).toEqual({ ok: false, error: 'kind_code' });
  });

  it('rejects a kind code of another patent type than the number', () => {
    expect(parsePublicationNumber('CN206123456B')).toEqual({ ok: false, error: 'kind_mismatch' });
    expect(parsePublicationNumber('CN107123456U')).toEqual({ ok: false, error: 'kind_mismatch' });
    expect(parsePublicationNumber('CN107123456S')).toEqual({ ok: false, error: 'kind_mismatch' });
    expect(parsePublicationNumber('CN407123456A')).toEqual({ ok: false, error: 'kind_mismatch' });
  });

  it('rejects other formats', () => {
    expect(parsePublicationNumber('US107123456B')).toEqual({ ok: false, error: 'format' });
    expect(parsePublicationNumber('CN10712-3456B')).toEqual({ ok: false, error: 'format' });
    expect(parsePublicationNumber('201710601862.3')).toEqual({ ok: false, error: 'format' });
  });
});
