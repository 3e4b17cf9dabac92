// Enterprise feedback on an inventor's patent: what the submitted evaluations say, with the
// enterprise named only when it consented to be contacted (enterprise-name.ts).

import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { patentsAction } from '../inventory/actions.ts';
import { authorize } from '../people/authorize.ts';
import type { AnswerValue } from '../questionnaire/answers.ts';
import { allQuestions } from '../questionnaire/definition.ts';
import { definitionVersion } from '../questionnaire/definitions/index.ts';
import { formatAnswer } from '../questionnaire/format-answer.ts';
import { enterpriseNameFor } from './enterprise-name.ts';

const SHOWN = [
  'industrializationProspects',
  'scenarioFit',
  'improvementNeeds',
  'cooperation',
  'declineReasons',
];

export async function showFeedback(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const patent = authorize(
    ctx.actor,
    'patent.readFeedback',
    await ctx.db.patent.findUnique({ where: { id: patentId } }),
  );
  const evaluations = await ctx.db.enterpriseEvaluation.findMany({
    where: { patentId, status: 'SUBMITTED' },
    include: { enterprise: true, answers: true },
    orderBy: { submittedAt: 'asc' },
  });
  const lines = [say(ctx, 'chat:feedback.heading', { title: patent.title, count: evaluations.length })];
  if (evaluations.length === 0) lines.push(say(ctx, 'chat:feedback.none'));
  evaluations.forEach((evaluation, index) => {
    const answers = new Map(evaluation.answers.map((a) => [a.questionId, a.value as AnswerValue]));
    const questions = allQuestions(
      definitionVersion(evaluation.questionnaireId, evaluation.questionnaireVersion),
    );
    const name = enterpriseNameFor(
      ctx.actor,
      {
        enterpriseId: evaluation.enterpriseId,
        enterpriseName: evaluation.enterprise.name,
        answers: evaluation.answers,
      },
      ctx.locale,
    );
    lines.push('', `${index + 1}. ${name}`);
    for (const q of questions.filter((x) => SHOWN.includes(x.id) && answers.has(x.id))) {
      lines.push(`   ${say(ctx, q.label)} ${formatAnswer(q, answers.get(q.id)!, ctx.locale)}`);
    }
  });
  return [
    {
      text: lines.join('\n'),
      confidential: true,
      buttons: [[button(ctx, 'chat:patents.back_to_list', patentsAction.to({ page: 0 })), menuButton(ctx)]],
    },
  ];
}
