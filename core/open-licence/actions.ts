// Open-licence buttons: an enterprise sees the terms and confirms its claim; a coordinator
// releases a declaration, confirms a fee, lists and exports the institution's declarations.
import { defineButton, idParam } from '../chat/buttons.ts';

/** Enterprise: the declared terms with a confirm button. */
export const openLicenceOfferAction = defineButton('olv', idParam('patentId'));
/** Enterprise: confirms the claim (art. 51 notice). */
export const openLicenceClaimAction = defineButton('olc', idParam('patentId'));
/** Coordinator: releases the declaration to enterprises. */
export const openLicenceReleaseAction = defineButton('olr', idParam('patentId'));
/** Coordinator: the utility model's or design's patent-right evaluation report has been obtained. */
export const openLicenceReportAction = defineButton('olp', idParam('patentId'));
/** Coordinator: the licence fee of a claim was received; records the deal. */
export const openLicenceFeeAction = defineButton('olf', idParam('claimId'));
/** Coordinator: the institution's declarations and claims. */
export const openLicenceListAction = defineButton('oll');
/** Coordinator: the declarations as an XLSX in the layout the bureau collects. */
export const openLicenceExportAction = defineButton('ole');
