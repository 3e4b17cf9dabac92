// "You have an unfinished self-assessment": obsolete once it is submitted.
import { z } from 'zod';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { t } from '../i18n.ts';
import { assessAction } from './actions.ts';

export const selfAssessmentNudge = defineDeliveryKind({
  kind: 'reminder.self-assessment',
  payload: z.object({ patentId: z.uuid() }),
  render: async (db, { locale, payload: { patentId }, personId }) => {
    const patent = await db.patent.findUnique({
      where: { id: patentId },
      include: { selfAssessments: { include: { _count: { select: { answers: true } } } } },
    });
    if (!patent || patent.responsibleInventorId !== personId) return null;
    const assessment = patent.selfAssessments[0];
    if (assessment && assessment.status === 'SUBMITTED') return null;
    const answered = assessment?._count.answers ?? 0;
    return {
      text: t(locale, answered > 0 ? 'delivery:nudge.unfinished' : 'delivery:nudge.not_started', {
        title: patent.title,
        answered,
      }),
      buttons: [[{ label: t(locale, 'delivery:nudge.continue'), action: assessAction.to({ patentId }) }]],
    };
  },
});

/** This feature's delivery kinds, collected by core/delivery-kinds.ts. */
export const deliveryKinds = [selfAssessmentNudge];
