// Matching in the chat: an enterprise declines a pushed patent (with a reason).
//
// The matching folder: run.ts, candidates.ts, score.ts, reasons.ts, recommended.ts (domain);
// actions.ts, chat.ts (the chat); messages.ts (match push, evaluation reminder).
import type { ChatFeature } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import { declineAction } from './actions.ts';
import { declineMatch } from './chat.ts';

export const matchingChat: ChatFeature = {
  buttons: [on(declineAction, (ctx, { patentId, reason }) => declineMatch(ctx, patentId, reason))],
};
