// Buttons of enterprises: the bureau's one-tap verification of a registered enterprise (and its
// rejection, confirmed by a second tap), and the registration and profile wizards' own steps.
import { defineButton, idParam, letterCodes } from '../chat/buttons.ts';

export const enterpriseVerifyAction = defineButton('env', idParam('enterpriseId'));
/** The enterprises waiting for verification (/enterprises). */
export const enterpriseListAction = defineButton('enl');
/** Asks to confirm the rejection … */
export const enterpriseRejectAction = defineButton('enr', idParam('enterpriseId'));
/** … which this button does. */
export const enterpriseRejectConfirmAction = defineButton('enx', idParam('enterpriseId'));

const WIZARD_STEPS = letterCodes({ x: 'cancel', p: 'profile', r: 'register' } as const);
export type EnterpriseWizardStep = 'cancel' | 'profile' | 'register';

export const enterpriseWizardAction = defineButton<{ step: EnterpriseWizardStep }>('enw', {
  encode: (p) => WIZARD_STEPS.letter(p.step),
  decode: (tail) => {
    const step = WIZARD_STEPS.value(tail);
    return step ? { step } : null;
  },
});
