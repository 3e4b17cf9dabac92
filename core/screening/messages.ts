// "N self-assessments wait for your screening": counted at send time, dropped when none wait.
import { z } from 'zod';
import { encodeAction } from '../chat/actions.ts';
import type { DeliveryRenderer } from '../delivery/send-delivery.ts';
import { t } from '../i18n.ts';
import { loadActor } from '../people/actor.ts';
import { screeningCounts } from './queue.ts';

export const renderScreeningReminder: DeliveryRenderer = async (db, { locale, personId }) => {
  const actor = await loadActor(db, personId);
  if (!actor) return null;
  const counts = await screeningCounts(db, actor);
  if (counts.COLLEGE + counts.UNIVERSITY === 0) return null;
  return {
    text: t(locale, 'progress:screening.reminder', {
      college: counts.COLLEGE,
      university: counts.UNIVERSITY,
    }),
    buttons: [[{ label: t(locale, 'progress:screening.open'), action: encodeAction({ type: 'coord' }) }]],
  };
};

const returnedPayload = z.object({ patentId: z.uuid(), decisionId: z.uuid() });

/** "Your self-assessment was sent back": with the comment and a button to revise it. */
export const renderScreeningReturned: DeliveryRenderer = async (db, { locale, payload, personId }) => {
  const { patentId, decisionId } = returnedPayload.parse(payload);
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
    text: t(locale, 'progress:screening.returned', { title: patent.title, comment: decision.comment ?? '' }),
    buttons: [
      [{ label: t(locale, 'progress:screening.revise'), action: encodeAction({ type: 'assess', patentId }) }],
    ],
    confidential: true,
  };
};
