// The registered questionnaire definitions: they satisfy the schema, every string they show exists in
// every locale, their branching refers to real questions and options, and they fit the chat platforms.
import { describe, expect, it } from 'vitest';
import { hasKey, SUPPORTED_LOCALES, t } from '../../../core/i18n.ts';
import {
  allQuestions,
  type Condition,
  defineQuestionnaire,
  type QuestionnaireDefinition,
} from '../../../core/questionnaire/definition.ts';
import {
  allDefinitions,
  definitionVersion,
  latestDefinition,
  QUESTIONNAIRES,
} from '../../../core/questionnaire/definitions/index.ts';

/** Fields whose values are i18n keys, wherever they appear in a definition. */
const KEY_FIELDS = new Set([
  'title',
  'intro',
  'label',
  'help',
  'description',
  'unit',
  'minLabel',
  'maxLabel',
]);
const PATENT_TYPES = ['INVENTION', 'UTILITY_MODEL', 'DESIGN'];
/** Slack: option text and descriptions ≤ 75 characters, ≤ 10 options in a radio/checkbox group. */
const SLACK_OPTION_TEXT_MAX = 75;
const SLACK_GROUP_OPTIONS_MAX = 10;
const QUESTIONS_PER_SECTION_MAX = 8;

function i18nKeys(value: unknown, field = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => i18nKeys(v, field));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => i18nKeys(v, k));
  }
  return typeof value === 'string' && KEY_FIELDS.has(field) ? [value] : [];
}

type Leaf = Exclude<Condition, { all: Condition[] } | { any: Condition[] } | { not: Condition }>;
function leaves(c: Condition | undefined): Leaf[] {
  if (!c) return [];
  if ('all' in c) return c.all.flatMap(leaves);
  if ('any' in c) return c.any.flatMap(leaves);
  if ('not' in c) return leaves(c.not);
  return [c];
}

const definitions = allDefinitions();
const named = definitions.map((d) => [`${d.id} v${d.version}`, d] as const);

describe('questionnaire registry', () => {
  it('registers the self-assessment and the enterprise evaluation', () => {
    expect(Object.keys(QUESTIONNAIRES).sort()).toEqual([
      'enterprise-evaluation',
      'expert-evaluation',
      'self-assessment',
    ]);
    expect(latestDefinition('self-assessment').id).toBe('self-assessment');
    expect(latestDefinition('enterprise-evaluation').id).toBe('enterprise-evaluation');
  });

  it('lists versions oldest first under their own id, without gaps', () => {
    for (const [id, versions] of Object.entries(QUESTIONNAIRES)) {
      expect(versions.map((d) => d.id).every((x) => x === id)).toBe(true);
      expect(versions.map((d) => d.version)).toEqual(versions.map((_, i) => i + 1));
      expect(latestDefinition(id)).toBe(versions[versions.length - 1]);
    }
  });

  it('finds a given version', () => {
    expect(definitionVersion('self-assessment', 1)).toBe(QUESTIONNAIRES['self-assessment'][0]);
    expect(definitionVersion('enterprise-evaluation', 1).version).toBe(1);
  });

  it('throws a clear error for an unknown questionnaire or version', () => {
    expect(() => latestDefinition('nope')).toThrow(/Unknown questionnaire "nope"/);
    expect(() => definitionVersion('nope', 1)).toThrow(/Unknown questionnaire "nope"/);
    expect(() => definitionVersion('self-assessment', 99)).toThrow(/has no version 99/);
    expect(() => latestDefinition('toString')).toThrow(/Unknown questionnaire/);
  });
});

