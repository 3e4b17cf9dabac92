// The coordinator's roadshow wizard as questionnaire data, run by the same engine as the assessments:
// one question at a time with review and edit in Telegram and the terminal, a page per section as a
// Slack modal. What the engine's types cannot say (a time in the coordinator's zone, an http(s)
// link, IPC prefixes, region codes) is checked by core/roadshows/create-fields.ts, and the
// featured patents, which are the institution's own data, are picked after the questions.
import { defineQuestionnaire } from '../questionnaire/definition.ts';
import { definitionKeys } from '../questionnaire/definition-keys.ts';

const { k, q } = definitionKeys('roadshow:create.');

export const roadshowCreateV1 = defineQuestionnaire({
  id: 'roadshow-create',
  version: 1,
  title: k('title'),
  sections: [
    {
      id: 'event',
      title: k('section.event'),
      questions: [
        { ...q('title'), type: 'text', minLength: 2, maxLength: 120 },
        { ...q('startsAt'), type: 'text', maxLength: 40 },
        { ...q('endsAt'), type: 'text', maxLength: 40, required: false },
        { ...q('location'), type: 'text', maxLength: 200, required: false },
        { ...q('onlineUrl'), type: 'text', maxLength: 500, required: false },
        { ...q('capacity'), type: 'number', integer: true, min: 1, max: 100_000, required: false },
      ],
    },
    {
      id: 'audience',
      title: k('section.audience'),
      questions: [
        { ...q('enterpriseIpc'), type: 'text', maxLength: 200, required: false },
        { ...q('regions'), type: 'text', maxLength: 200, required: false },
        { ...q('inventors'), type: 'yes_no' },
      ],
    },
  ],
});
