// Where and when proactive messages go, shared by every kind of reminder and invitation.
import { TZDate } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import type { Channel } from '../../prisma/generated/client.ts';

/** Chat platforms first; the terminal only reaches someone at the demo keyboard. */
const CHANNEL_PREFERENCE: readonly Channel[] = ['TELEGRAM', 'SLACK', 'TERMINAL'];

/** The channel to reach a person on, from their identities; null when they have none. */
export function preferredChannel(identities: readonly { channel: Channel }[]): Channel | null {
  return CHANNEL_PREFERENCE.find((c) => identities.some((i) => i.channel === c)) ?? null;
}

/** "2026-W48" in the given time zone: weekly messages are keyed by it. */
export function isoWeekKey(now: Date, timeZone: string): string {
  const local = new TZDate(now.getTime(), timeZone);
  return `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`;
}
