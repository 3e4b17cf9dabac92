// Locarno classification of industrial designs: design patents carry a Locarno class such as "14-03"
// instead of IPC symbols.

export type LocarnoError =
  | 'empty'
  | 'format'
  /** Classes run from 01 to 32. */
  | 'class_range';

export type LocarnoResult = { ok: true; value: string } | { ok: false; error: LocarnoError };

// Hyphen, the dashes people type instead of it (en/em dash, full-width hyphen after NFKC), dot or space.
const WITH_SEPARATOR = /^(\d{1,2})\s*[-‐‑‒–—―.\s]\s*(\d{1,2})$/;
// Without a separator only four digits are unambiguous ("143" could be 01-43 or 14-03).
const COMPACT = /^(\d{2})(\d{2})$/;
// Design documents print the class as "LOC(13) Cl. 14-03": the edition and "Cl." are not part of the class.
const DOCUMENT_PREFIX = /^LOC\s*\(\d+\)\s*(CL\.?)?\s*/;

/** A Locarno class in its written forms ("14-03", "14–03", "14 03", "1403", "LOC(13) Cl. 14-03") → "14-03". */
export function parseLocarnoClass(raw: string): LocarnoResult {
  const s = raw.normalize('NFKC').trim().toUpperCase().replace(DOCUMENT_PREFIX, '');
  if (s === '') return { ok: false, error: 'empty' };
  const m = WITH_SEPARATOR.exec(s) ?? COMPACT.exec(s);
  if (!m) return { ok: false, error: 'format' };
  const cls = Number(m[1]);
  if (cls < 1 || cls > 32) return { ok: false, error: 'class_range' };
  return { ok: true, value: `${String(cls).padStart(2, '0')}-${m[2]!.padStart(2, '0')}` };
}
