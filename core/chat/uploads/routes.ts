// Lists sent as files in the chat: the dispatcher's buttons and command (which lists can I send, and
// the kind chosen for an ambiguous file), the wait for the file sent again, and the kinds of list
// whose features have no chat of their own here (institutions, enterprises, experts). The patent
// list (core/inventory) and the staff list (core/staff) come with their features.
import { importHelpAction } from '../../inventory/actions.ts';
import type { ChatFeature, UploadKind } from '../routes.ts';
import { on } from '../routes.ts';
import { uploadKindAction } from './actions.ts';
import { awaitingFile, chooseUploadKind, uploadHelp } from './dispatch.ts';
import { enterpriseUpload } from './enterprises.ts';
import { expertUpload } from './experts.ts';
import { institutionUpload } from './institutions.ts';

/** `kinds` gives every feature's kinds once the chat is composed (the help lists them all). */
export function uploadsChat(kinds: () => readonly UploadKind[]): ChatFeature {
  return {
    buttons: [
      on(importHelpAction, (ctx) => uploadHelp(ctx, kinds())),
      on(uploadKindAction, (ctx, { kind }) => chooseUploadKind(ctx, kind, kinds())),
    ],
    commands: { import: (ctx) => uploadHelp(ctx, kinds()) },
    flows: { 'upload-kind': { textOnly: true, text: async (ctx) => awaitingFile(ctx) } },
    uploads: [institutionUpload, enterpriseUpload, expertUpload],
  };
}
