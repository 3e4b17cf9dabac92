// The coordinator's progress overview (the entry to screening, import and export).
import { defineButton } from '../chat/buttons.ts';

export const coordinatorOverviewAction = defineButton('co');
