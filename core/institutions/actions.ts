// Buttons of institutions in chat: the registration wizard's own steps (start, cancel) and the list.
import { defineButton, letterCodes } from '../chat/buttons.ts';

const STEPS = letterCodes({ r: 'register', x: 'cancel', l: 'list' } as const);
export type InstitutionWizardStep = 'register' | 'cancel' | 'list';

export const institutionWizardAction = defineButton<{ step: InstitutionWizardStep }>('inw', {
  encode: (p) => STEPS.letter(p.step),
  decode: (tail) => {
    const step = STEPS.value(tail);
    return step ? { step } : null;
  },
});
