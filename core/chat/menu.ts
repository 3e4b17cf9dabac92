// The main menu, by role: what each kind of person can do from here.

import { bulkAction } from '../assessments/actions.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { enterpriseMenuRows } from '../enterprises/menu.ts';
import { expertRequestsSection } from '../expert-evaluation/menu.ts';
import { expertProfileAction } from '../experts/actions.ts';
import { SUPPORTED_LOCALES } from '../i18n.ts';
import { patentsAction } from '../inventory/actions.ts';
import { hasRole } from '../people/actor.ts';
import { bureauMenuSection } from '../progress/bureau-menu.ts';
import { coordinatorMenuSection } from '../progress/coordinator-menu.ts';
import { helpAction, langAction } from './chat-actions.ts';
import { button, type ChatContext, say } from './context.ts';

export async function showMenu(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const rows = [];
  const lines = [say(ctx, 'chat:menu.greeting', { name: ctx.actor.name })];
  if (hasRole(ctx.actor, 'INVENTOR')) {
    const open = await ctx.db.patent.count({
      where: {
        responsibleInventorId: ctx.actor.personId,
        inventoryStatus: { in: ['NOT_STARTED', 'IN_PROGRESS', 'RETURNED'] },
      },
    });
    const total = await ctx.db.patent.count({ where: { responsibleInventorId: ctx.actor.personId } });
    lines.push(say(ctx, 'chat:menu.inventor_summary', { total, open }));
    rows.push([button(ctx, 'chat:menu.my_patents', patentsAction.to({ page: 0 }))]);
    if (open >= 2) rows.push([button(ctx, 'chat:menu.bulk', bulkAction.to())]);
  }
  if (hasRole(ctx.actor, 'ENTERPRISE_STAFF')) {
    lines.push(say(ctx, 'chat:menu.enterprise_summary'));
    rows.push([button(ctx, 'chat:menu.recommended', patentsAction.to({ page: 0 }))]);
  }
  if (hasRole(ctx.actor, 'EXPERT')) {
    lines.push(say(ctx, 'experts:menu.summary'));
    const requests = await expertRequestsSection(ctx.db, ctx.actor, ctx.clock.now());
    if (requests) {
      lines.push([requests.heading, ...requests.lines].join('\n'));
      rows.push(...requests.buttons);
    }
    rows.push([button(ctx, 'experts:menu.profile', expertProfileAction.to())]);
  }
  const bureau = bureauMenuSection(ctx);
  lines.push(...bureau.lines);
  rows.push(...bureau.rows);
  rows.push(...enterpriseMenuRows(ctx));
  const coordinator = await coordinatorMenuSection(ctx);
  lines.push(...coordinator.lines);
  rows.push(...coordinator.rows);
  if (rows.length === 0) lines.push(say(ctx, 'chat:menu.no_actions'));
  const other = SUPPORTED_LOCALES.find((l) => l !== ctx.locale)!;
  rows.push([
    button(ctx, 'chat:menu.help', helpAction.to()),
    button(ctx, 'chat:menu.switch_language', langAction.to({ locale: other })),
  ]);
  return [{ text: lines.join('\n\n'), buttons: rows, slot: 'menu' }];
}
