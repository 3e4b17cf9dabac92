import type { Logger } from 'pino';
import type { Button, ChannelName, OutgoingMessage } from '../channel/messages.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { type Locale, type TParams, t } from '../i18n.ts';
import type { Actor } from '../people/actor.ts';
import type { ParseEnv } from '../questionnaire/parsers/index.ts';
import type { ActionId } from './buttons.ts';
import { formAction, menuAction } from './chat-actions.ts';
import type { ConversationCursor } from './conversation.ts';

/** Everything a flow needs to answer one incoming message. */
export interface ChatContext {
  db: Db;
  logger: Logger;
  actor: Actor;
  channel: ChannelName;
  locale: Locale;
  /** The program's clock: every "now" of a flow comes from here. */
  clock: Clock;
  parseEnv: ParseEnv;
  /** Whether this adapter shows questionnaire pages as forms (see IncomingMessage.supportsForms). */
  supportsForms: boolean;
  /** Where the person is in this chat, loaded once for the turn; written only through it. */
  conversation: ConversationCursor;
}

export const say = (ctx: ChatContext, key: string, params?: TParams): string => t(ctx.locale, key, params);

/** A button labelled with the text at `key`; `action` comes from a feature's codec (`xAction.to(…)`). */
export const button = (ctx: ChatContext, key: string, action: ActionId, params?: TParams): Button => ({
  label: say(ctx, key, params),
  action: action as string,
});

export const menuButton = (ctx: ChatContext) => button(ctx, 'chat:menu.back_to_menu', menuAction.to());
/** Where forms exist, a question also offers its whole page as a form. */
export const openFormButton = (ctx: ChatContext) =>
  button(ctx, 'questionnaire-ui:form.open', formAction.to());

export function textMessage(text: string, extra: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { text, ...extra };
}

/** Shortens a title for a button label without cutting a character in half. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
