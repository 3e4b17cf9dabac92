// Stored answers as people read them, in their language: the review screen, "current answer" lines
// and anything else that shows a value back to the respondent or to a tech-transfer office.
import { type Locale, t } from '../i18n.ts';
import type { AnswerValue } from './answers.ts';
import type { Question } from './definition.ts';

const UI = 'questionnaire-ui';

/** Upper ends of the fixed ranges the parsers accept (scale 1–5, TRL 1–9, GB/T 22900). */
export const SCALE_MAX = 5;
export const TRL_MAX = 9;
export const TRL_LEVELS: readonly number[] = Array.from({ length: TRL_MAX }, (_, i) => i + 1);

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 10 }).format(value);
}

export function trlTitle(level: number, locale: Locale): string {
  return t(locale, `trl:level.${level}.title`);
}

export function trlDescription(level: number, locale: Locale): string {
  return t(locale, `trl:level.${level}.description`);
}

/**
 * The level's title without its own "4 级：" / "Level 4:" prefix, for places that already show the
 * number (numbered lists, "TRL 4 · …"). The catalogue titles carry the number so that they stand
 * alone in forms; a title without such a prefix is returned whole.
 */
export function trlName(level: number, locale: Locale): string {
  const title = trlTitle(level, locale);
  const prefix = new RegExp(`^[^:：\\d]{0,12}${level}[^:：\\d]{0,12}[:：]\\s*`);
  const name = title.replace(prefix, '');
  if (name === '') return title;
  // "Level 4: validated in the lab" continues in lower case; on its own the name starts a sentence.
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

function optionLabel(question: Question, optionId: string, locale: Locale): string {
  if (question.type !== 'single_choice' && question.type !== 'multi_choice') return optionId;
  const option = question.options.find((o) => o.id === optionId);
  // An answer kept from an older definition may name an option that no longer exists: show its id
  // rather than nothing, so that the respondent sees something to change.
  return option ? t(locale, option.label) : optionId;
}

export function formatYesNo(value: boolean, locale: Locale): string {
  return t(locale, value ? `${UI}:answer.yes` : `${UI}:answer.no`);
}

export function listSeparator(locale: Locale): string {
  return t(locale, `${UI}:answer.list_separator`);
}

/** One answer as text; values that no longer fit the question are shown as they are stored. */
export function formatAnswer(question: Question, value: AnswerValue, locale: Locale): string {
  switch (question.type) {
    case 'single_choice':
      return typeof value === 'string' ? optionLabel(question, value, locale) : String(value);
    case 'multi_choice': {
      const ids = Array.isArray(value) ? value : [String(value)];
      return ids.map((id) => optionLabel(question, id, locale)).join(listSeparator(locale));
    }
    case 'scale':
      return t(locale, `${UI}:answer.scale`, { value: String(value), max: SCALE_MAX });
    case 'trl':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= TRL_MAX
        ? t(locale, `${UI}:answer.trl`, { level: value, title: trlName(value, locale) })
        : String(value);
    case 'number': {
      if (typeof value !== 'number') return String(value);
      const formatted = formatNumber(value, locale);
      return question.unit
        ? t(locale, `${UI}:answer.number_with_unit`, { value: formatted, unit: t(locale, question.unit) })
        : formatted;
    }
    case 'yes_no':
      return typeof value === 'boolean' ? formatYesNo(value, locale) : String(value);
    case 'text':
    case 'date':
      return Array.isArray(value) ? value.join(listSeparator(locale)) : String(value);
  }
}

export function formatSkipped(locale: Locale): string {
  return t(locale, `${UI}:answer.skipped`);
}
