// The inventor's self-assessment of one patent: the items universities annotate on the national platform
// during the Working Plan's inventory (government funding, implementation status, maturity, value grade,
// application scenarios, transformation intention) plus what the plan asks for before transformation
// (licence type, fee modes, open licence, stability analysis for utility models and designs).
// Option ids are stored in answers: rename labels freely, never rename ids of a published version.

import { type Condition, defineQuestionnaire } from '../definition.ts';
import { definitionKeys } from '../definition-keys.ts';

const { k, q, opt } = definitionKeys('self-assessment:');

const intention = (includes: string): Condition => ({ answer: 'transformationIntention', includes });
/** "Not now" is exclusive, so it cannot coexist with another method; checked anyway so that a channel
 *  which fails to enforce exclusivity still skips the licensing questions. */
const notNow: Condition = { not: intention('notNow') };
const implemented: Condition = {
  all: [
    { answer: 'implementationStatus', answered: true },
    { not: { answer: 'implementationStatus', includes: 'notImplemented' } },
  ],
};
const tradesTheRight: Condition = {
  all: [{ any: [intention('transfer'), intention('licence'), intention('equity')] }, notNow],
};
const licensing: Condition = { all: [intention('licence'), notNow] };

export const selfAssessmentV1 = defineQuestionnaire({
  id: 'self-assessment',
  version: 1,
  title: k('title'),
  intro: k('intro'),
  // Bulk mode groups patents that come from the same project or team. What such patents share is the
  // team's situation and wishes: funding source, transformation intention and its terms (licence type,
  // fee modes, open licence) and consent to be contacted. Everything that describes the patent itself
  // stays per patent: implementation, maturity (TRL), value grade, stability report (depends on the
  // patent type), application scenarios, prospects, price and remarks.
  sharedInBulk: [
    'governmentFunded',
    'transformationIntention',
    'licenceType',
    'openLicence',
    'feeModes',
    'contactConsent',
  ],
  sections: [
    {
      id: 'origin',
      title: k('section.origin.title'),
      questions: [
        { ...q('governmentFunded'), type: 'yes_no' },
        {
          ...q('implementationStatus'),
          type: 'multi_choice',
          options: [
            { ...opt('implementationStatus', 'notImplemented', true), exclusive: true },
            opt('implementationStatus', 'selfImplemented', true),
            opt('implementationStatus', 'licensed', true),
            opt('implementationStatus', 'transferred', true),
            opt('implementationStatus', 'equity', true),
            opt('implementationStatus', 'industrialized', true),
          ],
        },
        {
          ...q('implementationDetail'),
          type: 'text',
          multiline: true,
          minLength: 2,
          maxLength: 500,
          showIf: implemented,
        },
      ],
    },
    {
      id: 'value',
      title: k('section.value.title'),
      questions: [
        { ...q('trl'), type: 'trl' },
        {
          ...q('valueGrade'),
          type: 'single_choice',
          options: ['good', 'fairlyGood', 'average', 'poor'].map((id) => opt('valueGrade', id, true)),
        },
        {
          ...q('evaluationReport'),
          type: 'single_choice',
          showIf: { context: 'patentType', in: ['UTILITY_MODEL', 'DESIGN'] },
          options: [
            opt('evaluationReport', 'obtained'),
            opt('evaluationReport', 'inProgress'),
            opt('evaluationReport', 'willing'),
            opt('evaluationReport', 'notNow'),
          ],
        },
        {
          ...q('evaluationConclusion'),
          type: 'single_choice',
          showIf: {
            all: [
              { context: 'patentType', in: ['UTILITY_MODEL', 'DESIGN'] },
              { answer: 'evaluationReport', equals: 'obtained' },
            ],
          },
          options: [
            opt('evaluationConclusion', 'allValid', true),
            opt('evaluationConclusion', 'partlyValid', true),
            opt('evaluationConclusion', 'noneValid', true),
          ],
        },
      ],
    },
    {
      id: 'market',
      title: k('section.market.title'),
      questions: [
        {
          ...q('applicationScenarios'),
          type: 'multi_choice',
          // At most ten options: Slack checkbox groups hold ten. Eight of the nine strategic emerging
          // industries (CNIPA concordance; "related services" means little to an inventor), traditional
          // industries, other.
          options: [
            opt('applicationScenarios', 'informationTechnology', true),
            opt('applicationScenarios', 'advancedEquipment', true),
            opt('applicationScenarios', 'newMaterials', true),
            opt('applicationScenarios', 'biotech', true),
            opt('applicationScenarios', 'newEnergyVehicles', true),
            opt('applicationScenarios', 'newEnergy', true),
            opt('applicationScenarios', 'energySavingEnvironmental', true),
            opt('applicationScenarios', 'digitalCreative', true),
            opt('applicationScenarios', 'traditionalIndustries', true),
            opt('applicationScenarios', 'other'),
          ],
        },
        {
          ...q('scenarioOther'),
          type: 'text',
          minLength: 2,
          maxLength: 200,
          showIf: { answer: 'applicationScenarios', includes: 'other' },
        },
        {
          ...q('scenarioDescription'),
          type: 'text',
          required: false,
          multiline: true,
          maxLength: 500,
        },
        {
          ...q('industrializationProspects'),
          type: 'scale',
          minLabel: k('q.industrializationProspects.min'),
          maxLabel: k('q.industrializationProspects.max'),
        },
      ],
    },
    {
      id: 'intention',
      title: k('section.intention.title'),
      questions: [
        {
          ...q('transformationIntention'),
          type: 'multi_choice',
          options: [
            opt('transformationIntention', 'transfer', true),
            opt('transformationIntention', 'licence', true),
            opt('transformationIntention', 'equity', true),
            opt('transformationIntention', 'selfImplementation', true),
            opt('transformationIntention', 'industrialization', true),
            { ...opt('transformationIntention', 'notNow', true), exclusive: true },
          ],
        },
        {
          ...q('licenceType'),
          type: 'single_choice',
          showIf: licensing,
          options: [
            opt('licenceType', 'ordinary', true),
            opt('licenceType', 'sole', true),
            opt('licenceType', 'exclusive', true),
          ],
        },
        {
          ...q('openLicence'),
          type: 'single_choice',
          showIf: licensing,
          options: [opt('openLicence', 'yes'), opt('openLicence', 'no'), opt('openLicence', 'undecided')],
        },
        {
          ...q('feeModes'),
          type: 'multi_choice',
          showIf: tradesTheRight,
          options: [
            opt('feeModes', 'upfrontPlusRoyalty', true),
            opt('feeModes', 'deferred', true),
            opt('feeModes', 'lumpSum', true),
            opt('feeModes', 'instalments', true),
          ],
        },
        {
          ...q('expectedPrice'),
          type: 'number',
          required: false,
          unit: k('unit.tenThousandYuan'),
          // Up to 10 billion yuan, to the hundred yuan: far above any patent deal, exact as stored.
          min: 0,
          max: 1_000_000,
          decimals: 2,
          showIf: tradesTheRight,
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

const declaresOpenLicence: Condition = { all: [licensing, { answer: 'openLicence', equals: 'yes' }] };
const openFee = (mode: string): Condition => ({
  all: [declaresOpenLicence, { answer: 'openLicenceFeeMode', equals: mode }],
});

/**
 * Version 2: an inventor willing to declare an open licence states its terms, as the declaration to
 * CNIPA must (art. 50: the fee's mode and standard): free, a one-off fee, or a royalty on a base.
 * Everything else is version 1's.
 */
const openLicenceTerms = [
  {
    ...q('openLicenceFeeMode'),
    type: 'single_choice' as const,
    showIf: declaresOpenLicence,
    options: [
      opt('openLicenceFeeMode', 'free'),
      opt('openLicenceFeeMode', 'oneOff'),
      opt('openLicenceFeeMode', 'royalty'),
    ],
  },
  {
    ...q('openLicenceAmount'),
    type: 'number' as const,
    unit: k('unit.tenThousandYuan'),
    min: 0.01,
    max: 1_000_000,
    decimals: 2,
    showIf: openFee('oneOff'),
  },
  {
    ...q('openLicenceRoyaltyPercent'),
    type: 'number' as const,
    unit: k('unit.percent'),
    min: 0.01,
    max: 100,
    decimals: 2,
    showIf: openFee('royalty'),
  },
  {
    ...q('openLicenceRoyaltyBase'),
    type: 'text' as const,
    minLength: 2,
    maxLength: 100,
    showIf: openFee('royalty'),
  },
  {
    ...q('openLicenceTermYears'),
    type: 'number' as const,
    required: false,
    unit: k('unit.years'),
    min: 1,
    max: 20,
    integer: true,
    showIf: declaresOpenLicence,
  },
];

export const selfAssessmentV2 = defineQuestionnaire({
  ...selfAssessmentV1,
  version: 2,
  sharedInBulk: [...selfAssessmentV1.sharedInBulk, 'openLicenceFeeMode'],
  // A page of their own, right after the intention: a Slack modal page holds at most eight fields.
  sections: selfAssessmentV1.sections.flatMap((section) =>
    section.id === 'intention'
      ? [
          section,
          { id: 'openLicenceTerms', title: k('section.openLicenceTerms.title'), questions: openLicenceTerms },
        ]
      : [section],
  ),
});
