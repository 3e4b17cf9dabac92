// Registering an institution in chat, as questionnaire data run by the same engine as the
// assessments: one question at a time with back, skip, review and edit in Telegram and the terminal,
// a page per section as a Slack modal. What the question types cannot judge (the code's form and
// uniqueness, the credit code's check character, a GB/T 2260 province and city, the college lines)
// is checked as typed by register-chat.ts with fields.ts.
import { defineQuestionnaire } from '../questionnaire/definition.ts';
import { definitionKeys } from '../questionnaire/definition-keys.ts';

const { k, q } = definitionKeys('institutions:');

/** Option ids of the kind question → the stored kinds. */
export const KIND_OPTIONS = {
  university: 'UNIVERSITY',
  researchInstitute: 'RESEARCH_INSTITUTE',
  hospital: 'HOSPITAL',
} as const;

export const institutionRegistrationV1 = defineQuestionnaire({
  id: 'institution-registration',
  version: 1,
  title: k('register.title'),
  sections: [
    {
      id: 'identity',
      title: k('section.identity'),
      questions: [
        { ...q('nameZh'), type: 'text', minLength: 2, maxLength: 100 },
        { ...q('nameEn'), type: 'text', minLength: 2, maxLength: 200 },
        { ...q('code'), type: 'text', minLength: 2, maxLength: 40 },
        {
          ...q('kind'),
          type: 'single_choice',
          options: Object.keys(KIND_OPTIONS).map((id) => ({ id, label: k(`q.kind.${id}`) })),
        },
        { ...q('creditCode'), type: 'text', maxLength: 40 },
      ],
    },
    {
      id: 'place',
      title: k('section.place'),
      questions: [
        { ...q('province'), type: 'text', maxLength: 40 },
        // Left out for 北京, 天津, 上海, 重庆 (the municipality is its own city); required otherwise.
        { ...q('city'), type: 'text', maxLength: 40, required: false },
      ],
    },
    {
      id: 'colleges',
      title: k('section.colleges'),
      questions: [{ ...q('colleges'), type: 'text', maxLength: 4000, multiline: true, required: false }],
    },
  ],
});
