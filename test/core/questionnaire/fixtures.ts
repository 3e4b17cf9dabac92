// A small questionnaire using every question type and every kind of branching.
import { defineQuestionnaire } from '../../../core/questionnaire/definition.ts';
import type { ParseEnv } from '../../../core/questionnaire/parsers/index.ts';

const LABELS: Record<string, string[]> = {
  'fx:opt.transfer': ['转让', 'Transfer'],
  'fx:opt.licence': ['许可', 'Licence'],
  'fx:opt.equity': ['作价入股', 'Equity investment'],
  'fx:opt.notNow': ['暂不转化', 'Not now'],
  'fx:opt.ordinary': ['普通许可', 'Ordinary licence'],
  'fx:opt.exclusive': ['独占许可', 'Exclusive licence'],
  'fx:opt.upfront': ['入门费+提成', 'Upfront fee plus royalty'],
  'fx:opt.lump': ['一次性支付', 'Lump sum'],
  'fx:unit.wan': ['万元', '10k CNY'],
};

export const testEnv: ParseEnv = {
  labels: (key) => LABELS[key] ?? [key],
  today: '2026-11-28',
};

export const fixtureV1 = defineQuestionnaire({
  id: 'fixture',
  version: 1,
  title: 'fx:title',
  sharedInBulk: ['funded', 'intention', 'licenceType'],
  sections: [
    {
      id: 'basics',
      title: 'fx:s.basics',
      questions: [
        { id: 'funded', type: 'yes_no', label: 'fx:q.funded' },
        { id: 'trl', type: 'trl', label: 'fx:q.trl' },
        { id: 'prospects', type: 'scale', label: 'fx:q.prospects', minLabel: 'fx:poor', maxLabel: 'fx:good' },
      ],
    },
    {
      id: 'transformation',
      title: 'fx:s.transformation',
      questions: [
        {
          id: 'intention',
          type: 'multi_choice',
          label: 'fx:q.intention',
          options: [
            { id: 'transfer', label: 'fx:opt.transfer' },
            { id: 'licence', label: 'fx:opt.licence' },
            { id: 'equity', label: 'fx:opt.equity' },
            { id: 'notNow', label: 'fx:opt.notNow', exclusive: true },
          ],
        },
        {
          id: 'licenceType',
          type: 'single_choice',
          label: 'fx:q.licenceType',
          showIf: { answer: 'intention', includes: 'licence' },
          options: [
            { id: 'ordinary', label: 'fx:opt.ordinary' },
            { id: 'exclusive', label: 'fx:opt.exclusive' },
          ],
        },
        {
          id: 'fees',
          type: 'multi_choice',
          label: 'fx:q.fees',
          showIf: { not: { answer: 'intention', includes: 'notNow' } },
          maxSelected: 1,
          options: [
            { id: 'upfront', label: 'fx:opt.upfront' },
            { id: 'lump', label: 'fx:opt.lump' },
          ],
        },
        {
          id: 'price',
          type: 'number',
          label: 'fx:q.price',
          unit: 'fx:unit.wan',
          min: 0,
          max: 100000,
          required: false,
          showIf: { answer: 'intention', answered: true },
        },
      ],
    },
    {
      id: 'other',
      title: 'fx:s.other',
      questions: [
        {
          id: 'stability',
          type: 'yes_no',
          label: 'fx:q.stability',
          showIf: { context: 'patentType', in: ['UTILITY_MODEL', 'DESIGN'] },
        },
        { id: 'since', type: 'date', label: 'fx:q.since', min: '2000-01-01', max: 'today', required: false },
        {
          id: 'staff',
          type: 'number',
          label: 'fx:q.staff',
          integer: true,
          min: 1,
          max: 100_000,
          required: false,
        },
        { id: 'remarks', type: 'text', label: 'fx:q.remarks', maxLength: 10, minLength: 2, required: false },
      ],
    },
  ],
});
