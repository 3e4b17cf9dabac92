// Expert evaluation requests, the use cases: a coordinator of the patent (for the institution) or an
// enterprise it is offered to asks one or several proposed experts; the expert accepts (the
// questionnaire starts) or declines with a reason (the requester is told at once); an overdue request
// is handed to another proposed expert; a coordinator releases a result to the inventors. Every step
// is authorized against the request (core/people/authorize.ts 'expertEvaluation.*'), guarded by the
// status it expects (a second tap changes nothing), audited, and tells people through the outbox.

import { z } from 'zod';
import type { ExpertRequestStatus, Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { notifyPeople } from '../delivery/notify.ts';
import { refuseWith } from '../errors.ts';
import { type Actor, enterpriseOf } from '../people/actor.ts';
import { authorize, authorizeAsync, type ExpertRequestObject, may } from '../people/authorize.ts';
import { latestDefinition } from '../questionnaire/definitions/index.ts';
import { initialState } from '../questionnaire/state.ts';
import {
  expertDeclinedNotice,
  expertInvitation,
  expertReleasedNotice,
  expertWithdrawnNotice,
} from './messages.ts';
import { type Proposal, proposeExperts } from './proposals.ts';

export const EXPERT_EVALUATION = 'expert-evaluation';
export const DEFAULT_DUE_DAYS = 14;
const DAY = 86_400_000;
export const OPEN_STATUSES: ExpertRequestStatus[] = ['INVITED', 'ACCEPTED'];

const requestInclude = {
  patent: {
    select: {
      id: true,
      title: true,
      type: true,
      institutionId: true,
      collegeId: true,
      responsibleInventorId: true,
      inventors: { select: { personId: true } },
    },
  },
  expert: { select: { id: true, personId: true, person: { select: { name: true } } } },
} satisfies Prisma.ExpertEvaluationRequestInclude;

export type LoadedRequest = Prisma.ExpertEvaluationRequestGetPayload<{ include: typeof requestInclude }>;

export const loadRequest = (db: Db, id: string): Promise<LoadedRequest | null> =>
  db.expertEvaluationRequest.findUnique({ where: { id }, include: requestInclude });

/** The people who count as the patent's inventors: the responsible one and those linked. */
export const inventorIdsOf = (patent: LoadedRequest['patent']): string[] => [
  ...new Set(
    [patent.responsibleInventorId, ...patent.inventors.map((i) => i.personId)].filter(
      (id): id is string => !!id,
    ),
  ),
];

/** The request as authorization sees it. */
export function requestObject(row: LoadedRequest): ExpertRequestObject {
  return {
    institutionId: row.patent.institutionId,
    collegeId: row.patent.collegeId,
    requestedById: row.requestedById,
    requesterEnterpriseId: row.requesterEnterpriseId,
    inventorIds: inventorIdsOf(row.patent),
    released: row.releasedAt !== null,
  };
}

/** A request the actor may act on this way; a missing one is refused like a foreign one. */
export async function requestFor(
  db: Db,
  actor: Actor,
  requestId: string,
  action: 'expertEvaluation.view' | 'expertEvaluation.reassign' | 'expertEvaluation.release',
): Promise<LoadedRequest> {
  const row = await loadRequest(db, requestId);
  authorize(actor, action, row ? requestObject(row) : null, requestId);
  return row!;
}

/** A request addressed to the actor as its expert. */
export async function ownRequest(db: Db, actor: Actor, requestId: string): Promise<LoadedRequest> {
  const row = await loadRequest(db, requestId);
  authorize(
    actor,
    'expertEvaluation.respond',
    row ? { expertPersonId: row.expert.personId } : null,
    requestId,
  );
  return row!;
}

export interface RequestingParty {
  patent: { id: string; title: string; institutionId: string; collegeId: string | null };
  /** Null: the actor asks for the patent's institution (they coordinate it). */
  requesterEnterpriseId: string | null;
}

/** Who asks for this patent's evaluation: its coordinator, or an enterprise it is offered to. */
export async function requestingParty(db: Db, actor: Actor, patentId: string): Promise<RequestingParty> {
  const patent = await authorizeAsync(
    db,
    actor,
    'expertEvaluation.request',
    await db.patent.findUnique({ where: { id: patentId } }),
    patentId,
  );
  const coordinator = may(actor, 'screening.track', patent);
  return { patent, requesterEnterpriseId: coordinator ? null : enterpriseOf(actor) };
}

export async function proposalsFor(db: Db, actor: Actor, party: RequestingParty): Promise<Proposal[]> {
  return proposeExperts(db, {
    patentId: party.patent.id,
    requesterPersonId: actor.personId,
    requesterEnterpriseId: party.requesterEnterpriseId,
  });
}

/** Requests of this patent the actor may read: all for its coordinators, else their party's. */
export async function visibleRequests(db: Db, actor: Actor, patentId: string): Promise<LoadedRequest[]> {
  const rows = await db.expertEvaluationRequest.findMany({
    where: { patentId },
    include: requestInclude,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.filter((row) => may(actor, 'expertEvaluation.view', requestObject(row)));
}

function newRequestData(
  patentId: string,
  expertId: string,
  requestedById: string,
  requesterEnterpriseId: string | null,
  now: Date,
): Prisma.ExpertEvaluationRequestUncheckedCreateInput {
  const def = latestDefinition(EXPERT_EVALUATION);
  return {
    patentId,
    expertId,
    requestedById,
    requesterEnterpriseId,
    status: 'INVITED',
    dueAt: new Date(now.getTime() + DEFAULT_DUE_DAYS * DAY),
    questionnaireId: def.id,
    questionnaireVersion: def.version,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Invites the picked experts. Each must be among those proposed to this requester now: a forged or
 * stale pick (a conflicted expert, one already asked) is refused and nothing is created.
 */
export async function requestEvaluations(
  db: Db,
  actor: Actor,
  patentId: string,
  expertIds: readonly string[],
  now: Date,
): Promise<{ id: string; expertId: string }[]> {
  const party = await requestingParty(db, actor, patentId);
  const proposed = new Set((await proposalsFor(db, actor, party)).map((p) => p.expertId));
  const picked = [...new Set(expertIds)];
  if (picked.length === 0) return refuseWith('expert-evaluation:refusal.none_picked');
  if (picked.some((id) => !proposed.has(id))) return refuseWith('expert-evaluation:refusal.not_proposed');
  const created = await createdOnce(async () =>
    db.$transaction(async (tx) => {
      const rows = [];
      for (const expertId of picked) {
        const row = await tx.expertEvaluationRequest.create({
          data: newRequestData(patentId, expertId, actor.personId, party.requesterEnterpriseId, now),
        });
        rows.push({ id: row.id, expertId });
      }
      await audit(tx, {
        actorId: actor.personId,
        action: 'expertEvaluation.requested',
        subjectType: 'Patent',
        subjectId: patentId,
        institutionId: party.patent.institutionId,
        details: { requests: rows, requesterEnterpriseId: party.requesterEnterpriseId },
      });
      return rows;
    }),
  );
  for (const row of created) await inviteExpert(db, row.id, now);
  return created;
}

/**
 * A request for an expert already asked for this patent (two taps handled at once both passed the
 * proposal check): the unique (patent, expert) refuses the second, as a stale pick.
 */
async function createdOnce<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      return refuseWith('expert-evaluation:refusal.not_proposed');
    throw error;
  }
}

async function inviteExpert(db: Db, requestId: string, now: Date) {
  const row = await db.expertEvaluationRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: { expert: { select: { personId: true } } },
  });
  await notifyPeople(db, expertInvitation, [row.expert.personId], { requestId }, now, requestId);
}

/**
 * The expert accepts: the questionnaire's state is created (with the patent's type, which decides
 * the evaluation-report question). Accepting again changes nothing; a closed request is refused.
 */
export async function acceptRequest(
  db: Db,
  actor: Actor,
  requestId: string,
  now: Date,
): Promise<LoadedRequest> {
  const row = await ownRequest(db, actor, requestId);
  if (row.status === 'ACCEPTED' || row.status === 'SUBMITTED') return row;
  if (row.status !== 'INVITED') return refuseWith(`expert-evaluation:refusal.closed.${row.status}`);
  const def = latestDefinition(EXPERT_EVALUATION);
  const state = initialState(def.id, def.version, { patentType: row.patent.type });
  await db.$transaction(async (tx) => {
    const { count } = await tx.expertEvaluationRequest.updateMany({
      where: { id: requestId, status: 'INVITED' },
      data: {
        status: 'ACCEPTED',
        respondedAt: now,
        updatedAt: now,
        questionnaireId: def.id,
        questionnaireVersion: def.version,
        state: state as unknown as Prisma.InputJsonValue,
        revision: { increment: 1 },
      },
    });
    if (count === 1)
      await audit(tx, {
        actorId: actor.personId,
        action: 'expertEvaluation.accepted',
        subjectType: 'ExpertEvaluationRequest',
        subjectId: requestId,
        institutionId: row.patent.institutionId,
      });
  });
  return (await loadRequest(db, requestId))!;
}

export const DeclineReason = z.string().trim().min(2).max(300);

/** The expert declines with a reason; the requester is told at once. */
export async function declineRequest(
  db: Db,
  actor: Actor,
  requestId: string,
  reason: string,
  now: Date,
): Promise<'DECLINED' | 'CLOSED'> {
  const row = await ownRequest(db, actor, requestId);
  const text = DeclineReason.safeParse(reason);
  if (!text.success) return refuseWith('expert-evaluation:refusal.reason_length');
  const declined = await db.$transaction(async (tx) => {
    const { count } = await tx.expertEvaluationRequest.updateMany({
      where: { id: requestId, status: 'INVITED' },
      data: { status: 'DECLINED', declineReason: text.data, respondedAt: now, updatedAt: now },
    });
    if (count === 1)
      await audit(tx, {
        actorId: actor.personId,
        action: 'expertEvaluation.declined',
        subjectType: 'ExpertEvaluationRequest',
        subjectId: requestId,
        institutionId: row.patent.institutionId,
        details: { reason: text.data },
      });
    return count === 1;
  });
  if (!declined) return 'CLOSED';
  await notifyPeople(db, expertDeclinedNotice, [row.requestedById], { requestId }, now, requestId);
  return 'DECLINED';
}

export const isOverdue = (row: { status: ExpertRequestStatus; dueAt: Date }, now: Date) =>
  OPEN_STATUSES.includes(row.status) && row.dueAt.getTime() < now.getTime();

/** The experts an overdue request may go to instead (proposed to its requester as they asked). */
export async function reassignCandidates(db: Db, row: LoadedRequest): Promise<Proposal[]> {
  return proposeExperts(db, {
    patentId: row.patentId,
    requesterPersonId: row.requestedById,
    requesterEnterpriseId: row.requesterEnterpriseId,
  });
}

/**
 * Hands an overdue request to another proposed expert: the request is withdrawn (pointing to the
 * new one), a new one with a new deadline invites the other expert, the first expert is told.
 */
export async function reassignRequest(
  db: Db,
  actor: Actor,
  requestId: string,
  expertId: string,
  now: Date,
): Promise<{ id: string }> {
  const row = await requestFor(db, actor, requestId, 'expertEvaluation.reassign');
  if (!isOverdue(row, now)) return refuseWith('expert-evaluation:refusal.not_overdue');
  if (!(await reassignCandidates(db, row)).some((p) => p.expertId === expertId))
    return refuseWith('expert-evaluation:refusal.not_proposed');
  const created = await createdOnce(async () =>
    db.$transaction(async (tx) => {
      const next = await tx.expertEvaluationRequest.create({
        data: newRequestData(row.patentId, expertId, row.requestedById, row.requesterEnterpriseId, now),
      });
      const { count } = await tx.expertEvaluationRequest.updateMany({
        where: { id: requestId, status: { in: OPEN_STATUSES } },
        data: { status: 'WITHDRAWN', reassignedToId: next.id, updatedAt: now },
      });
      // Submitted or reassigned meanwhile (a second tap): nothing happens.
      if (count !== 1) return refuseWith('expert-evaluation:refusal.not_overdue');
      await audit(tx, {
        actorId: actor.personId,
        action: 'expertEvaluation.reassigned',
        subjectType: 'ExpertEvaluationRequest',
        subjectId: requestId,
        institutionId: row.patent.institutionId,
        details: { to: next.id, expertId },
      });
      return next;
    }),
  );
  await notifyPeople(db, expertWithdrawnNotice, [row.expert.personId], { requestId }, now, requestId);
  await inviteExpert(db, created.id, now);
  return { id: created.id };
}

/** A coordinator releases a submitted result to the inventors, who are told. */
export async function releaseResult(db: Db, actor: Actor, requestId: string, now: Date): Promise<boolean> {
  const row = await requestFor(db, actor, requestId, 'expertEvaluation.release');
  if (row.status !== 'SUBMITTED') return refuseWith('expert-evaluation:refusal.not_submitted');
  const { count } = await db.expertEvaluationRequest.updateMany({
    where: { id: requestId, releasedAt: null },
    data: { releasedAt: now, releasedById: actor.personId, updatedAt: now },
  });
  if (count !== 1) return false;
  await audit(db, {
    actorId: actor.personId,
    action: 'expertEvaluation.released',
    subjectType: 'ExpertEvaluationRequest',
    subjectId: requestId,
    institutionId: row.patent.institutionId,
  });
  await notifyPeople(db, expertReleasedNotice, inventorIdsOf(row.patent), { requestId }, now, requestId);
  return true;
}