describe.each(named)('%s', (_, def) => {
  it('satisfies the schema', () => {
    expect(defineQuestionnaire(def)).toEqual(def);
  });

  it('bounds every number question on both sides', () => {
    for (const q of allQuestions(def)) {
      if (q.type !== 'number') continue;
      expect(Number.isFinite(q.min) && Number.isFinite(q.max), q.id).toBe(true);
      expect(q.max * 10 ** (q.integer ? 0 : q.decimals), q.id).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    }
  });

  it('has every referenced i18n key in every locale', () => {
    const keys = [...new Set(i18nKeys(def))];
    expect(keys.length).toBeGreaterThan(10);
    for (const locale of SUPPORTED_LOCALES) {
      expect(
        keys.filter((key) => !hasKey(locale, key)),
        `missing in ${locale}`,
      ).toEqual([]);
    }
  });

  it('gives every question help text', () => {
    expect(
      allQuestions(def)
        .filter((q) => !q.help)
        .map((q) => q.id),
    ).toEqual([]);
  });

  it('branches only on earlier questions, real options and known context', () => {
    const questions = allQuestions(def);
    const position = new Map(questions.map((q, i) => [q.id, i]));
    for (const [i, q] of questions.entries()) {
      for (const leaf of leaves(q.showIf)) {
        if ('context' in leaf) {
          expect(leaf.context).toBe('patentType');
          if ('in' in leaf) for (const v of leaf.in) expect(PATENT_TYPES).toContain(v);
          if ('equals' in leaf) expect(PATENT_TYPES).toContain(leaf.equals);
          continue;
        }
        const target = questions[position.get(leaf.answer)!]!;
        expect(position.get(leaf.answer)!, `${q.id} → ${leaf.answer}`).toBeLessThan(i);
        const optionIds = 'options' in target ? target.options.map((o) => o.id) : [];
        if ('includes' in leaf) {
          expect(target.type, `${q.id}: includes needs a multiple choice`).toBe('multi_choice');
          expect(optionIds, `${q.id}`).toContain(leaf.includes);
        }
        if ('equals' in leaf && target.type === 'single_choice') expect(optionIds).toContain(leaf.equals);
        if ('in' in leaf && target.type === 'single_choice')
          for (const v of leaf.in) expect(optionIds).toContain(v);
      }
    }
  });

  it('shares in bulk only questions whose branching is shared too', () => {
    const shared = new Set(def.sharedInBulk);
    for (const q of allQuestions(def).filter((x) => shared.has(x.id))) {
      for (const leaf of leaves(q.showIf)) {
        expect(
          'answer' in leaf && shared.has(leaf.answer),
          `${q.id} is shared but depends on ${JSON.stringify(leaf)}`,
        ).toBe(true);
      }
    }
  });

  it('fits a Slack modal page and Slack option limits', () => {
    for (const s of def.sections) expect(s.questions.length).toBeLessThanOrEqual(QUESTIONS_PER_SECTION_MAX);
    for (const q of allQuestions(def)) {
      if (!('options' in q)) continue;
      expect(q.options.length, q.id).toBeLessThanOrEqual(SLACK_GROUP_OPTIONS_MAX);
      for (const locale of SUPPORTED_LOCALES) {
        for (const o of q.options) {
          for (const key of [o.label, o.description].filter((k): k is string => !!k)) {
            expect(t(locale, key).length, `${locale} ${key}`).toBeLessThanOrEqual(SLACK_OPTION_TEXT_MAX);
          }
        }
      }
    }
  });
});

describe('technology readiness levels', () => {
  it.each(SUPPORTED_LOCALES)('has a title and a one-line description for levels 1–9 in %s', (locale) => {
    for (let level = 1; level <= 9; level++) {
      for (const part of ['title', 'description']) {
        const key = `trl:level.${level}.${part}`;
        expect(hasKey(locale, key), `${locale} ${key}`).toBe(true);
        const text = t(locale, key);
        expect(text).not.toContain('\n');
        expect(text.length).toBeLessThanOrEqual(SLACK_OPTION_TEXT_MAX);
      }
    }
    expect(hasKey(locale, 'trl:level.10.title')).toBe(false);
  });
});

