// Buttons of the questionnaires about a patent: the inventor's self-assessment (one patent or a bulk
// group), the enterprise's evaluation, and the inventor reading the enterprises' evaluations.
import { defineButton, idParam } from '../chat/buttons.ts';

export const assessAction = defineButton('sa', idParam('patentId'));
export const evaluateAction = defineButton('ev', idParam('patentId'));
export const bulkAction = defineButton('b');
/** An IPC subclass group ("H01M"), "DESIGN", or "manual" (pick by hand). */
export const bulkGroupAction = defineButton<{ key: string }>('bg', {
  encode: (p) => p.key,
  decode: (tail) => (/^[\w-]{1,40}$/.test(tail) ? { key: tail } : null),
});
export const bulkPickAction = defineButton('bp', idParam('patentId'));
export const bulkStartAction = defineButton('bs');
/** An inventor reads the enterprises' evaluations of their patent. */
export const feedbackAction = defineButton('fb', idParam('patentId'));
