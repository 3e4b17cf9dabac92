// Commissioned expert evaluation in the chat: a coordinator of the patent or an enterprise it is
// offered to asks proposed experts (request-chat.ts); the expert accepts or declines and answers the
// questionnaire (expert-chat.ts); results are read, released and overdue requests reassigned
// (result-view.ts, request-chat.ts).
//
// The expert-evaluation folder: proposals.ts (which experts, conflicts of interest), requests.ts
// (use cases), store.ts (the questionnaire's steps), grades.ts (expertGradeOf for exports, matching,
// digests), messages.ts (delivery kinds), reminders.ts; actions.ts (buttons), request-chat.ts,
// expert-chat.ts, result-view.ts, menu.ts (the expert's menu and Home section).
import { type ChatFeature, on } from '../chat/routes.ts';
import {
  expertAcceptAction,
  expertDeclineAction,
  expertOpenAction,
  expertPickAction,
  expertPickConfirmAction,
  expertReassignAction,
  expertReassignToAction,
  expertReleaseAction,
  expertRequestPageAction,
  expertRequestsAction,
  expertResultAction,
} from './actions.ts';
import {
  acceptFromChat,
  askDeclineReason,
  continueExpertQuestionnaire,
  openOwnRequest,
  saveDeclineReason,
  showOwnRequests,
} from './expert-chat.ts';
import {
  confirmPick,
  expertEvalCommand,
  reassignFromChat,
  releaseFromChat,
  showReassign,
  showRequestPage,
  togglePick,
} from './request-chat.ts';
import { showResult } from './result-view.ts';

export const expertEvaluationChat: ChatFeature = {
  buttons: [
    on(expertRequestPageAction, (ctx, { patentId }) => showRequestPage(ctx, patentId)),
    on(expertPickAction, (ctx, { expertId }) => togglePick(ctx, expertId)),
    on(expertPickConfirmAction, (ctx) => confirmPick(ctx)),
    on(expertAcceptAction, (ctx, { requestId }) => acceptFromChat(ctx, requestId)),
    on(expertDeclineAction, (ctx, { requestId }) => askDeclineReason(ctx, requestId)),
    on(expertOpenAction, (ctx, { requestId }) => openOwnRequest(ctx, requestId)),
    on(expertRequestsAction, (ctx) => showOwnRequests(ctx)),
    on(expertResultAction, (ctx, { requestId }) => showResult(ctx, requestId)),
    on(expertReassignAction, (ctx, { requestId }) => showReassign(ctx, requestId)),
    on(expertReassignToAction, (ctx, { requestId, expertId }) => reassignFromChat(ctx, requestId, expertId)),
    on(expertReleaseAction, (ctx, { requestId }) => releaseFromChat(ctx, requestId)),
  ],
  commands: {
    experteval: (ctx, args) => expertEvalCommand(ctx, args),
  },
  flows: {
    'expert-evaluation': { input: continueExpertQuestionnaire },
    // One text is the reason; any button or command leaves it (as "cancel" does).
    'expert-decline': { text: saveDeclineReason, textOnly: true },
  },
};
