// CN publication numbers (公开/公告号): "CN" + 9 digits + kind code, or 7 digits for the documents
// of applications filed before 2003 (CN1234567C). The first digit of the number names the patent
// type, so a kind code that contradicts it is a data-entry error we can catch, and name precisely.

export type PublicationKind = 'A' | 'B' | 'U' | 'S' | 'C' | 'Y' | 'D';
export type PublicationPatentType = 'INVENTION' | 'UTILITY_MODEL' | 'DESIGN';

export interface PublicationNumber {
  /** "CN107123456B" */
  canonical: string;
  /** The 9 digits (7 for documents of applications filed before 2003). */
  number: string;
  kind: PublicationKind;
  type: PublicationPatentType;
  /** Every kind except A (an invention application published before examination) is a grant. */
  granted: boolean;
}

export type PublicationNumberError =
  | 'empty'
  | 'format'
  /** Neither 9 digits nor the 7 of older documents. */
  | 'length'
  | 'kind_code'
  /** Kind code of another patent type than the number's first digit (1 invention, 2 utility model, 3 design). */
  | 'kind_mismatch';

export type PublicationNumberResult =
  | { ok: true; value: PublicationNumber }
  | {
      ok: false;
      error: PublicationNumberError;
      /** kind_mismatch: the type the kind code names, and the first digit its numbers have. */
      kindType?: PublicationPatentType;
      expectedDigit?: string;
    };

// A/B/U/S since 2010; C/Y/D are the grant codes of older documents.
const KINDS: Record<PublicationKind, PublicationPatentType> = {
  A: 'INVENTION',
  B: 'INVENTION',
  C: 'INVENTION',
  U: 'UTILITY_MODEL',
  Y: 'UTILITY_MODEL',
  S: 'DESIGN',
  D: 'DESIGN',
};

const TYPE_BY_FIRST_DIGIT: Record<string, PublicationPatentType> = {
  '1': 'INVENTION',
  '2': 'UTILITY_MODEL',
  '3': 'DESIGN',
};

/** The first digit of the publication numbers of a patent type: 1 invention, 2 utility model, 3 design. */
export const PUBLICATION_DIGIT: Record<PublicationPatentType, string> = {
  INVENTION: '1',
  UTILITY_MODEL: '2',
  DESIGN: '3',
};

export function parsePublicationNumber(raw: string): PublicationNumberResult {
  const s = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (s === '') return { ok: false, error: 'empty' };
  const m = /^(?:CN)?(\d+)([A-Z]\d?)?$/.exec(s);
  if (!m) return { ok: false, error: 'format' };
  const number = m[1]!;
  const kindCode = m[2];
  if (number.length !== 9 && number.length !== 7) return { ok: false, error: 'length' };
  if (!kindCode || !(kindCode in KINDS)) return { ok: false, error: 'kind_code' };
  const kind = kindCode as PublicationKind;
  const type = KINDS[kind];
  if (TYPE_BY_FIRST_DIGIT[number[0]!] !== type) {
    return { ok: false, error: 'kind_mismatch', kindType: type, expectedDigit: PUBLICATION_DIGIT[type] };
  }
  return { ok: true, value: { canonical: `CN${number}${kind}`, number, kind, type, granted: kind !== 'A' } };
}
