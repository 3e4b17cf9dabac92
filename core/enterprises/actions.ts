// Buttons of enterprises: the bureau's one-tap verification of a registered enterprise (and its
// rejection, confirmed by a second tap), and the registration and profile wizards' own steps,
// among them the IPC picker's.
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

/** What an IPC picker message shows: a level of the hierarchy (a page of it), search results, the list. */
export type IpcView = { kind: 'browse'; code: string; page: number } | { kind: 'search' } | { kind: 'list' };

/** The IPC picker at the IPC question (ipc-picker.ts): open a view, tick a subclass, clear, finish. */
export type EnterpriseIpcStep =
  | { op: 'view'; view: IpcView }
  | { op: 'toggle'; code: string; view: IpcView }
  | { op: 'clear'; view: IpcView }
  | { op: 'done' }
  /** Back to the question itself. */
  | { op: 'question' };

const IPC_CODE = /^[A-H](\d{2}[A-Z]?)?$/;

const encodeView = (view: IpcView) =>
  view.kind === 'browse' ? `b.${view.code}.${view.page}` : view.kind === 'search' ? 's' : 'l';

function decodeView(text: string | undefined): IpcView | null {
  if (text === 's') return { kind: 'search' };
  if (text === 'l') return { kind: 'list' };
  const m = /^b\.([A-H0-9]{0,4})\.(\d{1,3})$/.exec(text ?? '');
  if (!m || (m[1] !== '' && !IPC_CODE.test(m[1]!))) return null;
  return { kind: 'browse', code: m[1]!, page: Number(m[2]) };
}

/** `eni:v:b.H01.0`, `eni:t:H01M:b.H01.0`, `eni:c:s`, `eni:d`, `eni:q`: ids only, well under 64 bytes. */
export const enterpriseIpcAction = defineButton<EnterpriseIpcStep>('eni', {
  encode: (p) => {
    switch (p.op) {
      case 'view':
        return `v:${encodeView(p.view)}`;
      case 'toggle':
        return `t:${p.code}:${encodeView(p.view)}`;
      case 'clear':
        return `c:${encodeView(p.view)}`;
      case 'done':
        return 'd';
      case 'question':
        return 'q';
    }
  },
  decode: (tail) => {
    const [op, first, second] = tail.split(':');
    if (op === 'd' && first === undefined) return { op: 'done' };
    if (op === 'q' && first === undefined) return { op: 'question' };
    if (op === 'v' || op === 'c') {
      const view = second === undefined ? decodeView(first) : null;
      return view ? { op: op === 'v' ? 'view' : 'clear', view } : null;
    }
    if (op === 't' && first && /^[A-H]\d{2}[A-Z]$/.test(first)) {
      const view = decodeView(second);
      return view ? { op: 'toggle', code: first, view } : null;
    }
    return null;
  },
});
