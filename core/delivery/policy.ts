// When a proactive message may reach a person: never in their quiet hours (local time), and
// reminders no more than a weekly cap.
import { TZDate } from '@date-fns/tz';
import { addDays, set } from 'date-fns';

export interface QuietHours {
  /** Local hour the quiet period starts (22 = 22:00) and ends (8 = 08:00). */
  startHour: number;
  endHour: number;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { startHour: 22, endHour: 8 };
export const DEFAULT_WEEKLY_REMINDER_CAP = 3;

/** The earliest moment at or after `now` outside the person's quiet hours. */
export function nextSendableTime(now: Date, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const local = new TZDate(now.getTime(), timeZone);
  const hour = local.getHours();
  const wraps = quiet.startHour > quiet.endHour;
  const inQuiet = wraps
    ? hour >= quiet.startHour || hour < quiet.endHour
    : hour >= quiet.startHour && hour < quiet.endHour;
  if (!inQuiet) return now;
  const endToday = set(local, { hours: quiet.endHour, minutes: 0, seconds: 0, milliseconds: 0 });
  const end = wraps && hour >= quiet.startHour ? addDays(endToday, 1) : endToday;
  return new Date(end.getTime());
}

/**
 * With `sentInWindow` the send times of this person's reminders over the last 7 days, the earliest
 * moment another reminder fits under the cap.
 */
export function nextUnderWeeklyCap(now: Date, sentInWindow: Date[], cap = DEFAULT_WEEKLY_REMINDER_CAP): Date {
  if (sentInWindow.length < cap) return now;
  const sorted = [...sentInWindow].sort((a, b) => a.getTime() - b.getTime());
  const freeing = sorted[sorted.length - cap]!;
  return new Date(Math.max(now.getTime(), freeing.getTime() + 7 * 86_400_000));
}