describe('self-assessment v1', () => {
  const def = definitionVersion('self-assessment', 1);
  const byId = new Map(allQuestions(def).map((q) => [q.id, q]));

  it('makes "not now" and "not implemented" exclusive', () => {
    const exclusive = (qid: string) => {
      const q = byId.get(qid)!;
      return 'options' in q ? q.options.filter((o) => o.exclusive).map((o) => o.id) : [];
    };
    expect(exclusive('transformationIntention')).toEqual(['notNow']);
    expect(exclusive('implementationStatus')).toEqual(['notImplemented']);
  });

  it('asks for the stability analysis only for utility models and designs', () => {
    expect(byId.get('evaluationReport')!.showIf).toEqual({
      context: 'patentType',
      in: ['UTILITY_MODEL', 'DESIGN'],
    });
  });

  it('asks the licensing questions only when licensing is an option', () => {
    for (const qid of ['licenceType', 'openLicence']) {
      const refs = JSON.stringify(byId.get(qid)!.showIf);
      expect(refs).toContain('"includes":"licence"');
      expect(refs).toContain('"includes":"notNow"');
    }
  });

  it('shares the team-level answers in bulk and keeps per-patent facts per patent', () => {
    expect(def.sharedInBulk).toEqual(
      expect.arrayContaining(['governmentFunded', 'transformationIntention', 'contactConsent']),
    );
    for (const perPatent of ['trl', 'applicationScenarios', 'implementationStatus', 'evaluationReport'])
      expect(def.sharedInBulk).not.toContain(perPatent);
  });
});

describe('enterprise evaluation v1', () => {
  const def = definitionVersion('enterprise-evaluation', 1);
  const byId = new Map(allQuestions(def).map((q) => [q.id, q]));

  it('shares nothing in bulk', () => {
    expect(def.sharedInBulk).toEqual([]);
  });

  it('asks for decline reasons only when no cooperation is wanted', () => {
    expect(byId.get('declineReasons')!.showIf).toEqual({ answer: 'cooperation', includes: 'none' });
    const none = (
      byId.get('cooperation') as Extract<
        QuestionnaireDefinition['sections'][number]['questions'][number],
        { type: 'multi_choice' }
      >
    ).options.find((o) => o.id === 'none');
    expect(none?.exclusive).toBe(true);
  });
});

describe('the schema rejects bad branching', () => {
  const base = (questions: unknown[]) => ({
    id: 'bad',
    version: 1,
    title: 'self-assessment:title',
    sections: [{ id: 'only', title: 'self-assessment:title', questions }],
  });
  const yesNo = (id: string, showIf?: Condition) => ({
    id,
    type: 'yes_no',
    label: 'self-assessment:title',
    ...(showIf ? { showIf } : {}),
  });

  it('rejects a condition on a later question', () => {
    expect(() =>
      defineQuestionnaire(
        base([yesNo('first', { answer: 'second', equals: true }), yesNo('second')]) as never,
      ),
    ).toThrow(/must refer to an earlier question/);
  });

  it('rejects a condition on the question itself', () => {
    expect(() =>
      defineQuestionnaire(base([yesNo('first', { answer: 'first', answered: true })]) as never),
    ).toThrow(/earlier question/);
  });

  it('rejects a condition on an unknown question, even nested', () => {
    expect(() =>
      defineQuestionnaire(
        base([
          yesNo('first'),
          yesNo('second', { all: [{ not: { answer: 'ghost', equals: true } }] }),
        ]) as never,
      ),
    ).toThrow(/unknown question ghost/);
  });

  it('rejects sharing an unknown question in bulk', () => {
    expect(() =>
      defineQuestionnaire({ ...base([yesNo('first')]), sharedInBulk: ['ghost'] } as never),
    ).toThrow(/sharedInBulk names unknown ghost/);
  });

  it('rejects a number question without both bounds, or with bounds it cannot hold exactly', () => {
    const price = (extra: object) => ({
      id: 'price',
      type: 'number',
      label: 'self-assessment:title',
      ...extra,
    });
    expect(() => defineQuestionnaire(base([price({ min: 0 })]) as never)).toThrow(/max/);
    expect(() => defineQuestionnaire(base([price({ min: 5, max: 1 })]) as never)).toThrow(/min is above max/);
    expect(() => defineQuestionnaire(base([price({ min: 0, max: 1e15 })]) as never)).toThrow(/not exact/);
    expect(() =>
      defineQuestionnaire(base([price({ min: 0, max: 1e15, integer: true })]) as never),
    ).not.toThrow();
  });

  it('accepts the same questions in the right order', () => {
    expect(() =>
      defineQuestionnaire(
        base([yesNo('first'), yesNo('second', { answer: 'first', equals: true })]) as never,
      ),
    ).not.toThrow();
  });
});
