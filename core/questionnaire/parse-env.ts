import { SUPPORTED_LOCALES, t } from '../i18n.ts';
import { localDate } from '../time-format.ts';
import type { ParseEnv } from './parsers/index.ts';

/** The parse environment for a respondent: labels in every language, today in their time zone. */
export function parseEnvFor(timeZone: string, now: Date): ParseEnv {
  return {
    labels: (key) => SUPPORTED_LOCALES.map((locale) => t(locale, key)),
    today: localDate(now, timeZone),
  };
}
