// The delivery outbox in the chat: administrators deal with its dead letters (/deadletters).
import { type ChatFeature, on } from '../chat/routes.ts';
import {
  deadLetterResolveAction,
  deadLetterRetryAction,
  deadLettersAction,
  deadLettersRetryAllAction,
} from './actions.ts';
import { resolveFromChat, retryAllFromChat, retryFromChat, showDeadLetters } from './dead-letters-chat.ts';

export const deliveryChat: ChatFeature = {
  buttons: [
    on(deadLettersAction, (ctx) => showDeadLetters(ctx)),
    on(deadLetterRetryAction, (ctx, { deliveryId }) => retryFromChat(ctx, deliveryId)),
    on(deadLettersRetryAllAction, (ctx) => retryAllFromChat(ctx)),
    on(deadLetterResolveAction, (ctx, { deliveryId }) => resolveFromChat(ctx, deliveryId)),
  ],
  commands: {
    deadletters: (ctx) => showDeadLetters(ctx),
  },
};
