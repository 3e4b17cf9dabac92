// Buttons of screening: a coordinator's queue at a level, one submission, a decision, and the
// confirmation that screens a patent out.
import type { ScreeningLevel } from '../../prisma/generated/client.ts';
import { defineButton, idParam, isUuid, letterCodes } from '../chat/buttons.ts';

const LEVELS = letterCodes<ScreeningLevel>({ C: 'COLLEGE', U: 'UNIVERSITY' });
const OUTCOMES = letterCodes<'APPROVED' | 'RETURNED' | 'SCREENED_OUT'>({
  A: 'APPROVED',
  R: 'RETURNED',
  X: 'SCREENED_OUT',
});

export const screenQueueAction = defineButton<{ level: ScreeningLevel; page: number }>('sq', {
  encode: (p) => `${LEVELS.letter(p.level)}:${p.page}`,
  decode: (tail) => {
    const m = /^([CU]):(\d{1,4})$/.exec(tail);
    const level = LEVELS.value(m?.[1]);
    return m && level ? { level, page: Number(m[2]) } : null;
  },
});
export const screenViewAction = defineButton('sv', idParam('patentId'));
export const screenDecideAction = defineButton<{
  outcome: 'APPROVED' | 'RETURNED' | 'SCREENED_OUT';
  patentId: string;
}>('sd', {
  encode: (p) => `${OUTCOMES.letter(p.outcome)}:${p.patentId}`,
  decode: (tail) => {
    const outcome = OUTCOMES.value(tail.slice(0, 1));
    const patentId = tail.slice(2);
    return outcome && tail[1] === ':' && isUuid(patentId) ? { outcome, patentId } : null;
  },
});
export const screenOutConfirmAction = defineButton('sx', idParam('patentId'));
