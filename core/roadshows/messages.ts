// Roadshow invitations, reminders, waitlist promotions and follow-ups: their delivery kinds and their
// messages, in the recipient's language and time zone.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { z } from 'zod';
import { machineTimeMs } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { type Locale, t } from '../i18n.ts';
import { storedTerms } from '../open-licence/declaration.ts';
import { describeTerms } from '../open-licence/terms-text.ts';
import { calendarAction, interestAction, rsvpAction } from './actions.ts';

/** What the invitation lists of a featured patent: its title, and a released open licence's terms. */
const FEATURED_PATENT = {
  id: true,
  title: true,
  inventoryStatus: true,
  openLicence: {
    select: {
      feeMode: true,
      amountWanYuan: true,
      royaltyPercent: true,
      royaltyBase: true,
      termYears: true,
      evaluationReport: true,
      releasedAt: true,
      withdrawnAt: true,
    },
  },
} as const;

/** Every roadshow kind carries the roadshow only: the rest is read when it is sent. */
const roadshowPayload = z.object({ roadshowId: z.uuid() });

async function load(db: Db, roadshowId: string, personId: string) {
  const roadshow = await db.roadshow.findUnique({
    where: { id: roadshowId },
    include: {
      institution: true,
      patents: { include: { patent: { select: FEATURED_PATENT } } },
      invitations: { where: { personId } },
    },
  });
  const person = await db.person.findUnique({ where: { id: personId } });
  if (!roadshow || !person || !['PUBLISHED', 'FINISHED'].includes(roadshow.status)) return null;
  return { roadshow, person, invitation: roadshow.invitations[0] ?? null };
}

/** "2026年12月10日 14:00 – 16:00": the end as a time on the same local day, in full otherwise. */
function when(startsAt: Date, endsAt: Date | null, timeZone: string, locale: Locale): string {
  const pattern = t(locale, 'roadshow:message.date_format');
  const start = new TZDate(startsAt.getTime(), timeZone);
  const text = format(start, pattern);
  if (!endsAt) return text;
  const end = new TZDate(endsAt.getTime(), timeZone);
  const sameDay = format(start, 'yyyy-MM-dd') === format(end, 'yyyy-MM-dd');
  return `${text} – ${format(end, sameDay ? 'HH:mm' : pattern)}`;
}

type FeaturedOpenLicence = Parameters<typeof storedTerms>[0] & {
  releasedAt: Date | null;
  withdrawnAt: Date | null;
};

/** What an invitation shows: also built from a chat draft, for the coordinator's preview. */
export interface InvitationDetails {
  roadshow: {
    title: string;
    startsAt: Date;
    /** Optional: roadshows may be announced with a start only. */
    endsAt?: Date | null;
    location: string | null;
    onlineUrl: string | null;
    capacity: number | null;
    institution: { nameZh: string };
    patents: {
      patent: { title: string; inventoryStatus?: string; openLicence?: FeaturedOpenLicence | null };
    }[];
  };
  person: { timeZone: string };
}

function details(data: InvitationDetails, locale: Locale): string {
  const { roadshow, person } = data;
  const lines = [
    t(locale, 'roadshow:message.title', { title: roadshow.title, host: roadshow.institution.nameZh }),
    t(locale, 'roadshow:message.when', {
      when: when(roadshow.startsAt, roadshow.endsAt ?? null, person.timeZone, locale),
      zone: person.timeZone,
    }),
  ];
  if (roadshow.location) lines.push(t(locale, 'roadshow:message.where', { place: roadshow.location }));
  if (roadshow.onlineUrl) lines.push(t(locale, 'roadshow:message.online', { url: roadshow.onlineUrl }));
  if (roadshow.capacity) lines.push(t(locale, 'roadshow:message.capacity', { capacity: roadshow.capacity }));
  lines.push(t(locale, 'roadshow:message.featured'));
  for (const { patent } of roadshow.patents) {
    const open = patent.openLicence;
    const offered = open?.releasedAt && !open.withdrawnAt && patent.inventoryStatus === 'IN_POOL';
    lines.push(
      offered ? `• ${patent.title}（${describeTerms(locale, storedTerms(open))}）` : `• ${patent.title}`,
    );
  }
  return lines.join('\n');
}

function rsvpButtons(locale: Locale, roadshowId: string) {
  return [
    [
      {
        label: t(locale, 'roadshow:rsvp.yes'),
        action: rsvpAction.to({ roadshowId, answer: 'YES' }),
      },
      {
        label: t(locale, 'roadshow:rsvp.maybe'),
        action: rsvpAction.to({ roadshowId, answer: 'MAYBE' }),
      },
      {
        label: t(locale, 'roadshow:rsvp.no'),
        action: rsvpAction.to({ roadshowId, answer: 'NO' }),
      },
    ],
    [{ label: t(locale, 'roadshow:rsvp.calendar'), action: calendarAction.to({ roadshowId }) }],
  ];
}

export const invitationText = (data: InvitationDetails, locale: Locale): string =>
  `${t(locale, 'roadshow:message.invitation')}\n\n${details(data, locale)}`;

/** How long a roadshow read for a batch of invitations serves the next batches. */
const SHARED_FOR_MS = 1000;
type Shared = Map<string, { at: number; roadshow: Awaited<ReturnType<typeof readRoadshows>>[number] | null }>;
/** Per database client: another database (a test's) never sees these. */
const sharedBy = new WeakMap<Db, Shared>();

