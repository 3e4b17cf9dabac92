// Enterprises in the chat: registration (`/register`, and `/start register` from the public link,
// see core/chat/chat-service.ts), the administrator's profile (`/profile`, dispatched by role in
// core/experts/routes.ts), and the bureau's verification (the Verify button of the "new enterprise"
// message, `/enterprises` for those still waiting).
//
// The enterprises folder: enterprises.ts (use cases), fields.ts (what each field accepts),
// industries.ts (the nine strategic emerging industries), import.ts (a bureau's list), join.ts (an
// unknown account becomes a person); actions.ts, questionnaire.ts, wizard.ts, register-chat.ts,
// profile-chat.ts, review-chat.ts (the chat); messages.ts (delivery kinds); describe.ts.
import type { ChatContext } from '../chat/context.ts';
import { menuButton, say } from '../chat/context.ts';
import { IDLE } from '../chat/conversation.ts';
import { type ChatFeature, on } from '../chat/routes.ts';
import {
  type EnterpriseWizardStep,
  enterpriseListAction,
  enterpriseRejectAction,
  enterpriseRejectConfirmAction,
  enterpriseVerifyAction,
  enterpriseWizardAction,
} from './actions.ts';
import { ipcPickerButtons } from './ipc-picker-chat.ts';
import { REGISTER_COMMAND } from './join.ts';
import { continueProfile, openProfileForm, startProfile, submitProfileForm } from './profile-chat.ts';
import {
  continueRegistration,
  openRegistrationForm,
  startRegistration,
  submitRegistrationForm,
} from './register-chat.ts';
import { askReject, listPending, rejectFromChat, verifyFromChat } from './review-chat.ts';

async function wizardStep(ctx: ChatContext, step: EnterpriseWizardStep) {
  if (step === 'register') return startRegistration(ctx);
  if (step === 'profile') return startProfile(ctx);
  const flow = ctx.conversation.state.flow;
  if (flow === 'enterprise-register' || flow === 'enterprise-profile') await ctx.conversation.set(IDLE);
  return [{ text: say(ctx, 'enterprises:wizard.cancelled'), buttons: [[menuButton(ctx)]] }];
}

export const enterprisesChat: ChatFeature = {
  buttons: [
    on(enterpriseVerifyAction, (ctx, { enterpriseId }) => verifyFromChat(ctx, enterpriseId)),
    on(enterpriseRejectAction, (ctx, { enterpriseId }) => askReject(ctx, enterpriseId)),
    on(enterpriseRejectConfirmAction, (ctx, { enterpriseId }) => rejectFromChat(ctx, enterpriseId)),
    on(enterpriseWizardAction, (ctx, { step }) => wizardStep(ctx, step)),
    on(enterpriseListAction, (ctx) => listPending(ctx)),
    ...ipcPickerButtons,
  ],
  commands: {
    [REGISTER_COMMAND]: (ctx) => startRegistration(ctx),
    enterprises: (ctx) => listPending(ctx),
  },
  flows: {
    'enterprise-register': {
      input: continueRegistration,
      openForm: openRegistrationForm,
      submitForm: submitRegistrationForm,
    },
    'enterprise-profile': {
      input: continueProfile,
      openForm: openProfileForm,
      submitForm: submitProfileForm,
    },
  },
};
