// CN patent application numbers (申请号). Exports write the same number many ways (CN/ZL prefix, with
// or without the dot, spaces, full-width characters); we store one canonical form, check character
// validated, so that the same patent imported twice is recognised as the same row.

export type ApplicationPatentType = 'INVENTION' | 'UTILITY_MODEL' | 'DESIGN';

export interface ApplicationNumber {
  /** "201710601862.3" (since Oct 2003) or "97101765.4" (before). */
  canonical: string;
  /** Four-digit filing year. */
  year: number;
  type: ApplicationPatentType;
  /** Type digit 8 or 9: an international application entering the Chinese national phase. */
  pct: boolean;
  /** Serial within year and type: 7 digits (12-digit form) or 5 digits (8-digit form). */
  serial: string;
}

export type ApplicationNumberError =
  | 'empty'
  /** Characters other than digits, one dot and a check character after the prefix. */
  | 'format'
  /** Neither 12 nor 8 digits before the check character. */
  | 'length'
  /** 12 or 8 digits without a check character: we cannot tell a typo from a truncation. */
  | 'missing_check'
  | 'check_digit'
  | 'type_digit'
  /** 12-digit numbers start in 2003; 8-digit ones cover 1985–2003. */
  | 'year';

export type ApplicationNumberResult =
  | { ok: true; value: ApplicationNumber }
  | { ok: false; error: ApplicationNumberError };

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

const TYPES: Record<string, { type: ApplicationPatentType; pct: boolean }> = {
  '1': { type: 'INVENTION', pct: false },
  '2': { type: 'UTILITY_MODEL', pct: false },
  '3': { type: 'DESIGN', pct: false },
  '8': { type: 'INVENTION', pct: true },
  '9': { type: 'UTILITY_MODEL', pct: true },
};

/** Check character for the 12 digits (post-2003) or 8 digits (pre-2003) of an application number. */
export function applicationCheckCharacter(digits: string): string {
  if (!/^(\d{12}|\d{8})$/.test(digits)) {
    throw new RangeError(`expected 12 or 8 digits, got "${digits}"`);
  }
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * WEIGHTS[i]!;
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** Canonical application number for 12 or 8 digits: appends the dot and the computed check character. */
export function formatApplicationNumber(digits: string): string {
  return `${digits}.${applicationCheckCharacter(digits)}`;
}

export function parseApplicationNumber(raw: string): ApplicationNumberResult {
  // NFKC turns full-width digits, letters and "．" into ASCII; "。" slips through in hand-typed lists.
  let s = raw.normalize('NFKC').replace(/\s+/g, '').replace(/。/g, '.').toUpperCase();
  if (s === '') return { ok: false, error: 'empty' };
  s = s.replace(/^(CN|ZL)/, '');

  let digits: string;
  let check: string | undefined;
  const dotted = /^(\d+)\.([\dX])$/.exec(s);
  if (dotted) {
    digits = dotted[1]!;
    check = dotted[2]!;
  } else if (/^\d+X?$/.test(s)) {
    if (s.length === 12 || s.length === 8) {
      return { ok: false, error: 'missing_check' };
    }
    digits = s.slice(0, -1);
    check = s.slice(-1);
  } else {
    return { ok: false, error: 'format' };
  }

  if (digits.length !== 12 && digits.length !== 8) return { ok: false, error: 'length' };

  const long = digits.length === 12;
  const year = long ? Number(digits.slice(0, 4)) : pre2003Year(Number(digits.slice(0, 2)));
  if (year === null || year < (long ? 2003 : 1985) || year > (long ? 2099 : 2003)) {
    return { ok: false, error: 'year' };
  }
  const kind = TYPES[digits[long ? 4 : 2]!];
  if (!kind) return { ok: false, error: 'type_digit' };
  if (applicationCheckCharacter(digits) !== check) return { ok: false, error: 'check_digit' };

  return {
    ok: true,
    value: {
      canonical: `${digits}.${check}`,
      year,
      type: kind.type,
      pct: kind.pct,
      serial: digits.slice(long ? 5 : 3),
    },
  };
}

// Chinese patent filings began in 1985; the 8-digit form ran until October 2003.
function pre2003Year(yy: number): number | null {
  if (yy >= 85) return 1900 + yy;
  if (yy <= 3) return 2000 + yy;
  return null;
}
