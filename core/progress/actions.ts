// The coordinator's progress overview (the entry to screening, import and export), and the
// province's progress as a bureau officer reads it (what /progress shows).
import { defineButton } from '../chat/buttons.ts';

export const coordinatorOverviewAction = defineButton('co');
/** The same overview as /progress: the province's institutions for a bureau officer. */
export const progressAction = defineButton('pg');
