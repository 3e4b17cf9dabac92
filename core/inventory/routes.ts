// The inventory in the chat: a person's patents, the patent list as a kind of upload (its help is
// the chat's upload help, core/chat/uploads), the choice among namesakes after an import.
//
// The inventory folder: import.ts and its helpers (read-csv/xlsx, headers, validate-row, store, diff,
// report, error-file), reassign.ts, people-directory.ts; actions.ts (buttons), import-chat.ts,
// link-chat.ts, patents-chat.ts and patent-list-page.ts (the chat).
import type { ChatFeature } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import { linkInventorAction, patentAction, patentsAction } from './actions.ts';
import { patentUpload } from './import-chat.ts';
import { chooseInventor } from './link-chat.ts';
import { listPatents, showPatent } from './patents-chat.ts';

export const inventoryChat: ChatFeature = {
  buttons: [
    on(patentsAction, (ctx, { page }) => listPatents(ctx, page)),
    on(patentAction, (ctx, { patentId }) => showPatent(ctx, patentId)),
    on(linkInventorAction, (ctx, p) => chooseInventor(ctx, p.patentId, p.position, p.choice)),
  ],
  uploads: [patentUpload],
};
