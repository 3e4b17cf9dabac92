// The coordinator's part of the main menu: what waits for screening, and the inventory actions.
import type { Button } from '../channel/messages.ts';
import { button, type ChatContext, say } from '../chat/context.ts';
import { exportInventoryAction } from '../export/actions.ts';
import { importHelpAction } from '../inventory/actions.ts';
import { institutionsWith } from '../people/actor.ts';
import { may } from '../people/authorize.ts';
import { roadshowStepAction } from '../roadshows/actions.ts';
import { screenQueueAction } from '../screening/actions.ts';
import { type LevelCounts, screeningCounts } from '../screening/queue.ts';
import { coordinatorOverviewAction } from './actions.ts';

export async function coordinatorButtons(ctx: ChatContext, known?: LevelCounts): Promise<Button[][]> {
  const counts = known ?? (await screeningCounts(ctx.db, ctx.actor));
  const rows: Button[][] = [
    [
      button(ctx, 'coordinator:menu.college_queue', screenQueueAction.to({ level: 'COLLEGE', page: 0 }), {
        count: counts.COLLEGE,
      }),
      button(
        ctx,
        'coordinator:menu.university_queue',
        screenQueueAction.to({ level: 'UNIVERSITY', page: 0 }),
        {
          count: counts.UNIVERSITY,
        },
      ),
    ],
    [button(ctx, 'coordinator:menu.progress', coordinatorOverviewAction.to())],
    [button(ctx, 'roadshow:create.menu_button', roadshowStepAction.to({ step: 'new' }))],
  ];
  if (institutionsWith(ctx.actor, 'UNIVERSITY_COORDINATOR').length > 0) {
    rows.push([
      button(ctx, 'coordinator:menu.import', importHelpAction.to()),
      button(ctx, 'coordinator:menu.export', exportInventoryAction.to()),
    ]);
  }
  return rows;
}

/** Lines and buttons for the main menu; nothing for people who coordinate nothing. */
export async function coordinatorMenuSection(
  ctx: ChatContext,
): Promise<{ lines: string[]; rows: Button[][] }> {
  if (!may(ctx.actor, 'screening.queue')) return { lines: [], rows: [] };
  const counts = await screeningCounts(ctx.db, ctx.actor);
  return {
    lines: [
      say(ctx, 'coordinator:screening.counts', { college: counts.COLLEGE, university: counts.UNIVERSITY }),
    ],
    rows: await coordinatorButtons(ctx, counts),
  };
}
