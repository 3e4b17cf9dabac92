// A person's own data in the chat (PIPL): send me what you hold, and delete it after confirming.
// People leaving, managed in the chat (`/person <email>`, manage-chat.ts): each change asks to
// confirm first; the ids are checked against the caller again on every press.
import { defineButton, idParam, isUuid } from '../chat/buttons.ts';

/** Sends the person the file of what Revive holds about them (as /mydata). */
export const myDataAction = defineButton('pm');
/** Confirms /forgetme: deletes the person's personal data. */
export const forgetMeConfirmAction = defineButton('pd');

/** Shows a person's card again (after a change, or to cancel one). */
export const personCardAction = defineButton('pc', idParam('personId'));

/** What a management button does, and whether it is the confirmation. */
export type PersonChange = 'removeRole' | 'unbindTelegram' | 'unbindSlack' | 'deactivate' | 'reactivate';
const CHANGE_LETTERS: Record<string, PersonChange> = {
  r: 'removeRole',
  t: 'unbindTelegram',
  s: 'unbindSlack',
  d: 'deactivate',
  a: 'reactivate',
};
const letterOf = (change: PersonChange) =>
  Object.entries(CHANGE_LETTERS).find(([, value]) => value === change)![0];

/** The id is a role assignment's for removeRole, the person's otherwise. */
const changeParam = {
  encode: (p: { change: PersonChange; id: string }) => `${letterOf(p.change)}:${p.id}`,
  decode: (tail: string) => {
    const [letter, id] = tail.split(':');
    const change = letter ? CHANGE_LETTERS[letter] : undefined;
    return change && id && isUuid(id) ? { change, id } : null;
  },
};
/** Asks to confirm a change. */
export const personChangeAction = defineButton('pa', changeParam);
/** Makes the change. */
export const personChangeConfirmAction = defineButton('pk', changeParam);
