// The roadshow wizard's draft lives in the person's Conversation row, like a questionnaire's place,
// so that a restart or another bot instance continues it. Writes are guarded by the row's updatedAt:
// two taps at once cannot both apply to the same draft; the loser recomputes on the winner's draft.
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client.ts';
import type { ChatContext } from '../chat/context.ts';
import type { Db } from '../db/database.ts';
import { type EngineState, parseState } from '../questionnaire/state.ts';

export const ROADSHOW_FLOW = 'roadshow-create';

const storedDraft = z.object({
  institutionId: z.uuid(),
  /** Chosen when the wizard starts: confirming twice creates this one roadshow, never two. */
  roadshowId: z.uuid(),
  stage: z.enum(['questions', 'patents', 'preview']),
  state: z.unknown().transform((value, ctx) => {
    try {
      return parseState(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: String(error) });
      return z.NEVER;
    }
  }),
  patentIds: z.array(z.uuid()).default([]),
  /** What the coordinator typed to narrow the patent list (part of a title or an IPC). */
  filter: z.string().default(''),
});

export type RoadshowDraft = z.output<typeof storedDraft>;
export type DraftStage = RoadshowDraft['stage'];

interface LoadedDraft {
  draft: RoadshowDraft;
  updatedAt: Date;
}

export async function loadDraft(ctx: ChatContext): Promise<LoadedDraft | null> {
  const row = await ctx.db.conversation.findUnique({
    where: { personId_channel: { personId: ctx.actor.personId, channel: ctx.channel } },
  });
  if (row?.flow !== ROADSHOW_FLOW) return null;
  const parsed = storedDraft.safeParse((row.data as { roadshow?: unknown } | null)?.roadshow);
  if (!parsed.success) {
    ctx.logger.warn({ issues: parsed.error.issues.length }, 'unreadable roadshow draft dropped');
    return null;
  }
  return { draft: parsed.data, updatedAt: row.updatedAt };
}

const stored = (draft: RoadshowDraft) =>
  ({ roadshow: { ...draft, state: draft.state as unknown } }) as unknown as Prisma.InputJsonValue;

/** Starts a draft, replacing whatever the person was doing in this chat. */
export async function createDraft(ctx: ChatContext, draft: RoadshowDraft): Promise<void> {
  const values = { flow: ROADSHOW_FLOW, subjectId: null, data: stored(draft) };
  await ctx.db.conversation.upsert({
    where: { personId_channel: { personId: ctx.actor.personId, channel: ctx.channel } },
    create: { personId: ctx.actor.personId, channel: ctx.channel, ...values },
    update: values,
  });
}

/** Writes `next` only if the draft is still the one `loaded` read; false when someone else wrote. */
async function replaceDraft(db: Db, ctx: ChatContext, loaded: LoadedDraft, next: RoadshowDraft | null) {
  const where = {
    personId: ctx.actor.personId,
    channel: ctx.channel,
    flow: ROADSHOW_FLOW,
    updatedAt: loaded.updatedAt,
  };
  const data = next
    ? { data: stored(next) }
    : { flow: null, subjectId: null, data: {} as Prisma.InputJsonValue };
  const { count } = await db.conversation.updateMany({ where, data });
  return count === 1;
}

export class DraftContention extends Error {}

/**
 * Applies `change` to the current draft and stores its result (null ends the wizard). Recomputed
 * on the fresh draft when another update got there first. Null when there is no draft.
 */
export async function updateDraft<T>(
  ctx: ChatContext,
  change: (draft: RoadshowDraft) => Promise<{ next: RoadshowDraft | null; result: T }>,
): Promise<T | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const loaded = await loadDraft(ctx);
    if (!loaded) return null;
    const { next, result } = await change(loaded.draft);
    if (next === loaded.draft || (await replaceDraft(ctx.db, ctx, loaded, next))) return result;
  }
  throw new DraftContention('roadshow draft: too many concurrent updates');
}

export const withState = (draft: RoadshowDraft, state: EngineState): RoadshowDraft => ({ ...draft, state });
