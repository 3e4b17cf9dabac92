// Calendar dates in the forms patent lists use: Excel dates and serial numbers, ISO, "2017/6/1",
// "2017.06.01", "20170601", "2017年6月1日". Stored as UTC midnight (Prisma @db.Date).
import type { Cell } from './cells.ts';

// Excel's 1900 date system counts days from 1899-12-30 (it wrongly treats 1900 as a leap year).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Serials between 1950 and 2099: outside that, a number in a date column is not a plausible date. */
const SERIAL_MIN = 18264;
const SERIAL_MAX = 73050;

export type DateResult = { ok: true; value: Date } | { ok: false };

export function parseDateCell(cell: Cell): DateResult {
  if (cell instanceof Date) {
    return {
      ok: true,
      value: new Date(Date.UTC(cell.getUTCFullYear(), cell.getUTCMonth(), cell.getUTCDate())),
    };
  }
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 19500101 && cell <= 20991231) return fromParts(String(cell));
    if (cell >= SERIAL_MIN && cell <= SERIAL_MAX) {
      return { ok: true, value: new Date(EXCEL_EPOCH + Math.floor(cell) * 86_400_000) };
    }
    return { ok: false };
  }
  if (typeof cell !== 'string') return { ok: false };
  const s = cell.normalize('NFKC').trim();
  if (/^\d+(\.\d+)?$/.test(s) && !/^\d{8}$/.test(s)) return parseDateCell(Number(s));
  return fromParts(s);
}

function fromParts(s: string): DateResult {
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return { ok: false };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2023-02-30 over into March: a round trip catches impossible dates.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false };
  }
  return { ok: true, value: date };
}
