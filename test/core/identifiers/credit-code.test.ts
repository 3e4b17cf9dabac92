import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, parseCreditCode } from '../../../core/identifiers/credit-code.ts';

// Published codes of real organisations; each also passes the GB 11714 check of its embedded
// organisation code, which makes a mis-remembered code unlikely.
const REAL = {
  huawei: '914403001922038216', // 华为技术有限公司
  tencent: '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  xiaomi: '91110108551385082Q', // 小米科技有限责任公司
  tsinghua: '12100000400000624D', // 清华大学
};

describe('creditCodeCheckCharacter', () => {
  it('computes the check character of real codes', () => {
    for (const code of Object.values(REAL)) {
      expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    }
  });

  it('writes 31 as 0', () => {
    // a weighted sum divisible by 31 gives 31 − 0 = 31
    expect(creditCodeCheckCharacter('0'.repeat(17))).toBe('0');
  });

  it('rejects input that is not 17 characters of the alphabet', () => {
    expect(() => creditCodeCheckCharacter('91440300192203821')).not.toThrow();
    expect(() => creditCodeCheckCharacter('9144030019220382')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('9144030019220382I')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('9144030019220382o')).toThrow(RangeError);
  });
});

describe('parseCreditCode', () => {
  it('accepts real codes', () => {
    for (const code of Object.values(REAL)) {
      expect(parseCreditCode(code)).toEqual({ ok: true, value: code });
    }
  });

  it.each([
    [' 91440300708461136T ', REAL.tencent],
    ['91440300708461136t', REAL.tencent],
    ['９１４４０３００７０８４６１１３６Ｔ', REAL.tencent],
    ['9144 0300 7084 6113 6T', REAL.tencent],
    ['12100000400000624d', REAL.tsinghua],
  ])('normalises %j', (raw, expected) => {
    expect(parseCreditCode(raw)).toEqual({ ok: true, value: expected });
  });

  it('rejects empty input', () => {
    expect(parseCreditCode('')).toEqual({ ok: false, error: 'empty' });
    expect(parseCreditCode(' \t')).toEqual({ ok: false, error: 'empty' });
  });

  it('rejects the wrong length', () => {
    expect(parseCreditCode('91440300708461136')).toEqual({ ok: false, error: 'length' });
    expect(parseCreditCode('91440300708461136TT')).toEqual({ ok: false, error: 'length' });
    // the old 15-digit business registration number
    expect(parseCreditCode('440301103097413')).toEqual({ ok: false, error: 'length' });
  });

  it('rejects characters outside the alphabet', () => {
    for (const ch of ['I', 'O', 'S', 'V', 'Z', '-', '*']) {
      expect(parseCreditCode(`9144030070846113${ch}T`)).toEqual({ ok: false, error: 'character' });
    }
  });

  it('rejects a wrong check character', () => {
    expect(parseCreditCode('914403001922038217')).toEqual({ ok: false, error: 'check_digit' });
    expect(parseCreditCode('91440300708461136U')).toEqual({ ok: false, error: 'check_digit' });
    // two neighbouring characters swapped
    expect(parseCreditCode('914403001922038126')).toEqual({ ok: false, error: 'check_digit' });
  });
});
