// Runs one engine step against a stored questionnaire response and persists its effects at once:
// every accepted answer is written in the same transaction as the new state. Concurrent updates
// (two bot instances, a double-tapped button) are detected by the revision and retried.

import type { Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import type { Answers } from '../questionnaire/answers.ts';
import type { QuestionnaireDefinition } from '../questionnaire/definition.ts';
import { definitionVersion, QUESTIONNAIRES } from '../questionnaire/definitions/index.ts';
import { ANSWER_MIGRATIONS } from '../questionnaire/definitions/migrations.ts';
import { type EngineEvent, type EngineInput, type StepResult, step } from '../questionnaire/engine.ts';
import type { ParseEnv } from '../questionnaire/parsers/index.ts';
import { type EngineState, parseState } from '../questionnaire/state.ts';
import { upgradeState } from '../questionnaire/version-upgrade.ts';

export type ResponseKind = 'self-assessment' | 'evaluation' | 'bulk';
type Tx = Prisma.TransactionClient;

export interface StoredResponse {
  kind: ResponseKind;
  id: string;
  state: EngineState;
  revision: number;
  status: 'DRAFT' | 'SUBMITTED' | 'RETURNED';
}

export interface ResponseHooks {
  /** Extra writes when the response is submitted (patent status, audit log, bulk fan-out). */
  onSubmitted?(tx: Tx, response: StoredResponse, answers: Answers, now: Date): Promise<void>;
  /** The definition to run; bulk responses run a projection of the real one. */
  definition?(state: EngineState): QuestionnaireDefinition;
}

export class ConcurrentUpdateError extends Error {}

const json = (state: EngineState) => state as unknown as Prisma.InputJsonValue;

export async function loadResponse(
  db: Db | Tx,
  kind: ResponseKind,
  id: string,
): Promise<StoredResponse | null> {
  const row =
    kind === 'self-assessment'
      ? await db.selfAssessment.findUnique({ where: { id } })
      : kind === 'evaluation'
        ? await db.enterpriseEvaluation.findUnique({ where: { id } })
        : await db.bulkAssessment.findUnique({ where: { id } });
  if (!row) return null;
  return { kind, id, state: parseState(row.state), revision: row.revision, status: row.status };
}

async function writeState(
  tx: Tx,
  response: StoredResponse,
  state: EngineState,
  submitted: boolean,
  now: Date,
): Promise<boolean> {
  const where = { id: response.id, revision: response.revision };
  const common = {
    state: json(state),
    // The last activity on a response: self-assessment nudges count from it.
    updatedAt: now,
    revision: { increment: 1 },
    questionnaireVersion: state.version,
    ...(submitted ? { status: 'SUBMITTED' as const } : {}),
  };
  const data = { ...common, ...(submitted ? { submittedAt: now } : {}) };
  const result =
    response.kind === 'self-assessment'
      ? await tx.selfAssessment.updateMany({ where, data })
      : response.kind === 'evaluation'
        ? await tx.enterpriseEvaluation.updateMany({ where, data })
        : await tx.bulkAssessment.updateMany({ where, data: common });
  return result.count === 1;
}

async function saveAnswer(
  tx: Tx,
  response: StoredResponse,
  questionId: string,
  value: Prisma.InputJsonValue,
  now: Date,
) {
  if (response.kind === 'self-assessment') {
    await tx.selfAssessmentAnswer.upsert({
      where: { assessmentId_questionId: { assessmentId: response.id, questionId } },
      create: { assessmentId: response.id, questionId, value, answeredAt: now },
      update: { value, answeredAt: now },
    });
  } else if (response.kind === 'evaluation') {
    await tx.evaluationAnswer.upsert({
      where: { evaluationId_questionId: { evaluationId: response.id, questionId } },
      create: { evaluationId: response.id, questionId, value, answeredAt: now },
      update: { value, answeredAt: now },
    });
  }
  // Bulk answers live in the bulk state until they are fanned out to each patent.
}

/** Keeps exactly the given answers (on submit: only visible questions' answers remain). */
async function pruneAnswers(tx: Tx, response: StoredResponse, keep: string[]) {
  if (response.kind === 'self-assessment') {
    await tx.selfAssessmentAnswer.deleteMany({
      where: { assessmentId: response.id, questionId: { notIn: keep } },
    });
  } else if (response.kind === 'evaluation') {
    await tx.evaluationAnswer.deleteMany({
      where: { evaluationId: response.id, questionId: { notIn: keep } },
    });
  }
}

export function definitionFor(state: EngineState): QuestionnaireDefinition {
  return definitionVersion(state.questionnaireId, state.version);
}

/** Brings a draft to the newest definition version before it is used; persisted by the next step. */
export function upgradeIfNeeded(state: EngineState): EngineState {
  const versions = QUESTIONNAIRES[state.questionnaireId as keyof typeof QUESTIONNAIRES];
  if (!versions) return state;
  return upgradeState(state, [...versions], ANSWER_MIGRATIONS).state;
}

/**
 * Writes the effects of one accepted step (one answer, or a whole form page) in one transaction:
 * the new state guarded by the revision the step was computed from, each answer and skip, and on
 * submission the pruning of hidden answers and the kind's submission hooks. False when another
 * writer got there first: the caller reloads and recomputes.
 */
export async function persistStep(
  db: Db,
  response: StoredResponse,
  state: EngineState,
  events: EngineEvent[],
  now: Date,
  hooks: ResponseHooks = {},
): Promise<boolean> {
  const submitted = events.find((e) => e.type === 'submitted');
  return db.$transaction(async (tx) => {
    if (!(await writeState(tx, response, state, submitted !== undefined, now))) return false;
    for (const event of events) {
      if (event.type === 'answered') await saveAnswer(tx, response, event.questionId, event.value, now);
      if (event.type === 'skipped') await deleteAnswer(tx, response, event.questionId);
    }
    if (submitted?.type === 'submitted') {
      await pruneAnswers(tx, response, Object.keys(submitted.answers));
      await hooks.onSubmitted?.(tx, { ...response, state }, submitted.answers, now);
    }
    return true;
  });
}

/** Retries a computation against freshly loaded data until its write wins the revision check. */
export async function withRevisionRetry<T>(
  db: Db,
  kind: ResponseKind,
  id: string,
  attempt: (response: StoredResponse) => Promise<{ result: T; written: boolean }>,
): Promise<T> {
  for (let i = 0; i < 5; i++) {
    const response = await loadResponse(db, kind, id);
    if (!response) throw new Error(`${kind} ${id} not found`);
    const { result, written } = await attempt(response);
    if (written) return result;
  }
  throw new ConcurrentUpdateError(`${kind} ${id}: too many concurrent updates`);
}

export async function applyStep(
  db: Db,
  kind: ResponseKind,
  id: string,
  input: EngineInput,
  env: ParseEnv,
  now: Date,
  hooks: ResponseHooks = {},
): Promise<StepResult & { response: StoredResponse }> {
  return withRevisionRetry(db, kind, id, async (response) => {
    const state = upgradeIfNeeded(response.state);
    const def = hooks.definition ? hooks.definition(state) : definitionFor(state);
    const result = step(def, state, input, env);
    if (result.state === response.state && result.events.length === 0) {
      return { result: { ...result, response }, written: true };
    }
    const written = await persistStep(db, response, result.state, result.events, now, hooks);
    const stored = { ...response, state: result.state, revision: response.revision + 1 };
    return { result: { ...result, response: stored }, written };
  });
}

async function deleteAnswer(tx: Tx, response: StoredResponse, skippedQuestionId: string) {
  if (response.kind === 'self-assessment') {
    await tx.selfAssessmentAnswer.deleteMany({
      where: { assessmentId: response.id, questionId: skippedQuestionId },
    });
  } else if (response.kind === 'evaluation') {
    await tx.evaluationAnswer.deleteMany({
      where: { evaluationId: response.id, questionId: skippedQuestionId },
    });
  }
}
