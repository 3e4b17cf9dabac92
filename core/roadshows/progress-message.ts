// The coordinator's broadcast progress message: sent once through the outbox, then edited in place
// by jobs/broadcast-progress.ts with the same text, re-rendered from the live counts.
import { z } from 'zod';
import type { OutgoingMessage } from '../channel/messages.ts';
import type { DeliveryRenderer } from '../delivery/send-delivery.ts';
import { type Locale, t } from '../i18n.ts';
import { type BroadcastProgress, broadcastProgress } from './broadcast-progress.ts';

const payload = z.object({ roadshowId: z.uuid() });

/** The message for counts already computed (the progress job computes them once per broadcast). */
export function roadshowProgressMessage(
  locale: Locale,
  title: string,
  progress: BroadcastProgress,
): OutgoingMessage {
  return {
    text: [
      t(locale, 'roadshow:create.progress.heading', { title }),
      t(locale, `roadshow:create.progress.${progress.finished ? 'finished' : 'sending'}`, {
        sent: progress.sent,
        failed: progress.failed,
        remaining: progress.remaining,
        skipped: progress.skipped,
      }),
      t(locale, 'roadshow:create.progress.rsvp', progress.rsvp),
    ].join('\n'),
  };
}

export const renderRoadshowProgress: DeliveryRenderer = async (db, { locale, payload: raw }) => {
  const { roadshowId } = payload.parse(raw);
  const roadshow = await db.roadshow.findUnique({ where: { id: roadshowId }, select: { title: true } });
  if (!roadshow) return null;
  return roadshowProgressMessage(locale, roadshow.title, await broadcastProgress(db, roadshowId));
};
