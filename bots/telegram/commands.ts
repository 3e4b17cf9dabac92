// The command menu ("/" button) in each supported language. Telegram picks the list by the user's
// language_code (ISO 639-1, so "zh" and "en"); the list without a language is the fallback for
// everyone else, in the default locale.
import type { Telegram } from 'telegraf';
import { DEFAULT_LOCALE, type Locale, SUPPORTED_LOCALES, t } from '../../core/i18n.ts';

/**
 * Core's commands worth offering in the menu; all of them are handled in core/chat. Telegram shows
 * one list to everyone in a language, so /progress, /roadshow, /openlicence, /experteval, /invite,
 * /profile, /enterprises, /import and /person say in their
 * description who they are for (core refuses anyone else).
 */
export const MENU_COMMANDS = [
  'start',
  'menu',
  'back',
  'skip',
  'review',
  'progress',
  'roadshow',
  'openlicence',
  'experteval',
  'deal',
  'digest',
  'invite',
  'profile',
  'enterprises',
  'import',
  'person',
  'mydata',
  'lang',
  'help',
] as const;

export const telegramLanguageCode = (locale: Locale): string => locale.slice(0, 2).toLowerCase();

export function commandList(locale: Locale): { command: string; description: string }[] {
  return MENU_COMMANDS.map((command) => ({
    command,
    description: t(locale, `telegram:commands.${command}`),
  }));
}

export async function registerCommands(telegram: Telegram): Promise<void> {
  for (const locale of SUPPORTED_LOCALES) {
    await telegram.setMyCommands(commandList(locale), { language_code: telegramLanguageCode(locale) });
  }
  await telegram.setMyCommands(commandList(DEFAULT_LOCALE));
}
