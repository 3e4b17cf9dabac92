// A roadshow broadcast followed for its coordinator: publishing queues their progress message (its
// kind, counts and text are in progress-message.ts), which jobs/broadcast-progress.ts then edits in
// place until every invitation has settled. The message is written and queued ahead of the
// invitations (its kind is `first`), and the broadcast counts as queued (`broadcastQueuedAt`) only
// once every invitation is in the outbox: before that, no count of remaining invitations can say it
// is finished.
import type { Channel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import type { Actor } from '../people/actor.ts';
import { roadshowProgress } from './progress-message.ts';
import { progressKey, publishRoadshow } from './roadshows.ts';

/**
 * Publishes (inviting everyone once, whatever the number of calls) and queues the coordinator's
 * progress message on the channel they confirmed from; later edits go to that message. The progress
 * row is written before the invitations: whenever the relay finds invitations it finds it too, and
 * queues it ahead of them (its kind is `first`).
 */
export async function startBroadcast(db: Db, actor: Actor, roadshowId: string, channel: Channel, now: Date) {
  const progress = roadshowProgress.delivery({
    idempotencyKey: progressKey(roadshowId, actor.personId),
    personId: actor.personId,
    channel,
    payload: { roadshowId },
    notBefore: now,
  });
  const published = await publishRoadshow(db, actor, roadshowId, now, { ahead: [progress] });
  // Every invitation is written (publishing again after a crash writes the missing ones first).
  await db.roadshow.updateMany({
    where: { id: roadshowId, broadcastQueuedAt: null },
    data: { broadcastQueuedAt: now },
  });
  return published;
}

/** Published roadshows whose broadcast is still followed, with their coordinators' progress messages. */
export function openBroadcasts(db: Db) {
  return db.roadshow.findMany({
    where: { status: 'PUBLISHED', broadcastQueuedAt: { not: null }, broadcastFinishedAt: null },
    select: { id: true, title: true },
    orderBy: { createdAt: 'asc' },
  });
}

export function progressMessages(db: Db, roadshowId: string) {
  return db.delivery.findMany({
    where: {
      kind: roadshowProgress.kind,
      idempotencyKey: { startsWith: `roadshow:${roadshowId}:progress:` },
    },
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
