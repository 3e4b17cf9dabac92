// What expert evaluation sends through the outbox, each a delivery kind beside its renderer: the
// invitation to the expert (the patent's public data only — bibliographic fields and abstract, never
// the inventor's self-assessment — and the deadline), the requester told of a decline or an overdue
// request, the result announced to the requester and the institution's coordinators, the release to
// the inventors, the expert told of a withdrawal, and the expert's reminders (backing off, stopping
// once the request is answered or closed). Renderers reload the request: a message that no longer
// applies is dropped (null).
import { z } from 'zod';
import type { Button, OutgoingMessage } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { type Locale, t } from '../i18n.ts';
import { formatCalendarDate, localDate } from '../time-format.ts';
import {
  expertAcceptAction,
  expertDeclineAction,
  expertOpenAction,
  expertReassignAction,
  expertRequestPageAction,
  expertResultAction,
} from './actions.ts';

const payload = z.object({ requestId: z.uuid() });
const ABSTRACT_CHARS = 300;

const shortened = (text: string, max: number) => {
  const chars = [...text.trim()];
  return chars.length <= max ? text.trim() : `${chars.slice(0, max - 1).join('')}…`;
};

async function loadForMessage(db: Db, requestId: string) {
  return db.expertEvaluationRequest.findUnique({
    where: { id: requestId },
    include: {
      patent: {
        select: {
          id: true,
          title: true,
          abstract: true,
          applicationNumber: true,
          publicationNumber: true,
          type: true,
          ipcCodes: true,
          applicationDate: true,
          grantDate: true,
          legalStatus: true,
          patentees: true,
        },
      },
      expert: { select: { personId: true, person: { select: { name: true } } } },
    },
  });
}
type MessageRequest = NonNullable<Awaited<ReturnType<typeof loadForMessage>>>;

const ns = (locale: Locale, key: string, params?: Record<string, string | number>) =>
  t(locale, `expert-evaluation:${key}`, params);

/** The patent's public data, as anyone may read it on the patent office's register. */
export function publicPatentLines(locale: Locale, patent: MessageRequest['patent']): string[] {
  const number = patent.publicationNumber
    ? `${patent.applicationNumber} (${patent.publicationNumber})`
    : patent.applicationNumber;
  return [
    `📄 ${patent.title}`,
    ns(locale, 'patent.number', { number }),
    ns(locale, 'patent.type', { type: t(locale, `chat:patent_type.${patent.type}`) }),
    ...(patent.ipcCodes.length > 0 ? [ns(locale, 'patent.ipc', { ipc: patent.ipcCodes.join('; ') })] : []),
    ns(locale, 'patent.dates', {
      filed: formatCalendarDate(patent.applicationDate),
      granted: patent.grantDate ? formatCalendarDate(patent.grantDate) : '—',
    }),
    ns(locale, 'patent.legal_status', { status: t(locale, `export:legal_status.${patent.legalStatus}`) }),
    ...(patent.patentees.length > 0
      ? [ns(locale, 'patent.patentees', { patentees: patent.patentees.join('; ') })]
      : []),
    ...(patent.abstract ? ['', shortened(patent.abstract, ABSTRACT_CHARS)] : []),
  ];
}

const action = (locale: Locale, key: string, to: string): Button => ({ label: ns(locale, key), action: to });

/** The invitation, as the outbox sends it and as the expert opens it again from their list. */
export function invitationMessage(
  locale: Locale,
  timeZone: string,
  row: MessageRequest,
  requester: string,
): OutgoingMessage {
  return {
    text: [
      ns(locale, 'invitation.heading', { requester }),
      '',
      ...publicPatentLines(locale, row.patent),
      '',
      ns(locale, 'invitation.due', { date: localDate(row.dueAt, timeZone) }),
      ns(locale, 'invitation.hint'),
    ].join('\n'),
    buttons: [
      [
        action(locale, 'invitation.accept', expertAcceptAction.to({ requestId: row.id })),
        action(locale, 'invitation.decline', expertDeclineAction.to({ requestId: row.id })),
      ],
    ],
  };
}

/** Who asked, as the expert reads it: the institution, or the enterprise by name. */
export async function requesterLabel(
  db: Db,
  row: { requesterEnterpriseId: string | null; patentId: string },
) {
  if (row.requesterEnterpriseId) {
    const enterprise = await db.enterprise.findUnique({ where: { id: row.requesterEnterpriseId } });
    return enterprise?.name ?? '—';
  }
  const patent = await db.patent.findUnique({
    where: { id: row.patentId },
    select: { institution: { select: { nameZh: true } } },
  });
  return patent?.institution.nameZh ?? '—';
}

