// The coordinator's broadcast progress message: its delivery kind, sent once through the outbox ahead
// of the invitations (written before them: "preparing" until they are all written), then edited in
// place by jobs/broadcast-progress.ts (through the channel's rate limiter, like every send) with the
// same text, re-rendered from the live counts:
// how far the invitations have gone out (sent, failed, still to send) and the answers so far, each
// one grouped query.
import { z } from 'zod';
import type { OutgoingMessage } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { type Locale, t } from '../i18n.ts';
import { invitationProgress } from './roadshows.ts';

export interface BroadcastProgress {
  sent: number;
  failed: number;
  remaining: number;
  /** Not sent because they no longer applied (e.g. the event was cancelled meanwhile). */
  skipped: number;
  rsvp: { yes: number; waitlist: number; maybe: number; no: number };
  /**
   * Every invitation is in the outbox and none is left to send: the progress message shows its final
   * state. Never before the invitations are all written (`Roadshow.broadcastQueuedAt`), when a count
   * of zero remaining means nothing.
   */
  finished: boolean;
  /** Every invitation is in the outbox (before that, the counts are partial: "preparing"). */
  queued: boolean;
}

export async function broadcastProgress(db: Db, roadshowId: string): Promise<BroadcastProgress> {
  const [deliveries, answers, roadshow] = await Promise.all([
    invitationProgress(db, roadshowId),
    db.invitation.groupBy({ by: ['rsvp'], where: { roadshowId }, _count: true }),
    db.roadshow.findUnique({ where: { id: roadshowId }, select: { broadcastQueuedAt: true } }),
  ]);
  const answered = (rsvp: string) => answers.find((a) => a.rsvp === rsvp)?._count ?? 0;
  return {
    ...deliveries,
    rsvp: {
      yes: answered('YES'),
      waitlist: answered('WAITLIST'),
      maybe: answered('MAYBE'),
      no: answered('NO'),
    },
    finished: roadshow?.broadcastQueuedAt != null && deliveries.remaining === 0,
    queued: roadshow?.broadcastQueuedAt != null,
  };
}

/** The message for counts already computed (the progress job computes them once per broadcast). */
export function roadshowProgressMessage(
  locale: Locale,
  title: string,
  progress: BroadcastProgress,
): OutgoingMessage {
  const heading = t(locale, 'roadshow:create.progress.heading', { title });
  // Sent ahead of the invitations, perhaps while they are still being written: no count yet.
  if (!progress.queued) return { text: [heading, t(locale, 'delivery:progress.preparing')].join('\n') };
  return {
    text: [
      heading,
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

/** The coordinator's broadcast progress message, edited in place until every invitation settled. */
export const roadshowProgress = defineDeliveryKind({
  kind: 'roadshow.progress',
  payload: z.object({ roadshowId: z.uuid() }),
  // The coordinator is watching: sent before the thousands of invitations it reports on.
  first: true,
  render: async (db, { locale, payload: { roadshowId } }) => {
    const roadshow = await db.roadshow.findUnique({ where: { id: roadshowId }, select: { title: true } });
    if (!roadshow) return null;
    return roadshowProgressMessage(locale, roadshow.title, await broadcastProgress(db, roadshowId));
  },
});

/** This file's delivery kinds, collected by core/delivery-kinds.ts. */
export const deliveryKinds = [roadshowProgress];
