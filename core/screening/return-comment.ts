// Routes the coordinator's buttons and texts; chat-service.ts hands them over here.
import type { OutgoingMessage } from '../channel/messages.ts';
import type { ChatAction } from '../chat/actions.ts';
import type { ChatContext } from '../chat/context.ts';
import { loadConversation } from '../chat/conversation.ts';
import { exportFromChat } from '../export/chat.ts';
import { importHelp } from '../inventory/import-chat.ts';
import { chooseInventor } from '../inventory/link-chat.ts';
import { showCoordinatorProgress } from '../progress/chat.ts';
import { confirmScreenOut, decideFromChat, returnWithComment, showQueue, showSubmission } from './chat.ts';
import { isCoordinator } from './scope.ts';

export type CoordinatorAction = Extract<
  ChatAction,
  {
    type:
      | 'coord'
      | 'screenQueue'
      | 'screenView'
      | 'screenDecide'
      | 'screenOutConfirm'
      | 'exportInventory'
      | 'importHelp'
      | 'linkInventor';
  }
>;

export function coordinatorAction(ctx: ChatContext, action: CoordinatorAction): Promise<OutgoingMessage[]> {
  switch (action.type) {
    case 'coord':
      return showCoordinatorProgress(ctx);
    case 'screenQueue':
      return showQueue(ctx, action.level, action.page);
    case 'screenView':
      return showSubmission(ctx, action.patentId);
    case 'screenDecide':
      return decideFromChat(ctx, action.outcome, action.patentId);
    case 'screenOutConfirm':
      return Promise.resolve(confirmScreenOut(ctx, action.patentId));
    case 'exportInventory':
      return exportFromChat(ctx);
    case 'importHelp':
      return Promise.resolve(importHelp(ctx));
    case 'linkInventor':
      return chooseInventor(ctx, action.patentId, action.position, action.choice);
  }
}

/** A text while a return comment is awaited is that comment; otherwise null (not ours). */
export async function returnCommentText(ctx: ChatContext, text: string): Promise<OutgoingMessage[] | null> {
  if (!isCoordinator(ctx.actor)) return null;
  const conversation = await loadConversation(ctx.db, ctx.actor.personId, ctx.channel);
  if (conversation.flow !== 'return-comment' || !conversation.subjectId) return null;
  return returnWithComment(ctx, conversation, text);
}

/** Any button or command other than typing the comment abandons a pending return. */
export async function leaveReturnComment(ctx: ChatContext): Promise<void> {
  if (!isCoordinator(ctx.actor)) return;
  await ctx.db.conversation.updateMany({
    where: { personId: ctx.actor.personId, channel: ctx.channel, flow: 'return-comment' },
    data: { flow: null, subjectId: null },
  });
}
