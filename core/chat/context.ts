import type { Logger } from 'pino';
import type { ChannelName, OutgoingMessage } from '../channel/messages.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { type Locale, type TParams, t } from '../i18n.ts';
import type { Actor } from '../people/actor.ts';
import type { ParseEnv } from '../questionnaire/parsers/index.ts';
import { type ChatAction, encodeAction } from './actions.ts';

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
}

export const say = (ctx: ChatContext, key: string, params?: TParams): string => t(ctx.locale, key, params);

export const button = (ctx: ChatContext, key: string, action: ChatAction, params?: TParams) => ({
  label: say(ctx, key, params),
  action: encodeAction(action),
});

export const menuButton = (ctx: ChatContext) => button(ctx, 'chat:menu.back_to_menu', { type: 'menu' });
/** Where forms exist, a question also offers its whole page as a form. */
export const openFormButton = (ctx: ChatContext) =>
  button(ctx, 'questionnaire-ui:form.open', { type: 'form' });

export function textMessage(text: string, extra: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { text, ...extra };
}

/** Shortens a title for a button label without cutting a character in half. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
