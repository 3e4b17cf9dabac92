// The buttons of every feature under the names tests use ({ type: 'patent', patentId }), to press a
// button or to read which one a reply offers. The codecs themselves live in the features.
import {
  assessAction,
  bulkAction,
  bulkGroupAction,
  bulkPickAction,
  bulkStartAction,
  evaluateAction,
  feedbackAction,
} from '../../core/assessments/actions.ts';
import type { ButtonCodec } from '../../core/chat/buttons.ts';
import {
  formAction,
  helpAction,
  langAction,
  menuAction,
  questionAction,
} from '../../core/chat/chat-actions.ts';
import { chooseDealAction } from '../../core/deals/chat.ts';
import { attachContractAction, replaceContractAction } from '../../core/deals/contract-chat.ts';
import {
  deadLetterResolveAction,
  deadLetterRetryAction,
  deadLettersAction,
  deadLettersRetryAllAction,
} from '../../core/delivery/actions.ts';
import {
  enterpriseListAction,
  enterpriseRejectAction,
  enterpriseRejectConfirmAction,
  enterpriseVerifyAction,
  enterpriseWizardAction,
} from '../../core/enterprises/actions.ts';
import { exportInventoryAction } from '../../core/export/actions.ts';
import {
  importHelpAction,
  linkInventorAction,
  patentAction,
  patentsAction,
} from '../../core/inventory/actions.ts';
import { declineAction } from '../../core/matching/actions.ts';
import {
  openLicenceClaimAction,
  openLicenceExportAction,
  openLicenceFeeAction,
  openLicenceListAction,
  openLicenceOfferAction,
  openLicenceReleaseAction,
  openLicenceReportAction,
} from '../../core/open-licence/actions.ts';
import {
  forgetMeConfirmAction,
  myDataAction,
  personCardAction,
  personChangeAction,
  personChangeConfirmAction,
} from '../../core/people/actions.ts';
import { coordinatorOverviewAction, progressAction } from '../../core/progress/actions.ts';
import {
  calendarAction,
  interestAction,
  roadshowConfirmAction,
  roadshowPickAction,
  roadshowStepAction,
  rsvpAction,
} from '../../core/roadshows/actions.ts';
import {
  screenDecideAction,
  screenOutConfirmAction,
  screenQueueAction,
  screenViewAction,
} from '../../core/screening/actions.ts';

export const ACTIONS = {
  menu: menuAction,
  help: helpAction,
  lang: langAction,
  form: formAction,
  q: questionAction,
  patents: patentsAction,
  patent: patentAction,
  importHelp: importHelpAction,
  linkInventor: linkInventorAction,
  assess: assessAction,
  evaluate: evaluateAction,
  bulk: bulkAction,
  bulkGroup: bulkGroupAction,
  bulkPick: bulkPickAction,
  bulkStart: bulkStartAction,
  feedback: feedbackAction,
  coord: coordinatorOverviewAction,
  progress: progressAction,
  screenQueue: screenQueueAction,
  screenView: screenViewAction,
  screenDecide: screenDecideAction,
  screenOutConfirm: screenOutConfirmAction,
  exportInventory: exportInventoryAction,
  rsvp: rsvpAction,
  calendar: calendarAction,
  interest: interestAction,
  roadshowWizard: roadshowStepAction,
  roadshowPick: roadshowPickAction,
  roadshowConfirm: roadshowConfirmAction,
  decline: declineAction,
  enterpriseVerify: enterpriseVerifyAction,
  enterpriseReject: enterpriseRejectAction,
  enterpriseRejectConfirm: enterpriseRejectConfirmAction,
  enterpriseWizard: enterpriseWizardAction,
  enterpriseList: enterpriseListAction,
  myData: myDataAction,
  forgetMeConfirm: forgetMeConfirmAction,
  personCard: personCardAction,
  personChange: personChangeAction,
  personChangeConfirm: personChangeConfirmAction,
  deadLetters: deadLettersAction,
  deadLetterRetry: deadLetterRetryAction,
  deadLettersRetryAll: deadLettersRetryAllAction,
  deadLetterResolve: deadLetterResolveAction,
  openLicenceOffer: openLicenceOfferAction,
  openLicenceClaim: openLicenceClaimAction,
  openLicenceRelease: openLicenceReleaseAction,
  openLicenceReport: openLicenceReportAction,
  openLicenceFee: openLicenceFeeAction,
  openLicenceList: openLicenceListAction,
  openLicenceExport: openLicenceExportAction,
  chooseDeal: chooseDealAction,
  attachContract: attachContractAction,
  replaceContract: replaceContractAction,
} as const;

type Actions = typeof ACTIONS;
type ParamsOf<C> = C extends ButtonCodec<infer P> ? (P extends void ? unknown : P) : never;
export type ChatAction = { [K in keyof Actions]: { type: K } & ParamsOf<Actions[K]> }[keyof Actions];

export function encodeAction(action: ChatAction): string {
  const { type, ...params } = action;
  const codec = ACTIONS[type] as ButtonCodec<unknown>;
  return Object.keys(params).length > 0 ? codec.to(params) : (codec as ButtonCodec<void>).to();
}

/** Which button a wire id is, with its parameters; null when no feature's codec decodes it. */
export function decodeAction(raw: string): ChatAction | null {
  for (const [type, codec] of Object.entries(ACTIONS) as [keyof Actions, ButtonCodec<unknown>][]) {
    const params = codec.decode(raw);
    if (params !== null) return { type, ...(params ?? {}) } as ChatAction;
  }
  return null;
}
