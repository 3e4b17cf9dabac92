// The application numbers met so far in one file, with the row each first appeared on, to reject a
// repeated number. Exact and compact: a canonical number is itself a whole number below 2^53 (12
// digits and a check character, or the 8 digits of before 2003), kept in an open-addressing table
// of typed arrays, 12 bytes a slot: 100 000 rows take 3 MB, the 1 000 000 the row limit allows 24 MB,
// next to no time; in a temporary table the same check cost the database a tenth of the import.

const EMPTY = 0;
/** 8-digit (pre-2003) numbers are placed above every 12-digit one. */
const SHORT_OFFSET = 2e13;

/** "201710601862.3" → 201710601862 × 11 + 3; "97101765.X" → 2·10¹³ + 97101765 × 11 + 10. */
export function numberKey(canonical: string): number {
  const dot = canonical.indexOf('.');
  const digits = Number(canonical.slice(0, dot));
  const check = canonical.charAt(dot + 1);
  const key = digits * 11 + (check === 'X' ? 10 : Number(check));
  return dot === 8 ? SHORT_OFFSET + key : key;
}

export class NumberSet {
  private keys = new Float64Array(1024);
  private rows = new Int32Array(1024);
  private count = 0;

  /** The row the number first appeared on, or undefined. */
  get(canonical: string): number | undefined {
    const key = numberKey(canonical);
    for (let i = this.slot(key); ; i = (i + 1) & (this.keys.length - 1)) {
      const k = this.keys[i]!;
      if (k === EMPTY) return undefined;
      if (k === key) return this.rows[i];
    }
  }

  /** Records the number's first row (a number already there keeps its row). */
  add(canonical: string, row: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    this.put(numberKey(canonical), row);
  }

  private put(key: number, row: number): void {
    for (let i = this.slot(key); ; i = (i + 1) & (this.keys.length - 1)) {
      const k = this.keys[i]!;
      if (k === key) return;
      if (k === EMPTY) {
        this.keys[i] = key;
        this.rows[i] = row;
        this.count++;
        return;
      }
    }
  }

  private slot(key: number): number {
    const low = key % 0x100000000;
    const high = Math.floor(key / 0x100000000);
    return (Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> 0) & (this.keys.length - 1);
  }

  private grow(): void {
    const { keys, rows } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.put(keys[i]!, rows[i]!);
  }
}
