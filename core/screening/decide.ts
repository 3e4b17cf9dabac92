// A coordinator's screening decision on a submitted self-assessment: approve (college → university
// → transformation resource pool), return to the inventor with a comment (the assessment reopens
// for revision and comes back to the college level when resubmitted), or screen out.
import type {
  InventoryStatus,
  Prisma,
  ScreeningLevel,
  ScreeningOutcome,
} from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { refuseWith } from '../errors.ts';
import type { Actor } from '../people/actor.ts';
import { authorizeAsync, may } from '../people/authorize.ts';
import { screeningOutcome, screeningReturned } from './messages.ts';

export const COMMENT_MAX = 1000;

export interface Decision {
  patentId: string;
  outcome: ScreeningOutcome;
  comment?: string | null;
}

export interface DecisionResult {
  decisionId: string;
  level: ScreeningLevel;
  status: InventoryStatus;
}

const NEXT: Record<ScreeningLevel, Record<ScreeningOutcome, InventoryStatus>> = {
  COLLEGE: { APPROVED: 'COLLEGE_APPROVED', RETURNED: 'RETURNED', SCREENED_OUT: 'SCREENED_OUT' },
  UNIVERSITY: { APPROVED: 'IN_POOL', RETURNED: 'RETURNED', SCREENED_OUT: 'SCREENED_OUT' },
};

/** The level a patent waits at, from its status; null when it waits for no screening. */
export function levelOf(status: InventoryStatus): ScreeningLevel | null {
  if (status === 'SUBMITTED') return 'COLLEGE';
  if (status === 'COLLEGE_APPROVED') return 'UNIVERSITY';
  return null;
}

export async function decide(db: Db, actor: Actor, decision: Decision, now: Date): Promise<DecisionResult> {
  const patent = await db.patent.findUnique({
    where: { id: decision.patentId },
    include: { selfAssessments: { select: { id: true, status: true } } },
  });
  // Existence is not revealed to people outside the institution: same refusal as "not allowed".
  if (!patent) return refuseWith('screening:refusal.not_allowed', decision.patentId);
  const level = levelOf(patent.inventoryStatus);
  const assessment = patent.selfAssessments[0];
  if (!level || !assessment || assessment.status !== 'SUBMITTED') {
    const key = may(actor, 'screening.track', patent) ? 'not_waiting' : 'not_allowed';
    return refuseWith(`screening:refusal.${key}`, decision.patentId);
  }
  const { institutionId, collegeId } = patent;
  await authorizeAsync(db, actor, 'screening.decide', { institutionId, collegeId, level }, decision.patentId);
  const comment = decision.comment?.trim() || null;
  if (decision.outcome === 'RETURNED' && !comment) return refuseWith('screening:refusal.comment_required');
  if (comment && [...comment].length > COMMENT_MAX) {
    return refuseWith('screening:refusal.comment_too_long');
  }
  const status = NEXT[level][decision.outcome];
  const result = await db.$transaction(async (tx) => {
    // Guarded on the status read above: a second coordinator (or a double tap) finds it changed.
    const moved = await tx.patent.updateMany({
      where: { id: patent.id, inventoryStatus: patent.inventoryStatus },
      data: { inventoryStatus: status, updatedAt: now },
    });
    if (moved.count !== 1) return refuseWith('screening:refusal.not_waiting', patent.id);
    const row = await tx.screeningDecision.create({
      data: {
        assessmentId: assessment.id,
        level,
        outcome: decision.outcome,
        comment,
        deciderId: actor.personId,
        decidedAt: now,
      },
    });
    if (status === 'IN_POOL' || status === 'SCREENED_OUT') {
      // With the decision or not at all: the inventor learns where their patent ended up.
      await queueOutcomeNotice(tx, assessment.id, patent.id, row.id, now);
    }
    if (decision.outcome === 'RETURNED') {
      // The inventor reopens it (openSelfAssessment turns RETURNED back into a draft).
      await tx.selfAssessment.update({
        where: { id: assessment.id },
        data: { status: 'RETURNED', updatedAt: now },
      });
    }
    await audit(tx, {
      actorId: actor.personId,
      action: 'screening.decided',
      subjectType: 'Patent',
      subjectId: patent.id,
      institutionId: patent.institutionId,
      details: {
        decisionId: row.id,
        assessmentId: assessment.id,
        level,
        outcome: decision.outcome,
        comment,
        status,
      },
    });
    return { decisionId: row.id, level, status };
  });
  if (decision.outcome === 'RETURNED') await notifyReturned(db, patent.id, result.decisionId, now);
  return result;
}

/** The respondent is told that their patent entered the resource pool or was screened out. */
async function queueOutcomeNotice(
  tx: Prisma.TransactionClient,
  assessmentId: string,
  patentId: string,
  decisionId: string,
  now: Date,
): Promise<void> {
  const assessment = await tx.selfAssessment.findUniqueOrThrow({
    where: { id: assessmentId },
    select: { respondentId: true, respondent: { select: { identities: { select: { channel: true } } } } },
  });
  const channel = preferredChannel(assessment.respondent.identities);
  if (!channel) return;
  await tx.delivery.createMany({
    data: [
      screeningOutcome.delivery({
        idempotencyKey: `${screeningOutcome.kind}:${decisionId}`,
        personId: assessment.respondentId,
        channel,
        payload: { patentId, decisionId },
        notBefore: now,
      }),
    ],
    skipDuplicates: true,
  });
}

/** The respondent learns that their self-assessment came back, and why, on their own channel. */
async function notifyReturned(db: Db, patentId: string, decisionId: string, now: Date): Promise<void> {
  const assessment = await db.selfAssessment.findUnique({
    where: { patentId },
    include: { respondent: { include: { identities: { select: { channel: true } } } } },
  });
  const identities = assessment?.respondent.identities ?? [];
  const channel = preferredChannel(identities);
  if (!assessment || !channel) return;
  await enqueueDelivery(
    db,
    screeningReturned.delivery({
      idempotencyKey: `${screeningReturned.kind}:${decisionId}`,
      personId: assessment.respondentId,
      channel,
      payload: { patentId, decisionId },
      notBefore: now,
    }),
  );
}
