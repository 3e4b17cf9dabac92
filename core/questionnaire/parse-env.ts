import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { SUPPORTED_LOCALES, t } from '../i18n.ts';
import type { ParseEnv } from './parsers/index.ts';

/** The parse environment for a respondent: labels in every language, today in their time zone. */
export function parseEnvFor(timeZone: string, now: Date = new Date()): ParseEnv {
  return {
    labels: (key) => SUPPORTED_LOCALES.map((locale) => t(locale, key)),
    today: format(new TZDate(now.getTime(), timeZone), 'yyyy-MM-dd'),
  };
}
