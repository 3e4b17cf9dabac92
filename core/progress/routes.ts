// Progress in the chat: the coordinator's institution overview, everyone's /progress.
//
// The progress folder: campaign-progress.ts (figures against the milestones); actions.ts, chat.ts,
// coordinator-menu.ts (the chat); messages.ts (milestone reminder, bureau digest).

import type { ChatFeature } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import { showProgress } from '../overview/home.ts';
import { coordinatorOverviewAction, progressAction } from './actions.ts';
import { showCoordinatorProgress } from './chat.ts';

export const progressChat: ChatFeature = {
  buttons: [
    on(coordinatorOverviewAction, (ctx) => showCoordinatorProgress(ctx)),
    on(progressAction, (ctx) => showProgress(ctx)),
  ],
  commands: { progress: (ctx) => showProgress(ctx) },
};
