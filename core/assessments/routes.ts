// Questionnaires about a patent in the chat: self-assessment (one patent or a bulk group), the
// enterprise's evaluation, and the enterprises' feedback to the inventor.
//
// The assessments folder: self-assessments.ts, evaluations.ts, bulk.ts, response-store.ts and
// page-submission.ts (answers as they arrive); actions.ts (buttons), chat.ts (the questionnaire in
// chat), bulk-chat.ts, feedback-chat.ts; messages.ts (the self-assessment nudge).
import type { ChatFeature, FlowHandler } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import {
  assessAction,
  bulkAction,
  bulkGroupAction,
  bulkPickAction,
  bulkStartAction,
  evaluateAction,
  feedbackAction,
} from './actions.ts';
import { chooseBulkGroup, showBulkGroups, startPicked, togglePick } from './bulk-chat.ts';
import { continueQuestionnaire, openForm, startEvaluation, startSelfAssessment, submitForm } from './chat.ts';
import { showFeedback } from './feedback-chat.ts';

const questionnaire: FlowHandler = { input: continueQuestionnaire, openForm, submitForm };

export const assessmentsChat: ChatFeature = {
  buttons: [
    on(assessAction, (ctx, { patentId }) => startSelfAssessment(ctx, patentId)),
    on(evaluateAction, (ctx, { patentId }) => startEvaluation(ctx, patentId)),
    on(bulkAction, (ctx) => showBulkGroups(ctx)),
    on(bulkGroupAction, (ctx, { key }) => chooseBulkGroup(ctx, key)),
    on(bulkPickAction, (ctx, { patentId }) => togglePick(ctx, patentId)),
    on(bulkStartAction, (ctx) => startPicked(ctx)),
    on(feedbackAction, (ctx, { patentId }) => showFeedback(ctx, patentId)),
  ],
  flows: {
    'self-assessment': questionnaire,
    evaluation: questionnaire,
    bulk: questionnaire,
    'bulk-queue': questionnaire,
  },
};
