// The registration and profile questions as questionnaire data, run by the same engine as the
// assessments and the roadshow wizard: one question at a time with back, skip, review and edit in
// Telegram and the terminal, a page per section as a Slack modal. What the question types cannot
// judge (the credit code's check character, a GB/T 2260 region, IPC symbols, keywords) is checked
// as typed by core/enterprises/fields.ts through register-chat.ts.
import { defineQuestionnaire } from '../questionnaire/definition.ts';
import { definitionKeys } from '../questionnaire/definition-keys.ts';
import { ENTERPRISE_TYPES, KEYWORDS_MAX, NAME_MAX, NEEDS_MAX, typeOptionId } from './fields.ts';
import { INDUSTRY_CODES } from './industries.ts';

const { k, q } = definitionKeys('enterprises:');

const typeOptions = ENTERPRISE_TYPES.map((type) => ({ id: typeOptionId(type), label: k(`type.${type}`) }));
const industryOptions = INDUSTRY_CODES.map((code) => ({ id: code, label: k(`industry.${code}`) }));

/** The needs profile: asked at registration and edited with /profile. */
const profileSections = [
  {
    id: 'business',
    title: k('section.business'),
    questions: [
      { ...q('types'), type: 'multi_choice' as const, options: typeOptions, required: false },
      { ...q('industries'), type: 'multi_choice' as const, options: industryOptions, required: false },
    ],
  },
  {
    id: 'needs',
    title: k('section.needs'),
    questions: [
      { ...q('ipcInterests'), type: 'text' as const, maxLength: 300, required: false },
      { ...q('keywords'), type: 'text' as const, maxLength: KEYWORDS_MAX * 31, required: false },
      { ...q('needs'), type: 'text' as const, maxLength: NEEDS_MAX, multiline: true, required: false },
    ],
  },
];

/** Context `newPerson`: the registrant joined through the registration and is asked their name. */
export const enterpriseRegistrationV1 = defineQuestionnaire({
  id: 'enterprise-registration',
  version: 1,
  title: k('register.title'),
  sections: [
    {
      id: 'registrant',
      title: k('section.registrant'),
      questions: [
        {
          ...q('personName'),
          type: 'text',
          minLength: 1,
          maxLength: 60,
          showIf: { context: 'newPerson', equals: true },
        },
      ],
    },
    {
      id: 'identity',
      title: k('section.identity'),
      questions: [
        { ...q('name'), type: 'text', minLength: 2, maxLength: NAME_MAX },
        { ...q('creditCode'), type: 'text', maxLength: 40 },
        { ...q('region'), type: 'text', maxLength: 60 },
      ],
    },
    ...profileSections,
  ],
});

export const enterpriseProfileV1 = defineQuestionnaire({
  id: 'enterprise-profile',
  version: 1,
  title: k('profile.title'),
  sections: profileSections,
});
