// A patent pushed to an enterprise, and the reminder that its evaluation is still awaited. Only the
// patent's public data (bibliographic fields and abstract) and the reasons of the match are shown:
// nothing from the inventor's self-assessment, which is not published to the pool.
import { z } from 'zod';
import { evaluateAction } from '../assessments/actions.ts';
import type { Button } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { type Locale, t } from '../i18n.ts';
import { patentAction } from '../inventory/actions.ts';
import { openLicenceOfferAction } from '../open-licence/actions.ts';
import { offeredDeclarations } from '../open-licence/declaration.ts';
import { describeTerms } from '../open-licence/terms-text.ts';
import { interestAction } from '../roadshows/actions.ts';
import { declineAction } from './actions.ts';
import { describeReasons, parseReasons } from './reasons.ts';
import { isAnswered } from './status.ts';

const ABSTRACT_CHARS = 160;
/** Both kinds carry the match: the push and its reminders show the same patent and reasons. */
const matchPayload = z.object({ matchId: z.uuid() });

/** The match while it is still worth a message to this person; null once obsolete. */
async function loadOpenMatch(db: Db, matchId: string, personId: string) {
  const match = await db.matchPush.findUnique({
    where: { id: matchId },
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
          inventoryStatus: true,
          legalStatus: true,
          institution: { select: { nameZh: true, nameEn: true } },
        },
      },
    },
  });
  if (!match || isAnswered(match.status)) return null;
  if (match.patent.inventoryStatus !== 'IN_POOL' || match.patent.legalStatus !== 'VALID') return null;
  // Someone who left the enterprise since the push no longer hears about its matches.
  const staff = await db.roleAssignment.findFirst({
    where: { personId, role: 'ENTERPRISE_STAFF', enterpriseId: match.enterpriseId },
  });
  return staff ? match : null;
}

type OpenMatch = NonNullable<Awaited<ReturnType<typeof loadOpenMatch>>>;

function shortened(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? text.trim() : `${chars.slice(0, max - 1).join('')}…`;
}

function patentLines(locale: Locale, match: OpenMatch): string[] {
  const p = match.patent;
  const number = p.publicationNumber
    ? `${p.applicationNumber} (${p.publicationNumber})`
    : p.applicationNumber;
  const holder = locale === 'en' && p.institution.nameEn ? p.institution.nameEn : p.institution.nameZh;
  return [
    `📄 ${p.title}`,
    t(locale, 'chat:patent.number', { number }),
    t(locale, 'chat:patent.type', { type: t(locale, `chat:patent_type.${p.type}`) }),
    ...(p.ipcCodes.length > 0 ? [t(locale, 'chat:patent.ipc', { ipc: p.ipcCodes.join('; ') })] : []),
    t(locale, 'matching:push.holder', { holder }),
    ...(p.abstract ? [`\n${shortened(p.abstract, ABSTRACT_CHARS)}`] : []),
  ];
}

function reasonLines(locale: Locale, match: OpenMatch): string[] {
  const reasons = describeReasons(locale, parseReasons(match.reasons));
  return reasons.length === 0 ? [] : [`\n${t(locale, 'matching:push.why')}`, ...reasons.map((r) => `• ${r}`)];
}

/** The enterprise's answers to a pushed patent, the same actions as from the patent's own page. */
export function matchButtons(locale: Locale, patentId: string): Button[][] {
  return [
    [
      { label: t(locale, 'matching:button.view'), action: patentAction.to({ patentId }) },
      { label: t(locale, 'chat:patent.evaluate'), action: evaluateAction.to({ patentId }) },
    ],
    [
      { label: t(locale, 'roadshow:interest.button'), action: interestAction.to({ patentId }) },
      { label: t(locale, 'matching:button.decline'), action: declineAction.to({ patentId }) },
    ],
  ];
}

export const matchPush = defineDeliveryKind({
  kind: 'match.push',
  payload: matchPayload,
  render: async (db, { locale, payload: { matchId }, personId }) => {
    const match = await loadOpenMatch(db, matchId, personId);
    if (!match) return null;
    // A released open licence: its terms and the one tap that takes it (core/open-licence).
    const openLicence = (await offeredDeclarations(db, [match.patent.id])).get(match.patent.id);
    return {
      text: [
        t(locale, 'matching:push.intro'),
        '',
        ...patentLines(locale, match),
        ...(openLicence ? [describeTerms(locale, openLicence)] : []),
        ...reasonLines(locale, match),
      ].join('\n'),
      buttons: [
        ...matchButtons(locale, match.patent.id),
        ...(openLicence
          ? [
              [
                {
                  label: t(locale, 'open-licence:button.offer'),
                  action: openLicenceOfferAction.to({ patentId: match.patent.id }),
                },
              ],
            ]
          : []),
      ],
    };
  },
});

/** A pushed patent still unanswered (7, 14, 28 days; core/reminders/evaluation-waiting.ts). */
export const evaluationReminder = defineDeliveryKind({
  kind: 'reminder.evaluation',
  payload: matchPayload,
  render: async (db, { locale, payload: { matchId }, personId }) => {
    const match = await loadOpenMatch(db, matchId, personId);
    if (!match) return null;
    return {
      text: [
        t(locale, 'matching:reminder.intro', { title: match.patent.title }),
        '',
        ...patentLines(locale, match),
        ...reasonLines(locale, match),
        '',
        t(locale, 'matching:reminder.mute_hint'),
      ].join('\n'),
      buttons: matchButtons(locale, match.patent.id),
    };
  },
});

/** This feature's delivery kinds, collected by core/delivery-kinds.ts. */
export const deliveryKinds = [matchPush, evaluationReminder];
