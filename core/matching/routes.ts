// Matching in the chat: an enterprise declines a pushed patent (with a reason).
//
// The matching folder: run.ts (a run), pool.ts, index/ (in-memory pool index and top-k search), text/
// (normalisation, segmentation, needs), query.ts, explain.ts (score and reasons), rank.ts (cut-off),
// related.ts, reasons.ts, weights.ts, semantic.ts, understood.ts, recommended.ts (domain); eval/ (the
// evaluation's metrics and baseline); actions.ts, chat.ts (the chat); messages.ts (match push,
// evaluation reminder). docs/matching.md explains the scoring.
import type { ChatFeature } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import { declineAction } from './actions.ts';
import { declineMatch } from './chat.ts';

export const matchingChat: ChatFeature = {
  buttons: [on(declineAction, (ctx, { patentId, reason }) => declineMatch(ctx, patentId, reason))],
};
