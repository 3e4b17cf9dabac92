import { describe, expect, it } from 'vitest';
import { parseLocarnoClass } from '../../../core/identifiers/locarno.ts';

describe('parseLocarnoClass', () => {
  it.each([
    ['14-03'],
    ['14–03'],
    ['14—03'],
    ['14－03'],
    ['１４－０３'],
    ['14 - 03'],
    ['14 03'],
    ['14.03'],
    ['1403'],
    ['14-3'],
    ['LOC(13) Cl. 14-03'],
    ['loc (12) cl.14-03'],
  ])('normalises %j', (raw) => {
    expect(parseLocarnoClass(raw)).toEqual({ ok: true, value: '14-03' });
  });

  it('pads one-digit classes when a separator makes them unambiguous', () => {
    expect(parseLocarnoClass('2-01')).toEqual({ ok: true, value: '02-01' });
    expect(parseLocarnoClass('32-00')).toEqual({ ok: true, value: '32-00' });
  });

  it('rejects empty input', () => {
    expect(parseLocarnoClass('')).toEqual({ ok: false, error: 'empty' });
    expect(parseLocarnoClass('LOC(13) Cl.')).toEqual({ ok: false, error: 'empty' });
  });

  it('rejects classes outside 01–32', () => {
    expect(parseLocarnoClass('00-01')).toEqual({ ok: false, error: 'class_range' });
    expect(parseLocarnoClass('33-01')).toEqual({ ok: false, error: 'class_range' });
    expect(parseLocarnoClass('9901')).toEqual({ ok: false, error: 'class_range' });
  });

  it('rejects ambiguous or malformed input', () => {
    for (const raw of ['143', '14033', '14/03', '14-003', 'A4-03', 'H01M 10/0562', '14--03']) {
      expect(parseLocarnoClass(raw), raw).toEqual({ ok: false, error: 'format' });
    }
  });
});
