// The registration wizard's draft as the Conversation row keeps it (core/chat/conversation.ts owns
// the row; register-chat.ts reads and writes the draft through it): the questionnaire's state.
import { z } from 'zod';
import { parseState } from '../questionnaire/state.ts';

export const institutionRegistrationDraft = z.object({
  state: z.unknown().transform((value, ctx) => {
    try {
      return parseState(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: String(error) });
      return z.NEVER;
    }
  }),
});
export type InstitutionRegistrationDraft = z.output<typeof institutionRegistrationDraft>;
