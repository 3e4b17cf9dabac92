// Reminders in the chat: /mute and /unmute a kind of reminder.
//
// The reminders folder: who is due which reminder (self-assessment-nudges.ts, milestone-escalation.ts,
// screening-waiting.ts, evaluation-waiting.ts, bureau-digest.ts, backoff.ts); chat.ts (/mute).
import type { ChatFeature } from '../chat/routes.ts';
import { toggleMute } from './chat.ts';

export const remindersChat: ChatFeature = {
  commands: {
    mute: (ctx, args) => toggleMute(ctx, args, true),
    unmute: (ctx, args) => toggleMute(ctx, args, false),
  },
};
