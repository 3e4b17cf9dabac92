// The coordinator's inventory export as a spreadsheet.
import { defineButton } from '../chat/buttons.ts';

export const exportInventoryAction = defineButton('ex');
