// A person's own data in the chat (PIPL, 个人信息保护法): /mydata sends the file of what Revive
// holds about them; /forgetme asks to confirm, then deletes it (privacy.ts). Private chats only:
// the chat service refuses group chats before any command runs.
//
// The people folder: actor.ts, authorize.ts (who may do what), manage.ts (people leaving),
// privacy.ts (export and deletion of one's data), actions.ts and routes.ts (this chat).
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { type ChatFeature, on } from '../chat/routes.ts';
import { forgetMeConfirmAction, myDataAction } from './actions.ts';
import { deletePersonalData, exportPersonalData, PERSONAL_DATA_MIME } from './privacy.ts';

async function sendMyData(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const { path, fileName } = await exportPersonalData(ctx.db, ctx.actor.personId, ctx.clock.now());
  return [
    {
      text: say(ctx, 'privacy:mydata.done'),
      confidential: true,
      attachment: { fileName, path, mimeType: PERSONAL_DATA_MIME },
      buttons: [[menuButton(ctx)]],
    },
  ];
}

function askForgetMe(ctx: ChatContext): OutgoingMessage[] {
  return [
    {
      text: say(ctx, 'privacy:forgetme.confirm'),
      buttons: [
        [button(ctx, 'privacy:forgetme.yes', forgetMeConfirmAction.to())],
        [button(ctx, 'privacy:forgetme.export_first', myDataAction.to())],
        [menuButton(ctx)],
      ],
    },
  ];
}

async function forgetMe(ctx: ChatContext): Promise<OutgoingMessage[]> {
  // The reply is in the person's language, read before the data goes.
  const text = say(ctx, 'privacy:forgetme.done');
  await deletePersonalData(ctx.db, ctx.actor.personId, ctx.clock.now());
  return [{ text }];
}

export const privacyChat: ChatFeature = {
  buttons: [on(myDataAction, (ctx) => sendMyData(ctx)), on(forgetMeConfirmAction, (ctx) => forgetMe(ctx))],
  commands: {
    mydata: (ctx) => sendMyData(ctx),
    forgetme: (ctx) => askForgetMe(ctx),
  },
};
