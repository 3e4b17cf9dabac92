// A questionnaire page as a channel-neutral form (Slack modals). Submitted values come back keyed by
// question id and go through the same parsers as typed answers (pages.ts submitPage).
import type { FormField, FormView } from '../channel/messages.ts';
import { type Locale, type Msg, type TParams, t } from '../i18n.ts';
import type { AnswerValue } from '../questionnaire/answers.ts';
import type { Question, QuestionnaireDefinition } from '../questionnaire/definition.ts';
import {
  formatYesNo,
  SCALE_MAX,
  TRL_LEVELS,
  trlDescription,
  trlTitle,
} from '../questionnaire/format-answer.ts';
import type { Page } from '../questionnaire/pages.ts';
import type { RawAnswer } from '../questionnaire/parsers/index.ts';
import { exampleNumber } from './render-questionnaire.ts';

const UI = 'questionnaire-ui';
const ui = (locale: Locale, key: string, params?: TParams) => t(locale, `${UI}:${key}`, params);

export interface FormContext {
  locale: Locale;
  formId: string;
  title: string;
}

type FieldOption = NonNullable<FormField['options']>[number];

function kindOf(q: Question): FormField['kind'] {
  switch (q.type) {
    case 'single_choice':
      return 'single';
    case 'multi_choice':
      return 'multi';
    case 'text':
      return q.multiline ? 'multiline' : 'text';
    default:
      return q.type;
  }
}

function optionsOf(q: Question, locale: Locale): FieldOption[] | undefined {
  switch (q.type) {
    case 'single_choice':
    case 'multi_choice':
      return q.options.map((o) => ({
        id: o.id,
        label: t(locale, o.label),
        ...(o.description ? { description: t(locale, o.description) } : {}),
      }));
    case 'trl':
      // Full titles ("4 级：实验室环境验证") here: a form shows no separate level number.
      return TRL_LEVELS.map((level) => ({
        id: String(level),
        label: trlTitle(level, locale),
        description: trlDescription(level, locale),
      }));
    case 'scale':
      return Array.from({ length: SCALE_MAX }, (_, i) => {
        const value = i + 1;
        const end = value === 1 ? q.minLabel : value === SCALE_MAX ? q.maxLabel : undefined;
        return { id: String(value), label: end ? `${value} · ${t(locale, end)}` : String(value) };
      });
    case 'yes_no':
      // Ids the yes/no parser accepts, so a radio choice comes back as a valid answer.
      return [
        { id: 'true', label: formatYesNo(true, locale) },
        { id: 'false', label: formatYesNo(false, locale) },
      ];
    default:
      return undefined;
  }
}

/** Initial values use the option ids above, so a form shows the saved answer selected. */
function initialOf(q: Question, value: AnswerValue | undefined): RawAnswer | undefined {
  if (value === undefined) return undefined;
  switch (q.type) {
    case 'yes_no':
    case 'scale':
    case 'trl':
      return String(value);
    default:
      return value;
  }
}

function placeholderOf(q: Question, locale: Locale): string | undefined {
  switch (q.type) {
    case 'date':
      return ui(locale, 'form.placeholder_date');
    case 'number':
      return q.unit
        ? ui(locale, 'form.placeholder_number_with_unit', { unit: t(locale, q.unit) })
        : ui(locale, 'form.placeholder_number', { example: exampleNumber(q.min, q.max) });
    case 'text':
      return ui(locale, 'form.placeholder_text', { max: q.maxLength });
    default:
      return undefined;
  }
}

function fieldOf(q: Question, value: AnswerValue | undefined, locale: Locale): FormField {
  const options = optionsOf(q, locale);
  const initial = initialOf(q, value);
  const placeholder = placeholderOf(q, locale);
  return {
    id: q.id,
    label: t(locale, q.label),
    ...(q.help ? { help: t(locale, q.help) } : {}),
    required: q.required,
    kind: kindOf(q),
    ...(options ? { options } : {}),
    ...(initial !== undefined ? { initial } : {}),
    ...(placeholder ? { placeholder } : {}),
    ...(q.type === 'text' ? { maxLength: q.maxLength } : {}),
  };
}

export function renderPageForm(page: Page, def: QuestionnaireDefinition, ctx: FormContext): FormView {
  // The submission is parsed against `def`: a page from another questionnaire or version would
  // come back with fields the definition does not know.
  const section = def.sections.find((s) => s.id === page.section.id);
  const known = new Set(section?.questions.map((q) => q.id));
  if (!section || page.questions.some((q) => !known.has(q.id))) {
    throw new Error(`page ${page.section.id} does not belong to ${def.id} v${def.version}`);
  }
  const { locale } = ctx;
  return {
    formId: ctx.formId,
    title: ctx.title,
    submitLabel: ui(locale, page.index === page.total ? 'form.finish' : 'form.next'),
    fields: page.questions.map((q) => fieldOf(q, page.values[q.id], locale)),
    progress: ui(locale, 'form.progress', { index: page.index, total: page.total }),
  };
}

/** Per-field errors from submitPage, in the respondent's language, for the form to show inline. */
export function fieldErrorsText(errors: Record<string, Msg>, locale: Locale): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, error]) => [field, t(locale, error.key, error.params)]),
  );
}
