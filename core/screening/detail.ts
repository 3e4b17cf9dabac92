// One submission as a coordinator reviews it: the patent, every answer in the reader's language
// (questions in questionnaire order), and the decisions taken so far.
import type { ScreeningLevel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import { type Locale, t } from '../i18n.ts';
import type { Actor } from '../people/actor.ts';
import { authorizeAsync, may } from '../people/authorize.ts';
import type { AnswerValue } from '../questionnaire/answers.ts';
import { allQuestions } from '../questionnaire/definition.ts';
import { definitionVersion } from '../questionnaire/definitions/index.ts';
import { formatAnswer } from '../questionnaire/format-answer.ts';
import { levelOf } from './decide.ts';

export interface SubmissionDetail {
  patentId: string;
  applicationNumber: string;
  title: string;
  level: ScreeningLevel;
  inventorName: string | null;
  answers: { question: string; answer: string }[];
  decisions: { level: ScreeningLevel; outcome: string; comment: string | null; decidedAt: Date }[];
}

export async function submissionDetail(
  db: Db,
  actor: Actor,
  patentId: string,
  locale: Locale,
): Promise<SubmissionDetail> {
  const patent = await db.patent.findUnique({
    where: { id: patentId },
    include: {
      responsibleInventor: { select: { name: true } },
      selfAssessments: {
        include: { answers: true, screeningDecisions: { orderBy: { decidedAt: 'asc' } } },
      },
    },
  });
  if (!patent) return refuseWith('screening:refusal.not_allowed', patentId);
  const level = levelOf(patent.inventoryStatus);
  const assessment = patent.selfAssessments[0];
  if (!level || !assessment) {
    const key = may(actor, 'screening.track', patent) ? 'not_waiting' : 'not_allowed';
    return refuseWith(`screening:refusal.${key}`, patentId);
  }
  const { institutionId, collegeId } = patent;
  await authorizeAsync(db, actor, 'screening.decide', { institutionId, collegeId, level }, patentId);
  const def = definitionVersion(assessment.questionnaireId, assessment.questionnaireVersion);
  const byId = new Map(assessment.answers.map((a) => [a.questionId, a.value as AnswerValue]));
  const answers = allQuestions(def)
    .filter((q) => byId.has(q.id))
    .map((q) => ({ question: t(locale, q.label), answer: formatAnswer(q, byId.get(q.id)!, locale) }));
  return {
    patentId: patent.id,
    applicationNumber: patent.applicationNumber,
    title: patent.title,
    level,
    inventorName: patent.responsibleInventor?.name ?? null,
    answers,
    decisions: assessment.screeningDecisions.map((d) => ({
      level: d.level,
      outcome: d.outcome,
      comment: d.comment,
      decidedAt: d.decidedAt,
    })),
  };
}
