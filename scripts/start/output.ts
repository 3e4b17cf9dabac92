// What `npm start` writes itself, in the terminal demo and the service alike: lines in both
// languages, and the one line on stderr for a problem that stops the start.
import { SUPPORTED_LOCALES, t } from '../../core/i18n.ts';

/** Both languages, zh-CN first: the person's own language is not known before they are chosen. */
export const both = (key: string, params?: Record<string, string | number>, separator = ' / ') =>
  SUPPORTED_LOCALES.map((locale) => t(locale, key, params)).join(separator);

/** Writes `revive: <message>` on one line to stderr; returns the exit code 1. */
export function fail(message: string): number {
  process.stderr.write(`revive: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return 1;
}
