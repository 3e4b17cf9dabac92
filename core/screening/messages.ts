// "N self-assessments wait for your screening": counted at send time, dropped when none wait.
import { z } from 'zod';
import { assessAction } from '../assessments/actions.ts';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { t } from '../i18n.ts';
import { loadActor } from '../people/actor.ts';
import { coordinatorOverviewAction } from '../progress/actions.ts';
import { screeningCounts } from './queue.ts';

export const screeningReminder = defineDeliveryKind({
  kind: 'reminder.screening',
  /** Nothing: the counts are taken when it is sent. */
  payload: z.object({}),
  render: async (db, { locale, personId }) => {
    const actor = await loadActor(db, personId);
    if (!actor) return null;
    const counts = await screeningCounts(db, actor);
    if (counts.COLLEGE + counts.UNIVERSITY === 0) return null;
    return {
      text: t(locale, 'progress:screening.reminder', {
        college: counts.COLLEGE,
        university: counts.UNIVERSITY,
      }),
      buttons: [[{ label: t(locale, 'progress:screening.open'), action: coordinatorOverviewAction.to() }]],
    };
  },
});

/** "Your self-assessment was sent back": with the comment and a button to revise it. */
export const screeningReturned = defineDeliveryKind({
  kind: 'screening.returned',
  payload: z.object({ patentId: z.uuid(), decisionId: z.uuid() }),
  render: async (db, { locale, payload: { patentId, decisionId }, personId }) => {
    const decision = await db.screeningDecision.findUnique({
      where: { id: decisionId },
      include: { assessment: { include: { patent: true } } },
    });
    const patent = decision?.assessment.patent;
    if (
      !decision ||
      !patent ||
      patent.inventoryStatus !== 'RETURNED' ||
      decision.assessment.respondentId !== personId
    ) {
      return null;
    }
    return {
      text: t(locale, 'progress:screening.returned', {
        title: patent.title,
        comment: decision.comment ?? '',
      }),
      buttons: [[{ label: t(locale, 'progress:screening.revise'), action: assessAction.to({ patentId }) }]],
      confidential: true,
    };
  },
});

/**
 * "Your patent entered the resource pool" / "was screened out (reason)": to the inventor personally,
 * never to a group (the assessment is not published), with a button to read it and the outcome.
 */
export const screeningOutcome = defineDeliveryKind({
  kind: 'screening.outcome',
  payload: z.object({ patentId: z.uuid(), decisionId: z.uuid() }),
  render: async (db, { locale, payload: { patentId, decisionId }, personId }) => {
    const decision = await db.screeningDecision.findUnique({
      where: { id: decisionId },
      include: { assessment: { include: { patent: true } } },
    });
    const patent = decision?.assessment.patent;
    if (!decision || !patent || patent.id !== patentId || decision.assessment.respondentId !== personId) {
      return null;
    }
    // Obsolete once the patent moved on (e.g. reopened after a screen-out was reconsidered).
    const inPool = decision.outcome === 'APPROVED' && patent.inventoryStatus === 'IN_POOL';
    const out = decision.outcome === 'SCREENED_OUT' && patent.inventoryStatus === 'SCREENED_OUT';
    if (!inPool && !out) return null;
    const params = { title: patent.title, number: patent.applicationNumber };
    const lines = inPool
      ? [t(locale, 'screening:notice.in_pool', params)]
      : [
          t(locale, 'screening:notice.screened_out', params),
          ...(decision.comment ? [t(locale, 'screening:notice.reason', { reason: decision.comment })] : []),
        ];
    return {
      text: lines.join('\n'),
      buttons: [[{ label: t(locale, 'screening:notice.view'), action: assessAction.to({ patentId }) }]],
      confidential: true,
    };
  },
});

/** This feature's delivery kinds, collected by core/delivery-kinds.ts. */
export const deliveryKinds = [screeningReminder, screeningReturned, screeningOutcome];
