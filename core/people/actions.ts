// A person's own data in the chat (PIPL): send me what you hold, and delete it after confirming.
import { defineButton } from '../chat/buttons.ts';

/** Sends the person the file of what Revive holds about them (as /mydata). */
export const myDataAction = defineButton('pm');
/** Confirms /forgetme: deletes the person's personal data. */
export const forgetMeConfirmAction = defineButton('pd');
