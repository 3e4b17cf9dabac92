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

/**
 * The IPC picker open at the IPC question (ipc-picker.ts): the codes chosen so far and the words
 * last searched. Optional, so drafts stored before the picker existed still parse.
 */
export const ipcPick = z.object({
  picked: z.array(z.string().max(20)).max(60),
  query: z.string().max(300).optional(),
});
export type IpcPick = z.output<typeof ipcPick>;

/** Registering an enterprise: the questionnaire's state (answers so far). */
export const enterpriseRegistrationDraft = z.object({ state: engineState, ipc: ipcPick.optional() });
export type EnterpriseRegistrationDraft = z.output<typeof enterpriseRegistrationDraft>;

/** Editing an enterprise's profile: which enterprise, and the questionnaire's state. */
export const enterpriseProfileDraft = z.object({
  enterpriseId: z.uuid(),
  state: engineState,
  ipc: ipcPick.optional(),
});
export type EnterpriseProfileDraft = z.output<typeof enterpriseProfileDraft>;
