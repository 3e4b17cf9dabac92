// A commissioned expert's evaluation of one patent (core/expert-evaluation): technical maturity (TRL),
// novelty and the stability of the right (for utility models and designs, granted without
// substantive examination, what the patent-right evaluation report says), market prospects, the
// transformation route the expert suggests, a value grade A–E and comments. The grade is copied to
// the request on submission (exports, matching and digests read it there).
// Option ids are stored in answers: rename labels freely, never rename ids of a published version.

import { defineQuestionnaire } from '../definition.ts';
import { definitionKeys } from '../definition-keys.ts';

const { k, q, opt } = definitionKeys('expert-evaluation:');

/** The value grades, best first; option ids are their lower-case letters. */
export const VALUE_GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type ValueGrade = (typeof VALUE_GRADES)[number];

export const expertEvaluationV1 = defineQuestionnaire({
  id: 'expert-evaluation',
  version: 1,
  title: k('title'),
  intro: k('intro'),
  sharedInBulk: [],
  sections: [
    {
      id: 'technology',
      title: k('section.technology.title'),
      questions: [
        { ...q('trl'), type: 'trl' },
        {
          ...q('novelty'),
          type: 'scale',
          minLabel: k('q.novelty.min'),
          maxLabel: k('q.novelty.max'),
        },
        {
          ...q('rightStability'),
          type: 'single_choice',
          options: ['stable', 'fairlyStable', 'uncertain', 'weak'].map((id) =>
            opt('rightStability', id, true),
          ),
        },
        {
          ...q('evaluationReport'),
          type: 'single_choice',
          showIf: { context: 'patentType', in: ['UTILITY_MODEL', 'DESIGN'] },
          options: [
            opt('evaluationReport', 'favourable', true),
            opt('evaluationReport', 'partly', true),
            opt('evaluationReport', 'unfavourable', true),
            opt('evaluationReport', 'none', true),
          ],
        },
      ],
    },
    {
      id: 'market',
      title: k('section.market.title'),
      questions: [
        {
          ...q('marketProspects'),
          type: 'scale',
          minLabel: k('q.marketProspects.min'),
          maxLabel: k('q.marketProspects.max'),
        },
        {
          ...q('transformationRoute'),
          type: 'multi_choice',
          options: [
            opt('transformationRoute', 'licence'),
            opt('transformationRoute', 'openLicence'),
            opt('transformationRoute', 'transfer'),
            opt('transformationRoute', 'equity'),
            opt('transformationRoute', 'jointDevelopment'),
            opt('transformationRoute', 'furtherResearch'),
            { ...opt('transformationRoute', 'notYet'), exclusive: true },
          ],
        },
      ],
    },
    {
      id: 'conclusion',
      title: k('section.conclusion.title'),
      questions: [
        {
          ...q('valueGrade'),
          type: 'single_choice',
          options: VALUE_GRADES.map((grade) => opt('valueGrade', grade.toLowerCase(), true)),
        },
        { ...q('comments'), type: 'text', multiline: true, minLength: 5, maxLength: 1000 },
      ],
    },
  ],
});
