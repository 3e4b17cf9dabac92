// Buttons of roadshows: answering an invitation, the calendar file, "interested in this patent", and
// the coordinator's creation wizard (its steps, a featured patent ticked or unticked, confirmation).
import { defineButton, idParam, isUuid, letterCodes } from '../chat/buttons.ts';

const ANSWERS = letterCodes<'YES' | 'NO' | 'MAYBE'>({ Y: 'YES', N: 'NO', M: 'MAYBE' });

export const rsvpAction = defineButton<{ roadshowId: string; answer: 'YES' | 'NO' | 'MAYBE' }>('rv', {
  encode: (p) => `${ANSWERS.letter(p.answer)}:${p.roadshowId}`,
  decode: (tail) => {
    const answer = ANSWERS.value(tail[0]);
    const roadshowId = tail.slice(2);
    return answer && tail[1] === ':' && isUuid(roadshowId) ? { roadshowId, answer } : null;
  },
});
export const calendarAction = defineButton('rc', idParam('roadshowId'));
export const interestAction = defineButton('ri', idParam('patentId'));

const WIZARD_STEPS = letterCodes({
  n: 'new',
  d: 'patentsDone',
  c: 'clearFilter',
  e: 'edit',
  x: 'cancel',
} as const);
export type RoadshowWizardStep = 'new' | 'patentsDone' | 'clearFilter' | 'edit' | 'cancel';

export const roadshowStepAction = defineButton<{ step: RoadshowWizardStep }>('rw', {
  encode: (p) => WIZARD_STEPS.letter(p.step),
  decode: (tail) => {
    const step = WIZARD_STEPS.value(tail);
    return step ? { step } : null;
  },
});
export const roadshowPickAction = defineButton('rp', idParam('patentId'));
export const roadshowConfirmAction = defineButton('rk', idParam('roadshowId'));
