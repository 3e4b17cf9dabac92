// The expert's own profile in the chat (profile-chat.ts): which field the next text answers, as the
// Conversation row keeps it (core/chat/conversation.ts owns the row).
import { z } from 'zod';

/** The fields an expert edits, one text answer each, in the order the profile shows them. */
export const EXPERT_PROFILE_FIELDS = ['name', 'title', 'affiliation', 'region', 'ipc', 'keywords'] as const;
export type ExpertProfileField = (typeof EXPERT_PROFILE_FIELDS)[number];

export const expertProfileField = z.enum(EXPERT_PROFILE_FIELDS);
