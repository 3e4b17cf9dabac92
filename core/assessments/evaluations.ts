// Enterprise evaluations of a patent: one per (patent, enterprise), answered by its staff.

import type { Prisma, ResponseStatus } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import { type Actor, enterpriseOf } from '../people/actor.ts';
import { authorizeAsync } from '../people/authorize.ts';
import type { Answers } from '../questionnaire/answers.ts';
import { latestDefinition } from '../questionnaire/definitions/index.ts';
import { initialState, parseState } from '../questionnaire/state.ts';
import type { ResponseHooks, StoredResponse } from './response-store.ts';

export const ENTERPRISE_EVALUATION = 'enterprise-evaluation';

export async function openEvaluation(db: Db, actor: Actor, patentId: string): Promise<StoredResponse> {
  // Refused as enterprise_only for anyone who is no enterprise's staff, else patent_unavailable.
  const patent = await authorizeAsync(
    db,
    actor,
    'patent.evaluate',
    await db.patent.findUnique({ where: { id: patentId } }),
    patentId,
  );
  const enterpriseId = enterpriseOf(actor)!;
  const existing = await db.enterpriseEvaluation.findUnique({
    where: { patentId_enterpriseId: { patentId, enterpriseId } },
  });
  if (existing) {
    return {
      kind: 'evaluation',
      id: existing.id,
      state: parseState(existing.state),
      revision: existing.revision,
      status: existing.status,
    };
  }
  const def = latestDefinition(ENTERPRISE_EVALUATION);
  const state = initialState(def.id, def.version, { patentType: patent.type });
  const row = await db.enterpriseEvaluation.create({
    data: {
      patentId,
      enterpriseId,
      evaluatorId: actor.personId,
      questionnaireId: def.id,
      questionnaireVersion: def.version,
      state: state as unknown as Prisma.InputJsonValue,
    },
  });
  return { kind: 'evaluation', id: row.id, state, revision: row.revision, status: row.status };
}

/**
 * An evaluation already open is continued, shown as a form or submitted only while its patent is
 * still offered to the person's enterprise and they still act for that enterprise: the conversation
 * remembers the evaluation, not whether it may still be answered. Its status, once allowed (null
 * when it is gone).
 */
export async function authorizeOpenEvaluation(
  db: Db,
  actor: Actor,
  evaluationId: string,
): Promise<ResponseStatus | null> {
  const row = await db.enterpriseEvaluation.findUnique({
    where: { id: evaluationId },
    include: { patent: true },
  });
  // A response gone meanwhile is the questionnaire's own business ("no questionnaire in progress").
  if (!row) return null;
  if (row.enterpriseId !== enterpriseOf(actor)) refuseWith('chat:refusal.enterprise_only', evaluationId);
  await authorizeAsync(db, actor, 'patent.evaluate', row.patent, row.patentId);
  return row.status;
}

export function evaluationHooks(actor: Actor): ResponseHooks {
  return {
    async onSubmitted(tx, response: StoredResponse, answers: Answers) {
      const row = await tx.enterpriseEvaluation.findUniqueOrThrow({
        where: { id: response.id },
        include: { patent: true },
      });
      const declined = Array.isArray(answers.cooperation) && answers.cooperation.includes('none');
      await tx.matchPush.updateMany({
        // Interest already expressed outranks a plain evaluation; a decline is the latest word.
        where: {
          patentId: row.patentId,
          enterpriseId: row.enterpriseId,
          ...(declined ? {} : { status: { not: 'INTERESTED' as const } }),
        },
        data: { status: declined ? 'DECLINED' : 'EVALUATED' },
      });
      await audit(tx, {
        actorId: actor.personId,
        action: 'evaluation.submitted',
        subjectType: 'Patent',
        subjectId: row.patentId,
        institutionId: row.patent.institutionId,
        details: { evaluationId: response.id, enterpriseId: row.enterpriseId, declined },
      });
    },
  };
}
