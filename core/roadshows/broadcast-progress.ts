// How far a roadshow's invitations have gone out, for the coordinator's progress message: the
// outbox counts (sent, failed, still to send) and the answers so far, each one grouped query.
import type { Channel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import type { Actor } from '../people/actor.ts';
import { invitationProgress, progressKey, publishRoadshow, ROADSHOW_PROGRESS } from './roadshows.ts';

export interface BroadcastProgress {
  sent: number;
  failed: number;
  remaining: number;
  /** Not sent because they no longer applied (e.g. the event was cancelled meanwhile). */
  skipped: number;
  rsvp: { yes: number; waitlist: number; maybe: number; no: number };
  /** Nothing left to send: the progress message shows its final state. */
  finished: boolean;
}

/**
 * Publishes (inviting everyone once, whatever the number of calls) and queues the coordinator's
 * progress message on the channel they confirmed from; later edits go to that message.
 */
export async function startBroadcast(db: Db, actor: Actor, roadshowId: string, channel: Channel, now: Date) {
  const published = await publishRoadshow(db, actor, roadshowId, now);
  await enqueueDelivery(db, {
    idempotencyKey: progressKey(roadshowId, actor.personId),
    personId: actor.personId,
    channel,
    kind: ROADSHOW_PROGRESS,
    payload: { roadshowId },
    notBefore: now,
  });
  return published;
}

export async function broadcastProgress(db: Db, roadshowId: string): Promise<BroadcastProgress> {
  const [deliveries, answers] = await Promise.all([
    invitationProgress(db, roadshowId),
    db.invitation.groupBy({ by: ['rsvp'], where: { roadshowId }, _count: true }),
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
    finished: deliveries.remaining === 0,
  };
}

/** Published roadshows whose broadcast is still followed, with their coordinators' progress messages. */
export function openBroadcasts(db: Db) {
  return db.roadshow.findMany({
    where: { status: 'PUBLISHED', broadcastFinishedAt: null },
    select: { id: true, title: true },
    orderBy: { createdAt: 'asc' },
  });
}

export function progressMessages(db: Db, roadshowId: string) {
  return db.delivery.findMany({
    where: { kind: ROADSHOW_PROGRESS, idempotencyKey: { startsWith: `roadshow:${roadshowId}:progress:` } },
    include: {
      person: {
        select: { locale: true, identities: { select: { channel: true, externalId: true, address: true } } },
      },
    },
  });
}

/** Stops following a broadcast; false when another worker already did. */
export async function finishBroadcast(db: Db, roadshowId: string, now: Date): Promise<boolean> {
  const { count } = await db.roadshow.updateMany({
    where: { id: roadshowId, broadcastFinishedAt: null },
    data: { broadcastFinishedAt: now },
  });
  return count === 1;
}
