// Answers to a roadshow invitation (yes / no / maybe, with a capacity and a waitlist) and
// "interested in patent X", which becomes an introduction for the patent's coordinator.
import type { Rsvp } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { Refusal } from '../errors.ts';
import { roadshowPromoted } from './messages.ts';
import { invitationKey } from './roadshows.ts';

export type RsvpOutcome = {
  outcome: 'CONFIRMED' | 'WAITLISTED' | 'DECLINED' | 'MAYBE';
  promoted: string | null;
};

/**
 * Records an answer. The roadshow row is locked for the decision so that two last-seat answers
 * cannot both get it; a seat given up goes to the first person on the waitlist.
 */
export async function respond(
  db: Db,
  personId: string,
  roadshowId: string,
  answer: 'YES' | 'NO' | 'MAYBE',
  now: Date,
) {
  const result = await db.$transaction(async (tx): Promise<RsvpOutcome> => {
    await tx.$queryRaw`SELECT id FROM "Roadshow" WHERE id = ${roadshowId}::uuid FOR UPDATE`;
    // An unknown roadshow (a forged or stale button) is refused like one the person is not invited to.
    const roadshow = await tx.roadshow.findUnique({ where: { id: roadshowId } });
    const invitation = await tx.invitation.findUnique({
      where: { roadshowId_personId: { roadshowId, personId } },
    });
    if (!roadshow || !invitation || roadshow.status !== 'PUBLISHED')
      throw new Refusal({ key: 'roadshow:refusal.not_invited' });
    let status: Rsvp = answer;
    if (answer === 'YES' && invitation.rsvp !== 'YES' && roadshow.capacity !== null) {
      const taken = await tx.invitation.count({ where: { roadshowId, rsvp: 'YES' } });
      if (taken >= roadshow.capacity) status = 'WAITLIST';
    }
    await tx.invitation.update({
      where: { id: invitation.id },
      data: { rsvp: status, respondedAt: now },
    });
    let promoted: string | null = null;
    if (invitation.rsvp === 'YES' && status !== 'YES') {
      const next = await tx.invitation.findFirst({
        where: { roadshowId, rsvp: 'WAITLIST' },
        orderBy: [{ respondedAt: 'asc' }, { id: 'asc' }],
      });
      if (next) {
        await tx.invitation.update({ where: { id: next.id }, data: { rsvp: 'YES' } });
        promoted = next.personId;
      }
    }
    const outcome =
      status === 'YES'
        ? 'CONFIRMED'
        : status === 'WAITLIST'
          ? 'WAITLISTED'
          : status === 'NO'
            ? 'DECLINED'
            : 'MAYBE';
    return { outcome, promoted };
  });
  if (result.promoted) {
    const identity = await db.channelIdentity.findFirst({ where: { personId: result.promoted } });
    if (identity) {
      await enqueueDelivery(
        db,
        roadshowPromoted.delivery({
          idempotencyKey: `${invitationKey(roadshowId, result.promoted)}:promoted`,
          personId: result.promoted,
          channel: identity.channel,
          payload: { roadshowId },
          notBefore: now,
        }),
      );
    }
  }
  return result;
}

/** "Interested in patent X / request a meeting": one introduction per person, patent and event. */
export async function expressInterest(db: Db, personId: string, roadshowId: string, patentId: string) {
  const featured = await db.roadshowPatent.findUnique({
    where: { roadshowId_patentId: { roadshowId, patentId } },
  });
  const invited = await db.invitation.findUnique({
    where: { roadshowId_personId: { roadshowId, personId } },
  });
  if (!featured || !invited) throw new Refusal({ key: 'roadshow:refusal.not_invited' });
  const { count } = await db.introduction.createMany({
    data: [{ patentId, requesterId: personId, roadshowId }],
    skipDuplicates: true,
  });
  if (count === 1) {
    const patent = await db.patent.findUniqueOrThrow({ where: { id: patentId } });
    await audit(db, {
      actorId: personId,
      action: 'introduction.requested',
      subjectType: 'Patent',
      subjectId: patentId,
      institutionId: patent.institutionId,
      details: { roadshowId },
    });
  }
  return { outcome: count === 1 ? ('CREATED' as const) : ('EXISTS' as const) };
}
