// Screening in the chat: the coordinator's queues, a submission, decisions, the return comment.
//
// The screening folder: queue.ts, scope.ts, decide.ts, detail.ts (domain); actions.ts (buttons),
// chat.ts (the coordinator's queues and decisions); messages.ts (screening reminder, returned).
import type { ChatFeature } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import {
  screenDecideAction,
  screenOutConfirmAction,
  screenQueueAction,
  screenViewAction,
} from './actions.ts';
import { confirmScreenOut, decideFromChat, returnWithComment, showQueue, showSubmission } from './chat.ts';

export const screeningChat: ChatFeature = {
  buttons: [
    on(screenQueueAction, (ctx, { level, page }) => showQueue(ctx, level, page)),
    on(screenViewAction, (ctx, { patentId }) => showSubmission(ctx, patentId)),
    on(screenDecideAction, (ctx, { outcome, patentId }) => decideFromChat(ctx, outcome, patentId)),
    on(screenOutConfirmAction, (ctx, { patentId }) => confirmScreenOut(ctx, patentId)),
  ],
  flows: {
    // The text typed after "return" is the comment; a button or command abandons the return.
    'return-comment': {
      textOnly: true,
      text: async (ctx, text) => {
        const state = ctx.conversation.state;
        if (state.flow !== 'return-comment') return [];
        return returnWithComment(ctx, state.patentId, text);
      },
    },
  },
};
