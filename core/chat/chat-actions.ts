// The chat's own buttons, whatever the feature: the menu, help, language, "open as a form", and the
// questionnaire engine's inputs (answers, toggles, back, skip, review, submit).
import type { EngineInput } from '../questionnaire/engine.ts';
import { defineButton } from './buttons.ts';

export const menuAction = defineButton('m');
export const helpAction = defineButton('h');
export const langAction = defineButton<{ locale: string }>('l', {
  encode: (p) => p.locale,
  decode: (tail) => (/^[a-zA-Z-]{2,10}$/.test(tail) ? { locale: tail } : null),
});
/** Open the active questionnaire's current page as a form (platforms with forms). */
export const formAction = defineButton('f');

const SIMPLE_ENGINE_INPUTS = ['start', 'skip', 'back', 'review', 'submit'] as const;
const ID = /^[a-zA-Z][\w]{0,40}$/;

/** An input to the active questionnaire: `q:a:<question>:<value>`, `q:t:…`, `q:ok:…`, `q:e:…`, `q:back`… */
export const questionAction = defineButton<{ input: EngineInput }>('q', {
  encode: ({ input }) => {
    switch (input.type) {
      case 'answer':
        return `a:${input.questionId ?? ''}:${String(input.value)}`;
      case 'toggle':
        return `t:${input.questionId}:${input.optionId}`;
      case 'confirm':
        return `ok:${input.questionId}`;
      case 'edit':
        return `e:${input.questionId}`;
      default:
        return input.type;
    }
  },
  decode: (tail) => {
    const parts = tail.split(':');
    const [kind, questionId = '', ...valueParts] = parts;
    const value = valueParts.join(':');
    if ((SIMPLE_ENGINE_INPUTS as readonly string[]).includes(kind ?? '') && parts.length === 1) {
      return { input: { type: kind as (typeof SIMPLE_ENGINE_INPUTS)[number] } };
    }
    if (!ID.test(questionId)) return null;
    switch (kind) {
      case 'a':
        return value.length > 0 && value.length <= 20
          ? { input: { type: 'answer', questionId, value } }
          : null;
      case 't':
        return ID.test(value) ? { input: { type: 'toggle', questionId, optionId: value } } : null;
      case 'ok':
        return parts.length === 2 ? { input: { type: 'confirm', questionId } } : null;
      case 'e':
        return parts.length === 2 ? { input: { type: 'edit', questionId } } : null;
      default:
        return null;
    }
  },
});
