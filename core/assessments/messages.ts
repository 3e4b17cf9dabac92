// "You have an unfinished self-assessment": obsolete once it is submitted.
import { z } from 'zod';
import { encodeAction } from '../chat/actions.ts';
import type { DeliveryRenderer } from '../delivery/send-delivery.ts';
import { t } from '../i18n.ts';

export const SELF_ASSESSMENT_NUDGE = 'reminder.self-assessment';

const payload = z.object({ patentId: z.uuid() });

export const renderSelfAssessmentNudge: DeliveryRenderer = async (db, { locale, payload: raw, personId }) => {
  const { patentId } = payload.parse(raw);
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
    buttons: [
      [{ label: t(locale, 'delivery:nudge.continue'), action: encodeAction({ type: 'assess', patentId }) }],
    ],
  };
};
