// The coordinator's inventory export from the chat.
//
// The export folder: inventory-export.ts, columns.ts, load-patents.ts, invites-export.ts,
// file-names.ts; actions.ts and chat.ts (the export from chat).
import type { ChatFeature } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import { exportInventoryAction } from './actions.ts';
import { exportFromChat } from './chat.ts';

export const exportChat: ChatFeature = {
  buttons: [on(exportInventoryAction, (ctx) => exportFromChat(ctx))],
};