function readRoadshows(db: Db, ids: string[]) {
  return db.roadshow.findMany({
    where: { id: { in: ids }, status: { in: ['PUBLISHED', 'FINISHED'] } },
    include: { institution: true, patents: { include: { patent: { select: FEATURED_PATENT } } } },
  });
}

async function sharedRoadshows(db: Db, ids: string[]) {
  const shared: Shared = sharedBy.get(db) ?? new Map();
  sharedBy.set(db, shared);
  // Elapsed time on the machine's clock (it decides nothing about what is due).
  const now = machineTimeMs();
  const stale = ids.filter((id) => now - (shared.get(id)?.at ?? -Infinity) > SHARED_FOR_MS);
  if (stale.length > 0) {
    const read = await readRoadshows(db, stale);
    for (const id of stale) shared.set(id, { at: now, roadshow: read.find((r) => r.id === id) ?? null });
    if (shared.size > 1000)
      for (const [id, entry] of shared) if (now - entry.at > SHARED_FOR_MS) shared.delete(id);
  }
  return ids.flatMap((id) => shared.get(id)?.roadshow ?? []);
}

export const roadshowInvitation = defineDeliveryKind({
  kind: 'roadshow.invitation',
  payload: roadshowPayload,
  render: async (db, { locale, payload: { roadshowId }, personId }) => {
    const data = await load(db, roadshowId, personId);
    if (!data) return null;
    return {
      text: invitationText(data, locale),
      buttons: rsvpButtons(locale, data.roadshow.id),
    };
  },
  // A broadcast's invitations share their roadshow: read once a second while the worker sends
  // batch after batch (a change shows within a second, as it would for a batch already read), and
  // the text (which differs only by language and time zone) built once per pair — the same messages
  // `render` gives one by one.
  renderMany: async (db, contents) => {
    const roadshows = await sharedRoadshows(db, [...new Set(contents.map((c) => c.payload.roadshowId))]);
    const unknownZone = contents.filter((c) => c.timeZone === undefined).map((c) => c.personId);
    const zones = new Map(
      unknownZone.length === 0
        ? []
        : (
            await db.person.findMany({
              where: { id: { in: unknownZone } },
              select: { id: true, timeZone: true },
            })
          ).map((p) => [p.id, p.timeZone]),
    );
    const built = new Map<string, { text: string; buttons: ReturnType<typeof rsvpButtons> }>();
    return contents.map(({ locale, payload, personId, timeZone = zones.get(personId) }) => {
      const roadshow = roadshows.find((r) => r.id === payload.roadshowId);
      if (!roadshow || timeZone === undefined) return null;
      const key = `${roadshow.id}|${locale}|${timeZone}`;
      let message = built.get(key);
      if (!message) {
        message = {
          text: invitationText({ roadshow, person: { timeZone } }, locale),
          buttons: rsvpButtons(locale, roadshow.id),
        };
        built.set(key, message);
      }
      return message;
    });
  },
});

/** 24 h and 1 h before: only to people who have not declined. */
export const roadshowReminder = defineDeliveryKind({
  kind: 'roadshow.reminder',
  payload: roadshowPayload,
  render: async (db, { locale, payload: { roadshowId }, personId }) => {
    const data = await load(db, roadshowId, personId);
    if (!data || data.invitation?.rsvp === 'NO') return null;
    const pending = data.invitation?.rsvp === 'PENDING';
    return {
      text: `${t(locale, 'roadshow:message.reminder')}\n\n${details(data, locale)}`,
      ...(pending ? { buttons: rsvpButtons(locale, data.roadshow.id) } : {}),
    };
  },
});

/** From the waitlist to a seat. */
export const roadshowPromoted = defineDeliveryKind({
  kind: 'roadshow.promoted',
  payload: roadshowPayload,
  render: async (db, { locale, payload: { roadshowId }, personId }) => {
    const data = await load(db, roadshowId, personId);
    if (data?.invitation?.rsvp !== 'YES') return null;
    return { text: `${t(locale, 'roadshow:message.promoted')}\n\n${details(data, locale)}` };
  },
});

/** After the event, to those who attended or might have: one tap per featured patent. */
export const roadshowFollowup = defineDeliveryKind({
  kind: 'roadshow.followup',
  payload: roadshowPayload,
  render: async (db, { locale, payload: { roadshowId }, personId }) => {
    const data = await load(db, roadshowId, personId);
    if (!data?.invitation || !['YES', 'MAYBE'].includes(data.invitation.rsvp)) return null;
    return {
      text: t(locale, 'roadshow:message.followup', { title: data.roadshow.title }),
      buttons: data.roadshow.patents.map(({ patent }) => [
        {
          label: `🤝 ${patent.title.slice(0, 30)}`,
          action: interestAction.to({ patentId: patent.id }),
        },
      ]),
    };
  },
});

/**
 * This feature's delivery kinds, collected by core/delivery-kinds.ts (with the coordinator's
 * progress message, `deliveryKinds` of progress-message.ts).
 */
export const deliveryKinds = [roadshowInvitation, roadshowReminder, roadshowPromoted, roadshowFollowup];
