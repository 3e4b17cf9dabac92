// Inventor self-assessments: one per patent, answered by the patent's responsible inventor.

import type { Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { refuse } from '../errors.ts';
import { syncDeclaration } from '../open-licence/declaration.ts';
import type { Actor } from '../people/actor.ts';
import { authorize } from '../people/authorize.ts';
import type { Answers } from '../questionnaire/answers.ts';
import { latestDefinition } from '../questionnaire/definitions/index.ts';
import { reopen } from '../questionnaire/engine.ts';
import { initialState, parseState } from '../questionnaire/state.ts';
import { definitionFor, type ResponseHooks, type StoredResponse, upgradeIfNeeded } from './response-store.ts';

export const SELF_ASSESSMENT = 'self-assessment';

type Tx = Prisma.TransactionClient;

export interface PatentSummary {
  id: string;
  title: string;
  applicationNumber: string;
  type: 'INVENTION' | 'UTILITY_MODEL' | 'DESIGN';
  institutionId: string;
}

/** The patent, if this actor is its responsible inventor; a refusal otherwise. */
export async function patentForInventor(db: Db, actor: Actor, patentId: string): Promise<PatentSummary> {
  const patent = await db.patent.findUnique({ where: { id: patentId } });
  return authorize(actor, 'patent.selfAssess', patent, patentId);
}

/** Opens (creating if needed) the self-assessment of a patent for its responsible inventor. */
export async function openSelfAssessment(
  db: Db,
  actor: Actor,
  patentId: string,
  now: Date,
): Promise<StoredResponse> {
  const patent = await patentForInventor(db, actor, patentId);
  const existing = await db.selfAssessment.findUnique({ where: { patentId } });
  if (existing) {
    if (existing.respondentId !== actor.personId) refuse('not_your_patent', patentId);
    if (existing.status === 'RETURNED') return reopenReturned(db, existing.id, now);
    return {
      kind: 'self-assessment',
      id: existing.id,
      state: parseState(existing.state),
      revision: existing.revision,
      status: existing.status,
    };
  }
  const def = latestDefinition(SELF_ASSESSMENT);
  const state = initialState(def.id, def.version, { patentType: patent.type });
  const created = await db.$transaction(async (tx) => {
    const row = await tx.selfAssessment.create({
      data: {
        patentId,
        respondentId: actor.personId,
        questionnaireId: def.id,
        questionnaireVersion: def.version,
        state: state as unknown as Prisma.InputJsonValue,
        createdAt: now,
        updatedAt: now,
      },
    });
    await tx.patent.updateMany({
      where: { id: patentId, inventoryStatus: 'NOT_STARTED' },
      data: { inventoryStatus: 'IN_PROGRESS', updatedAt: now },
    });
    await audit(tx, {
      actorId: actor.personId,
      action: 'self-assessment.started',
      subjectType: 'Patent',
      subjectId: patentId,
      institutionId: patent.institutionId,
    });
    return row;
  });
  return {
    kind: 'self-assessment',
    id: created.id,
    state,
    revision: created.revision,
    status: created.status,
  };
}

async function reopenReturned(db: Db, id: string, now: Date): Promise<StoredResponse> {
  const row = await db.selfAssessment.findUniqueOrThrow({ where: { id } });
  const state = upgradeIfNeeded(parseState(row.state));
  const reopened = reopen(definitionFor(state), state);
  const updated = await db.selfAssessment.update({
    where: { id },
    data: {
      state: reopened as unknown as Prisma.InputJsonValue,
      status: 'DRAFT',
      revision: { increment: 1 },
      updatedAt: now,
    },
  });
  return { kind: 'self-assessment', id, state: reopened, revision: updated.revision, status: 'DRAFT' };
}

/** On submit: the patent waits for college screening, and the submission is audited. */
export function selfAssessmentHooks(actor: Actor): ResponseHooks {
  return {
    async onSubmitted(tx: Tx, response: StoredResponse, answers: Answers, now: Date) {
      const row = await tx.selfAssessment.findUniqueOrThrow({
        where: { id: response.id },
        include: { patent: true },
      });
      await tx.patent.update({
        where: { id: row.patentId },
        data: { inventoryStatus: 'SUBMITTED', updatedAt: now },
      });
      const openLicence = await syncDeclaration(tx, row.patentId, answers, actor.personId, now);
      await audit(tx, {
        actorId: actor.personId,
        action: 'self-assessment.submitted',
        subjectType: 'Patent',
        subjectId: row.patentId,
        institutionId: row.patent.institutionId,
        details: {
          assessmentId: response.id,
          questions: Object.keys(answers).length,
          version: response.state.version,
          openLicence,
        },
      });
    },
  };
}
