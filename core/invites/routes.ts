// Invitations in the chat: /invite (invite-chat.ts). Redeeming (/start <token>) happens before a
// person is known, in chat-service.ts through chat.ts.
import type { ChatFeature } from '../chat/routes.ts';
import { inviteFromChat } from './invite-chat.ts';

export const invitesChat: ChatFeature = {
  commands: { invite: (ctx, args) => inviteFromChat(ctx, args) },
};
