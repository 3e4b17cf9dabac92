import { createEvent } from 'ics';

/** An .ics calendar file for the event, in UTC (calendar apps show it in local time). */
export function roadshowCalendar(roadshow: {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  location: string | null;
  onlineUrl: string | null;
}): string {
  const end = roadshow.endsAt ?? new Date(roadshow.startsAt.getTime() + 2 * 3600_000);
  const { error, value } = createEvent({
    uid: `roadshow-${roadshow.id}@revive`,
    title: roadshow.title,
    start: roadshow.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    ...(roadshow.location ? { location: roadshow.location } : {}),
    ...(roadshow.onlineUrl ? { url: roadshow.onlineUrl } : {}),
    productId: 'revive/roadshow',
  });
  if (error || !value) throw new Error(`calendar file: ${error?.message ?? 'empty'}`);
  return value;
}
