// People in the chat. A person's own data (PIPL, 个人信息保护法): /mydata sends the file of what
// Revive holds about them; /forgetme asks to confirm, then deletes it (privacy.ts). People leaving:
// `/person <email>` shows whom the caller manages, with the changes they may make (manage-chat.ts).
// Private chats only: the chat service refuses group chats before any command runs.
//
// The people folder: actor.ts, authorize.ts (who may do what), manage.ts (people leaving),
// privacy.ts (export and deletion of one's data), scrub-audit.ts, actions.ts and routes.ts with
// manage-chat.ts (this chat).
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { type ChatFeature, on } from '../chat/routes.ts';
import {
  forgetMeConfirmAction,
  myDataAction,
  personCardAction,
  personChangeAction,
  personChangeConfirmAction,
} from './actions.ts';
import { askChange, findPerson, makeChange, showPerson } from './manage-chat.ts';
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

export const peopleChat: ChatFeature = {
  buttons: [
    on(myDataAction, (ctx) => sendMyData(ctx)),
    on(forgetMeConfirmAction, (ctx) => forgetMe(ctx)),
    on(personCardAction, (ctx, { personId }) => showPerson(ctx, personId)),
    on(personChangeAction, (ctx, params) => askChange(ctx, params)),
    on(personChangeConfirmAction, (ctx, params) => makeChange(ctx, params)),
  ],
  commands: {
    mydata: (ctx) => sendMyData(ctx),
    forgetme: (ctx) => askForgetMe(ctx),
    person: (ctx, args) => findPerson(ctx, args),
  },
};