const zoneOf = async (db: Db, personId: string, given?: string) =>
  given ??
  (await db.person.findUnique({ where: { id: personId }, select: { timeZone: true } }))?.timeZone ??
  'Asia/Shanghai';

export const expertInvitation = defineDeliveryKind({
  kind: 'expert-evaluation.invitation',
  payload,
  render: async (db, { locale, timeZone, personId, payload: { requestId } }) => {
    const row = await loadForMessage(db, requestId);
    if (row?.status !== 'INVITED' || row.expert.personId !== personId) return null;
    return invitationMessage(
      locale,
      await zoneOf(db, personId, timeZone),
      row,
      await requesterLabel(db, row),
    );
  },
});

export const expertReminder = defineDeliveryKind({
  kind: 'reminder.expert-evaluation',
  payload,
  render: async (db, { locale, timeZone, personId, now, payload: { requestId } }) => {
    const row = await loadForMessage(db, requestId);
    if (!row || row.expert.personId !== personId) return null;
    if (row.status !== 'INVITED' && row.status !== 'ACCEPTED') return null;
    const zone = await zoneOf(db, personId, timeZone);
    const key = row.dueAt.getTime() < now.getTime() ? 'reminder.overdue' : `reminder.${row.status}`;
    return {
      text: ns(locale, key, { title: row.patent.title, date: localDate(row.dueAt, zone) }),
      buttons: [[action(locale, 'reminder.open', expertOpenAction.to({ requestId }))]],
    };
  },
});

export const expertDeclinedNotice = defineDeliveryKind({
  kind: 'expert-evaluation.declined',
  payload,
  render: async (db, { locale, payload: { requestId } }) => {
    const row = await loadForMessage(db, requestId);
    if (row?.status !== 'DECLINED') return null;
    return {
      text: ns(locale, 'declined.notice', {
        expert: row.expert.person.name,
        title: row.patent.title,
        reason: row.declineReason ?? '—',
      }),
      buttons: [
        [action(locale, 'declined.choose_other', expertRequestPageAction.to({ patentId: row.patentId }))],
      ],
    };
  },
});

export const expertOverdueNotice = defineDeliveryKind({
  kind: 'expert-evaluation.overdue',
  payload,
  render: async (db, { locale, timeZone, personId, now, payload: { requestId } }) => {
    const row = await loadForMessage(db, requestId);
    if (!row || (row.status !== 'INVITED' && row.status !== 'ACCEPTED')) return null;
    if (row.dueAt.getTime() >= now.getTime()) return null;
    return {
      text: ns(locale, 'overdue.notice', {
        expert: row.expert.person.name,
        title: row.patent.title,
        date: localDate(row.dueAt, await zoneOf(db, personId, timeZone)),
      }),
      buttons: [[action(locale, 'overdue.reassign', expertReassignAction.to({ requestId }))]],
    };
  },
});

export const expertSubmittedNotice = defineDeliveryKind({
  kind: 'expert-evaluation.submitted',
  payload,
  render: async (db, { locale, payload: { requestId } }) => {
    const row = await loadForMessage(db, requestId);
    if (row?.status !== 'SUBMITTED') return null;
    return {
      text: ns(locale, 'submitted.notice', {
        expert: row.expert.person.name,
        title: row.patent.title,
        grade: row.valueGrade ?? '—',
      }),
      buttons: [[action(locale, 'submitted.view', expertResultAction.to({ requestId }))]],
      confidential: true,
    };
  },
});

export const expertReleasedNotice = defineDeliveryKind({
  kind: 'expert-evaluation.released',
  payload,
  render: async (db, { locale, payload: { requestId } }) => {
    const row = await loadForMessage(db, requestId);
    if (row?.status !== 'SUBMITTED' || row.releasedAt === null) return null;
    return {
      text: ns(locale, 'released.notice', { title: row.patent.title }),
      buttons: [[action(locale, 'submitted.view', expertResultAction.to({ requestId }))]],
      confidential: true,
    };
  },
});

export const expertWithdrawnNotice = defineDeliveryKind({
  kind: 'expert-evaluation.withdrawn',
  payload,
  render: async (db, { locale, payload: { requestId } }) => {
    const row = await loadForMessage(db, requestId);
    if (row?.status !== 'WITHDRAWN') return null;
    return { text: ns(locale, 'withdrawn.notice', { title: row.patent.title }) };
  },
});

/** This feature's delivery kinds, collected by core/delivery-kinds.ts. */
export const deliveryKinds = [
  expertInvitation,
  expertReminder,
  expertDeclinedNotice,
  expertOverdueNotice,
  expertSubmittedNotice,
  expertReleasedNotice,
  expertWithdrawnNotice,
];
