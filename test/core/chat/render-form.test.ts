import { describe, expect, it } from 'vitest';
import type { FormField, FormView } from '../../../core/channel/messages.ts';
import { fieldErrorsText, renderPageForm } from '../../../core/chat/render-form.ts';
import { type Locale, SUPPORTED_LOCALES, t } from '../../../core/i18n.ts';
import type { Answers } from '../../../core/questionnaire/answers.ts';
import { allDefinitions, latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import { trlDescription, trlTitle } from '../../../core/questionnaire/format-answer.ts';
import { currentPage, pageFor, submitPage } from '../../../core/questionnaire/pages.ts';
import { parseEnvFor } from '../../../core/questionnaire/parse-env.ts';
import type { RawAnswer } from '../../../core/questionnaire/parsers/index.ts';
import { initialState } from '../../../core/questionnaire/state.ts';

const def = latestDefinition('self-assessment');
const env = parseEnvFor('Asia/Shanghai', new Date('2026-03-02T04:00:00Z'));
const TITLE = '盘点自评';

/** Untranslated keys, with or without their namespace (i18next drops it for a missing key). */
const RAW_KEY = /[\w-]+:[\w.]+|\b[a-z][\w-]+\.[a-z][\w-]+/;

const fresh = (patentType = 'INVENTION', answers: Answers = {}) => ({
  ...initialState(def.id, def.version, { patentType }),
  answers,
});
const form = (sectionId: string, locale: Locale, answers: Answers = {}, patentType = 'INVENTION') =>
  renderPageForm(pageFor(def, fresh(patentType, answers), sectionId)!, def, {
    locale,
    formId: `f-${sectionId}`,
    title: TITLE,
  });
const field = (view: FormView, id: string): FormField => {
  const found = view.fields.find((f) => f.id === id);
  expect(found, `field ${id}`).toBeDefined();
  return found!;
};

function expectTranslated(view: FormView) {
  const texts = [
    view.title,
    view.submitLabel,
    view.progress,
    ...view.fields.flatMap((f) => [
      f.label,
      f.help ?? '',
      f.placeholder ?? '',
      ...(f.options ?? []).flatMap((o) => [o.label, o.description ?? '']),
    ]),
  ];
  for (const text of texts) expect(text).not.toMatch(RAW_KEY);
}

describe.each(SUPPORTED_LOCALES)('page forms in %s', (locale) => {
  const tr = (key: string) => t(locale, key);
  const zh = locale === 'zh-CN';

  it('renders the first page with the right kinds, required flags and localized options', () => {
    const page = currentPage(def, fresh())!;
    const view = renderPageForm(page, def, { locale, formId: 'sa-1', title: TITLE });
    expectTranslated(view);
    expect(view).toMatchObject({ formId: 'sa-1', title: TITLE, progress: '1 / 5' });
    expect(view.submitLabel).toBe(zh ? '下一页' : 'Next');
    // The implementation detail only follows an answer given on this page.
    expect(view.fields.map((f) => [f.id, f.kind, f.required])).toEqual([
      ['governmentFunded', 'yes_no', true],
      ['implementationStatus', 'multi', true],
    ]);

    const funded = field(view, 'governmentFunded');
    expect(funded.label).toBe(tr('self-assessment:q.governmentFunded.label'));
    expect(funded.help).toBe(tr('self-assessment:q.governmentFunded.help'));
    expect(funded.options).toEqual([
      { id: 'true', label: zh ? '是' : 'Yes' },
      { id: 'false', label: zh ? '否' : 'No' },
    ]);
    expect(funded.initial).toBeUndefined();

    const status = field(view, 'implementationStatus');
    expect(status.options).toHaveLength(6);
    expect(status.options![2]).toEqual({
      id: 'licensed',
      label: tr('self-assessment:q.implementationStatus.option.licensed.label'),
      description: tr('self-assessment:q.implementationStatus.option.licensed.description'),
    });
  });

  it('accepts what its own options submit', () => {
    const view = renderPageForm(currentPage(def, fresh())!, def, { locale, formId: 'f', title: TITLE });
    const values: Record<string, RawAnswer> = {
      governmentFunded: field(view, 'governmentFunded').options![0]!.id,
      implementationStatus: [field(view, 'implementationStatus').options![2]!.id],
    };
    const result = submitPage(def, fresh(), 'origin', values, env);
    expect(result.errors).toEqual({});
    expect(result.state.answers).toMatchObject({
      governmentFunded: true,
      implementationStatus: ['licensed'],
    });
  });

  it('shows saved answers as initial values in option ids, and the follow-up text field', () => {
    const view = form('origin', locale, { governmentFunded: false, implementationStatus: ['licensed'] });
    expect(field(view, 'governmentFunded').initial).toBe('false');
    expect(field(view, 'implementationStatus').initial).toEqual(['licensed']);
    const detail = field(view, 'implementationDetail');
    expect(detail).toMatchObject({ kind: 'multiline', required: true, maxLength: 500 });
    expect(detail.placeholder).toContain('500');
  });

  it('offers the nine TRL levels with titles and descriptions', () => {
    const view = form('value', locale, { trl: 6 });
    expectTranslated(view);
    expect(view.progress).toBe('2 / 5');
    const trl = field(view, 'trl');
    expect(trl.kind).toBe('trl');
    expect(trl.initial).toBe('6');
    expect(trl.options).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((level) => ({
        id: String(level),
        label: trlTitle(level, locale),
        description: trlDescription(level, locale),
      })),
    );
    expect(field(view, 'valueGrade').kind).toBe('single');
    // Stability questions are for utility models and designs only.
    expect(view.fields.map((f) => f.id)).toEqual(['trl', 'valueGrade']);
    expect(form('value', locale, {}, 'DESIGN').fields.map((f) => f.id)).toContain('evaluationReport');
  });

  it('labels the ends of a scale and marks optional text as not required', () => {
    const view = form('market', locale);
    const scale = field(view, 'industrializationProspects');
    expect(scale.kind).toBe('scale');
    expect(scale.options!.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(scale.options![0]!.label).toContain(tr('self-assessment:q.industrializationProspects.min'));
    expect(scale.options![4]!.label).toContain(tr('self-assessment:q.industrializationProspects.max'));
    expect(scale.options![2]!.label).toBe('3');
    expect(field(view, 'scenarioDescription')).toMatchObject({ kind: 'multiline', required: false });
  });

  it('hints the unit of a number field', () => {
    const view = form('intention', locale, { transformationIntention: ['licence'] });
    expectTranslated(view);
    const price = field(view, 'expectedPrice');
    expect(price).toMatchObject({ kind: 'number', required: false });
    expect(price.placeholder).toContain(tr('self-assessment:unit.tenThousandYuan'));
    expect(price.maxLength).toBeUndefined();
  });

  it('finishes on the last page', () => {
    const view = form('contact', locale);
    expect(view.progress).toBe('5 / 5');
    expect(view.submitLabel).toBe(zh ? '完成' : 'Finish');
  });

  it('translates per-field errors from a rejected page', () => {
    const result = submitPage(
      def,
      fresh(),
      'origin',
      { governmentFunded: 'perhaps', implementationStatus: [] },
      env,
    );
    const texts = fieldErrorsText(result.errors, locale);
    expect(Object.keys(texts).sort()).toEqual(['governmentFunded', 'implementationStatus']);
    expect(texts.governmentFunded).toBe(tr('engine:error.yes_no'));
    expect(texts.implementationStatus).toBe(tr('engine:error.required'));
    for (const text of Object.values(texts)) expect(text).not.toMatch(RAW_KEY);
  });
});

describe('page forms of every definition', () => {
  it.each(allDefinitions().map((d) => ({ name: `${d.id} v${d.version}`, d })))(
    'renders every section of $name without raw keys',
    ({ d }) => {
      const state = initialState(d.id, d.version, { patentType: 'UTILITY_MODEL' });
      for (const section of d.sections) {
        const page = pageFor(d, state, section.id);
        if (!page) continue;
        for (const locale of SUPPORTED_LOCALES) {
          expectTranslated(renderPageForm(page, d, { locale, formId: section.id, title: TITLE }));
        }
      }
    },
  );

  it('refuses a page that belongs to another questionnaire', () => {
    const other = latestDefinition('enterprise-evaluation');
    const page = currentPage(def, fresh())!;
    expect(() => renderPageForm(page, other, { locale: 'zh-CN', formId: 'x', title: TITLE })).toThrow();
  });
});
