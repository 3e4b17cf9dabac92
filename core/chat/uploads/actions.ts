// Buttons of the upload dispatcher: the kind of list a file is, chosen by the person when its header
// row fits several (the kind is checked against the composed kinds when pressed).
import { defineButton } from '../buttons.ts';

export const uploadKindAction = defineButton<{ kind: string }>('uk', {
  encode: (p) => p.kind,
  decode: (tail) => (/^[a-z-]{1,24}$/.test(tail) ? { kind: tail } : null),
});
