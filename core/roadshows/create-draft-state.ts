// The shape of a roadshow wizard's draft as the Conversation row keeps it (core/chat/conversation.ts
// owns the row; create-draft.ts reads and writes the draft through it).
import { z } from 'zod';
import { parseState } from '../questionnaire/state.ts';

export const roadshowDraftSchema = z.object({
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

export type RoadshowDraft = z.output<typeof roadshowDraftSchema>;
export type DraftStage = RoadshowDraft['stage'];
