// The shapes of the registration and profile wizards' drafts as the Conversation row keeps them
// (core/chat/conversation.ts owns the row; register-chat.ts and profile-chat.ts read and write the
// drafts through it).
import { z } from 'zod';
import { parseState } from '../questionnaire/state.ts';

const engineState = z.unknown().transform((value, ctx) => {
  try {
    return parseState(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: String(error) });
    return z.NEVER;
  }
});

/** Registering an enterprise: the questionnaire's state (answers so far). */
export const enterpriseRegistrationDraft = z.object({ state: engineState });
export type EnterpriseRegistrationDraft = z.output<typeof enterpriseRegistrationDraft>;

/** Editing an enterprise's profile: which enterprise, and the questionnaire's state. */
export const enterpriseProfileDraft = z.object({ enterpriseId: z.uuid(), state: engineState });
export type EnterpriseProfileDraft = z.output<typeof enterpriseProfileDraft>;
