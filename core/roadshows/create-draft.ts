// The roadshow wizard's draft lives in the person's conversation (flow 'roadshow-create'), like a
// questionnaire's place, so that a restart or another bot instance continues it. Changes go through
// the conversation's guarded update: two taps at once cannot both apply to the same draft; the
// loser recomputes on the winner's draft.
import type { ChatContext } from '../chat/context.ts';
import { IDLE } from '../chat/conversation.ts';
import type { EngineState } from '../questionnaire/state.ts';
import type { RoadshowDraft } from './create-draft-state.ts';

export type { DraftStage, RoadshowDraft } from './create-draft-state.ts';

/** The open draft of this turn's conversation, if any. */
export function currentDraft(ctx: ChatContext): RoadshowDraft | null {
  const state = ctx.conversation.state;
  return state.flow === 'roadshow-create' ? state.draft : null;
}

/** Starts a draft, replacing whatever the person was doing in this chat. */
export async function createDraft(ctx: ChatContext, draft: RoadshowDraft): Promise<void> {
  await ctx.conversation.set({ flow: 'roadshow-create', draft });
}

/** Ends the wizard (published or cancelled). */
export async function closeDraft(ctx: ChatContext): Promise<void> {
  if (currentDraft(ctx)) await ctx.conversation.set(IDLE);
}

/**
 * Applies `change` to the current draft and stores its result (null ends the wizard). Recomputed
 * on the fresh draft when another update got there first. Null when there is no draft.
 */
export async function updateDraft<T>(
  ctx: ChatContext,
  change: (draft: RoadshowDraft) => Promise<{ next: RoadshowDraft | null; result: T }>,
): Promise<T | null> {
  return ctx.conversation.update(async (state) => {
    if (state.flow !== 'roadshow-create') return { next: state, result: null };
    const { next, result } = await change(state.draft);
    if (next === state.draft) return { next: state, result };
    return { next: next ? { flow: 'roadshow-create', draft: next } : IDLE, result };
  });
}

export const withState = (draft: RoadshowDraft, state: EngineState): RoadshowDraft => ({ ...draft, state });
