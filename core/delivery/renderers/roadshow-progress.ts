// The coordinator's broadcast progress message: sent once through the outbox, then edited in place
// by jobs/broadcast-progress.ts with the same text, re-rendered from the live counts.
import { z } from 'zod';
import { t } from '../../i18n.ts';
import { broadcastProgress } from '../../roadshows/broadcast-progress.ts';
import type { DeliveryRenderer } from '../send-delivery.ts';

const payload = z.object({ roadshowId: z.uuid() });

export const renderRoadshowProgress: DeliveryRenderer = async (db, { locale, payload: raw }) => {
  const { roadshowId } = payload.parse(raw);
  const roadshow = await db.roadshow.findUnique({ where: { id: roadshowId }, select: { title: true } });
  if (!roadshow) return null;
  const progress = await broadcastProgress(db, roadshowId);
  return {
    text: [
      t(locale, 'roadshow:create.progress.heading', { title: roadshow.title }),
      t(locale, `roadshow:create.progress.${progress.finished ? 'finished' : 'sending'}`, {
        sent: progress.sent,
        failed: progress.failed,
        remaining: progress.remaining,
        skipped: progress.skipped,
      }),
      t(locale, 'roadshow:create.progress.rsvp', progress.rsvp),
    ].join('\n'),
  };
};
