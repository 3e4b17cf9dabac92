// Progress in the chat: the coordinator's institution overview, everyone's /progress.
//
// The progress folder: campaign-progress.ts (figures against the milestones); actions.ts, chat.ts,
// coordinator-menu.ts (the chat); messages.ts (milestone reminder, weekly digests).

import type { ChatFeature } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import { dealsChat } from '../deals/chat.ts';
import { digestDownloadAction, digestMuteAction, digestWeekdayAction } from '../digest/actions.ts';
import { digestSettings, digestSettingsCommand, downloadDigest } from '../digest/chat.ts';
import { showProgress } from '../overview/home.ts';
import { coordinatorOverviewAction, progressAction } from './actions.ts';
import { showCoordinatorProgress } from './chat.ts';

// The digest (core/digest) and deals (core/deals) answer in the chat through this feature: they are
// the progress a bureau reads and what feeds it.
export const progressChat: ChatFeature = {
  buttons: [
    on(coordinatorOverviewAction, (ctx) => showCoordinatorProgress(ctx)),
    on(progressAction, (ctx) => showProgress(ctx)),
    on(digestDownloadAction, (ctx, { scope }) => downloadDigest(ctx, scope)),
    on(digestWeekdayAction, (ctx, { weekday }) => digestSettings(ctx, { weekday })),
    on(digestMuteAction, (ctx, { muted }) => digestSettings(ctx, { muted })),
    ...(dealsChat.buttons ?? []),
  ],
  commands: {
    progress: (ctx) => showProgress(ctx),
    digest: (ctx, args) => digestSettingsCommand(ctx, args),
    ...dealsChat.commands,
  },
  ...(dealsChat.flows ? { flows: dealsChat.flows } : {}),
};
