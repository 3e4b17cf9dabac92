// Unified social credit code (统一社会信用代码, GB 32100-2015): the key an enterprise is known by
// across registries, so we validate its check character before trusting it as a unique key.

export type CreditCodeError = 'empty' | 'length' | 'character' | 'check_digit';

export type CreditCodeResult = { ok: true; value: string } | { ok: false; error: CreditCodeError };

// I, O, S, V and Z are left out of the standard's alphabet (too easily confused with 1, 0, 5, U, 2).
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const VALID = /^[0-9A-HJ-NP-RTUW-Y]+$/;

/** Check character for the first 17 characters of a unified social credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17 || !VALID.test(first17)) {
    throw new RangeError(`expected 17 characters from ${ALPHABET}, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Normalises (trim, full-width to half-width, upper case, no spaces) and validates a credit code. */
export function parseCreditCode(raw: string): CreditCodeResult {
  const s = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (s === '') return { ok: false, error: 'empty' };
  if (s.length !== 18) return { ok: false, error: 'length' };
  if (!VALID.test(s)) return { ok: false, error: 'character' };
  if (creditCodeCheckCharacter(s.slice(0, 17)) !== s[17]) return { ok: false, error: 'check_digit' };
  return { ok: true, value: s };
}
