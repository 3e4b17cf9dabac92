// An enterprise's evaluation of one patent, as the provincial plans ask: industrialization prospects,
// technical improvement needs and willingness for industry–university–research cooperation. A decline is
// one tap with structured reasons, so that universities learn why patents are passed over.
// Option ids are stored in answers: rename labels freely, never rename ids of a published version.

import { type Condition, defineQuestionnaire } from '../definition.ts';
import { definitionKeys } from '../definition-keys.ts';

const { k, q, opt } = definitionKeys('evaluation:');

const declines: Condition = { answer: 'cooperation', includes: 'none' };
const cooperates: Condition = { all: [{ answer: 'cooperation', answered: true }, { not: declines }] };

export const enterpriseEvaluationV1 = defineQuestionnaire({
  id: 'enterprise-evaluation',
  version: 1,
  title: k('title'),
  intro: k('intro'),
  // Each patent gets its own judgement: an enterprise evaluating several patents answers for each.
  sharedInBulk: [],
  sections: [
    {
      id: 'assessment',
      title: k('section.assessment.title'),
      questions: [
        {
          ...q('industrializationProspects'),
          type: 'scale',
          minLabel: k('q.industrializationProspects.min'),
          maxLabel: k('q.industrializationProspects.max'),
        },
        {
          ...q('scenarioFit'),
          type: 'scale',
          minLabel: k('q.scenarioFit.min'),
          maxLabel: k('q.scenarioFit.max'),
        },
        {
          ...q('improvementNeeds'),
          type: 'multi_choice',
          options: [
            opt('improvementNeeds', 'performance', true),
            opt('improvementNeeds', 'cost', true),
            opt('improvementNeeds', 'scaleUp', true),
            opt('improvementNeeds', 'reliability', true),
            opt('improvementNeeds', 'integration', true),
            opt('improvementNeeds', 'certification', true),
            opt('improvementNeeds', 'other'),
            { ...opt('improvementNeeds', 'none'), exclusive: true },
          ],
        },
        {
          ...q('improvementDetail'),
          type: 'text',
          required: false,
          multiline: true,
          maxLength: 500,
          showIf: {
            all: [
              { answer: 'improvementNeeds', answered: true },
              { not: { answer: 'improvementNeeds', includes: 'none' } },
            ],
          },
        },
      ],
    },
    {
      id: 'cooperation',
      title: k('section.cooperation.title'),
      questions: [
        {
          ...q('cooperation'),
          type: 'multi_choice',
          options: [
            opt('cooperation', 'licence', true),
            opt('cooperation', 'transfer', true),
            opt('cooperation', 'jointRnD', true),
            opt('cooperation', 'pilotTest', true),
            { ...opt('cooperation', 'none'), exclusive: true },
          ],
        },
        {
          ...q('declineReasons'),
          type: 'multi_choice',
          showIf: declines,
          options: [
            opt('declineReasons', 'tooEarly'),
            opt('declineReasons', 'benefitUnclear'),
            opt('declineReasons', 'routeUnclear'),
            opt('declineReasons', 'descriptionVague'),
            opt('declineReasons', 'outsideField'),
            opt('declineReasons', 'other'),
          ],
        },
        {
          ...q('declineOther'),
          type: 'text',
          minLength: 2,
          maxLength: 300,
          showIf: { all: [declines, { answer: 'declineReasons', includes: 'other' }] },
        },
        {
          ...q('expectedBudget'),
          type: 'number',
          required: false,
          unit: k('unit.tenThousandYuan'),
          // Up to 10 billion yuan, to the hundred yuan: far above any patent deal, exact as stored.
          min: 0,
          max: 1_000_000,
          decimals: 2,
          showIf: cooperates,
        },
      ],
    },
    {
      id: 'contact',
      title: k('section.contact.title'),
      questions: [
        { ...q('contactConsent'), type: 'yes_no' },
        { ...q('remarks'), type: 'text', required: false, multiline: true, maxLength: 500 },
      ],
    },
  ],
});
