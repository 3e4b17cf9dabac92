// "N self-assessments wait for your screening": counted at send time, dropped when none wait.
import { encodeAction } from '../../chat/actions.ts';
import { t } from '../../i18n.ts';
import { loadActor } from '../../people/actor.ts';
import { screeningCounts } from '../../screening/queue.ts';
import type { DeliveryRenderer } from '../send-delivery.ts';

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
