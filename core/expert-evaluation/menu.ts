// The expert's open requests and deadlines, for the main menu (Telegram, terminal) and the Home
// (Slack): one line each (soonest deadline first, overdue marked), a button to open each, one to
// the full list. Nothing for a person with no open request.
import type { Button } from '../channel/messages.ts';
import { shorten } from '../chat/context.ts';
import type { Db } from '../db/database.ts';
import { type Locale, t } from '../i18n.ts';
import { localDate } from '../time-format.ts';
import { expertOpenAction, expertRequestsAction } from './actions.ts';
import { OPEN_STATUSES } from './requests.ts';

const LIMIT = 5;

export interface ExpertRequestsSection {
  heading: string;
  lines: string[];
  buttons: Button[][];
}

export async function expertRequestsSection(
  db: Db,
  person: { personId: string; locale: Locale; timeZone: string },
  now: Date,
): Promise<ExpertRequestsSection | null> {
  const open = await db.expertEvaluationRequest.findMany({
    where: { expert: { personId: person.personId }, status: { in: OPEN_STATUSES } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    select: { id: true, status: true, dueAt: true, patent: { select: { title: true } } },
  });
  if (open.length === 0) return null;
  const say = (key: string, params?: Record<string, string | number>) =>
    t(person.locale, `expert-evaluation:${key}`, params);
  const shown = open.slice(0, LIMIT);
  return {
    heading: say('menu.heading', { count: open.length }),
    lines: shown.map((r, i) =>
      say(r.dueAt < now ? 'mine.item_overdue' : 'mine.item', {
        n: i + 1,
        title: r.patent.title,
        status: say(`status.${r.status}`),
        date: localDate(r.dueAt, person.timeZone),
      }),
    ),
    buttons: [
      ...shown.map((r, i) => [
        {
          label: say('mine.open', { n: i + 1, title: shorten(r.patent.title, 24) }),
          action: expertOpenAction.to({ requestId: r.id }),
        },
      ]),
      ...(open.length > LIMIT
        ? [[{ label: say('menu.all', { count: open.length }), action: expertRequestsAction.to() }]]
        : []),
    ],
  };
}
