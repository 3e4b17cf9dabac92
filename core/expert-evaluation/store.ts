// Runs one questionnaire step against an accepted request and persists it at once, as the other
// questionnaires do (core/assessments/response-store.ts): the new state guarded by the request's
// revision (a double tap or a second instance recomputes), every answer in the same transaction; on
// submission the hidden answers pruned, the status, the time and the value grade written. The grade
// is the answer's option id in capitals ("b" → "B").
import type { Prisma } from '../../prisma/generated/client.ts';
import { definitionFor, upgradeIfNeeded } from '../assessments/response-store.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import type { Answers } from '../questionnaire/answers.ts';
import { VALUE_GRADES, type ValueGrade } from '../questionnaire/definitions/expert-evaluation.ts';
import { type EngineInput, type StepResult, step } from '../questionnaire/engine.ts';
import type { ParseEnv } from '../questionnaire/parsers/index.ts';
import { parseState } from '../questionnaire/state.ts';

export class ConcurrentRequestUpdate extends Error {}

export function gradeOf(answers: Answers): ValueGrade | null {
  const value = answers.valueGrade;
  const grade = typeof value === 'string' ? value.toUpperCase() : null;
  return grade && (VALUE_GRADES as readonly string[]).includes(grade) ? (grade as ValueGrade) : null;
}

export async function applyExpertStep(
  db: Db,
  requestId: string,
  actorId: string,
  input: EngineInput,
  env: ParseEnv,
  now: Date,
): Promise<StepResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db.expertEvaluationRequest.findUniqueOrThrow({
      where: { id: requestId },
      include: { patent: { select: { institutionId: true } } },
    });
    const stored = parseState(row.state);
    const state = upgradeIfNeeded(stored);
    const result = step(definitionFor(state), state, input, env);
    if (result.state === stored && result.events.length === 0) return result;
    const submitted = result.events.find((e) => e.type === 'submitted');
    const written = await db.$transaction(async (tx) => {
      const { count } = await tx.expertEvaluationRequest.updateMany({
        where: { id: requestId, revision: row.revision, status: 'ACCEPTED' },
        data: {
          state: result.state as unknown as Prisma.InputJsonValue,
          questionnaireVersion: result.state.version,
          revision: { increment: 1 },
          updatedAt: now,
          ...(submitted?.type === 'submitted'
            ? { status: 'SUBMITTED' as const, submittedAt: now, valueGrade: gradeOf(submitted.answers) }
            : {}),
        },
      });
      if (count !== 1) return false;
      for (const event of result.events) {
        if (event.type === 'answered') {
          const value = event.value as Prisma.InputJsonValue;
          await tx.expertEvaluationAnswer.upsert({
            where: { requestId_questionId: { requestId, questionId: event.questionId } },
            create: { requestId, questionId: event.questionId, value, answeredAt: now },
            update: { value, answeredAt: now },
          });
        }
        if (event.type === 'skipped')
          await tx.expertEvaluationAnswer.deleteMany({ where: { requestId, questionId: event.questionId } });
      }
      if (submitted?.type === 'submitted') {
        await tx.expertEvaluationAnswer.deleteMany({
          where: { requestId, questionId: { notIn: Object.keys(submitted.answers) } },
        });
        await audit(tx, {
          actorId,
          action: 'expertEvaluation.submitted',
          subjectType: 'ExpertEvaluationRequest',
          subjectId: requestId,
          institutionId: row.patent.institutionId,
          details: { valueGrade: gradeOf(submitted.answers) },
        });
      }
      return true;
    });
    if (written) return result;
  }
  throw new ConcurrentRequestUpdate(`expert evaluation request ${requestId}: too many concurrent updates`);
}
