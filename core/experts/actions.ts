// Buttons of the expert's own profile (/profile, profile-chat.ts): show it, and edit one field.
import { defineButton, letterCodes } from '../chat/buttons.ts';
import type { ExpertProfileField } from './chat-state.ts';

/** The expert's profile, shown again (also "cancel" while a field waits for its answer). */
export const expertProfileAction = defineButton('xp');

const FIELDS = letterCodes({
  n: 'name',
  t: 'title',
  a: 'affiliation',
  r: 'region',
  i: 'ipc',
  k: 'keywords',
} as const satisfies Record<string, ExpertProfileField>);

/** Asks for a new value of one field; the next text is the answer. */
export const expertEditAction = defineButton<{ field: ExpertProfileField }>('xpe', {
  encode: (p) => FIELDS.letter(p.field),
  decode: (tail) => {
    const field = FIELDS.value(tail);
    return field ? { field } : null;
  },
});
