// Buttons of the inventory: a person's patent list and one patent (inventors and enterprises), the
// coordinator's import help, and the choice among namesakes when an imported inventor is ambiguous.
import { defineButton, idParam, isUuid, pageParam } from '../chat/buttons.ts';

export const patentsAction = defineButton('pl', pageParam('page'));
export const patentAction = defineButton('p', idParam('patentId'));
export const importHelpAction = defineButton('ih');

/** An ambiguous inventor name: `choice` indexes the name's candidates, recomputed on use. */
export const linkInventorAction = defineButton<{ patentId: string; position: number; choice: number }>('li', {
  encode: (p) => `${p.position}:${p.choice}:${p.patentId}`,
  decode: (tail) => {
    const m = /^(\d{1,2}):(\d):(.+)$/.exec(tail);
    return m && isUuid(m[3]!) ? { position: Number(m[1]), choice: Number(m[2]), patentId: m[3]! } : null;
  },
});
