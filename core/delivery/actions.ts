// The administrators' dead-letter buttons (/deadletters, dead-letters-chat.ts): list them again,
// retry or close one, retry all. The ids are checked again on every press (an open dead letter, an
// administrator pressing).
import { defineButton, idParam } from '../chat/buttons.ts';

/** Lists the open dead letters (again). */
export const deadLettersAction = defineButton('dl');
/** Queues one dead letter again. */
export const deadLetterRetryAction = defineButton('dr', idParam('deliveryId'));
/** Queues every open dead letter again. */
export const deadLettersRetryAllAction = defineButton('dra');
/** Closes one dead letter without sending it. */
export const deadLetterResolveAction = defineButton('dz', idParam('deliveryId'));
