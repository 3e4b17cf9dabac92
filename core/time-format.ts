// Every date or time shown to a person (chat, files, logs meant for people) is formatted here, in
// that person's time zone. An instant sliced from toISOString() is a UTC date: at 07:54 in Beijing
// on 2 December it still reads 1 December.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** An instant in `timeZone` with a date-fns pattern (e.g. a locale's `date_format`). */
export function formatLocal(at: Date, timeZone: string, pattern: string): string {
  return format(new TZDate(at.getTime(), timeZone), pattern);
}

/** "2026-12-02": the local calendar day of an instant. */
export const localDate = (at: Date, timeZone: string): string => formatLocal(at, timeZone, 'yyyy-MM-dd');

/** "2026-12-02 07:54": sortable and unambiguous, for chat lines and spreadsheets. */
export const localDateTime = (at: Date, timeZone: string): string =>
  formatLocal(at, timeZone, 'yyyy-MM-dd HH:mm');

/** "20261202075400": for file names that sort by time. */
export const localStamp = (at: Date, timeZone: string): string => formatLocal(at, timeZone, 'yyyyMMddHHmmss');

/**
 * "2017-07-21" of a calendar date column (@db.Date: filing, grant, due dates). Those are days, not
 * instants — stored as UTC midnight — so they read the same in every time zone.
 */
export const formatCalendarDate = (day: Date): string => day.toISOString().slice(0, 10);
