// Roadshows in the chat: answering invitations, the calendar file, interest in a featured patent,
// and the coordinator's creation wizard (/roadshow, its buttons, its questions and forms).
//
// The roadshows folder: roadshows.ts (create, audience, publish), rsvp.ts, calendar.ts,
// broadcast-progress.ts (domain); actions.ts, chat.ts and the wizard create-*.ts (the chat, its draft
// and its questionnaire create-questionnaire.ts); messages.ts and progress-message.ts (delivery kinds).
import type { ChatFeature } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import {
  calendarAction,
  interestAction,
  roadshowConfirmAction,
  roadshowPickAction,
  roadshowStepAction,
  rsvpAction,
} from './actions.ts';
import { answerRsvp, registerInterest, sendCalendar } from './chat.ts';
import {
  confirmRoadshow,
  continueRoadshowDraft,
  openRoadshowForm,
  pickPatent,
  startRoadshowWizard,
  submitRoadshowForm,
  wizardStep,
} from './create-chat.ts';

export const roadshowsChat: ChatFeature = {
  buttons: [
    on(rsvpAction, (ctx, { roadshowId, answer }) => answerRsvp(ctx, roadshowId, answer)),
    on(calendarAction, (ctx, { roadshowId }) => sendCalendar(ctx, roadshowId)),
    on(interestAction, (ctx, { patentId }) => registerInterest(ctx, patentId)),
    on(roadshowStepAction, (ctx, { step }) => wizardStep(ctx, step)),
    on(roadshowPickAction, (ctx, { patentId }) => pickPatent(ctx, patentId)),
    on(roadshowConfirmAction, (ctx, { roadshowId }) => confirmRoadshow(ctx, roadshowId)),
  ],
  commands: { roadshow: (ctx) => startRoadshowWizard(ctx) },
  flows: {
    'roadshow-create': {
      input: continueRoadshowDraft,
      openForm: openRoadshowForm,
      submitForm: submitRoadshowForm,
    },
  },
};
