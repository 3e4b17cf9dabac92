// Open licence in the chat (core/open-licence/chat.ts): its buttons and /openlicence.
import { type ChatFeature, on } from '../chat/routes.ts';
import {
  openLicenceClaimAction,
  openLicenceExportAction,
  openLicenceFeeAction,
  openLicenceListAction,
  openLicenceOfferAction,
  openLicenceReleaseAction,
  openLicenceReportAction,
} from './actions.ts';
import {
  claim,
  exportDeclarations,
  feeReceived,
  listDeclarations,
  release,
  reportObtained,
  showOffer,
} from './chat.ts';

export const openLicenceChat: ChatFeature = {
  buttons: [
    on(openLicenceOfferAction, (ctx, { patentId }) => showOffer(ctx, patentId)),
    on(openLicenceClaimAction, (ctx, { patentId }) => claim(ctx, patentId)),
    on(openLicenceReleaseAction, (ctx, { patentId }) => release(ctx, patentId)),
    on(openLicenceReportAction, (ctx, { patentId }) => reportObtained(ctx, patentId)),
    on(openLicenceFeeAction, (ctx, { claimId }) => feeReceived(ctx, claimId)),
    on(openLicenceListAction, (ctx) => listDeclarations(ctx)),
    on(openLicenceExportAction, (ctx) => exportDeclarations(ctx)),
  ],
  commands: {
    openlicence: (ctx) => listDeclarations(ctx),
  },
};
