// The bureau officer's part of the main menu: their province's progress (what /progress shows), the
// lists they may import, and how to manage the people of the province. Enterprises waiting for verification are the
// enterprises' own row (core/enterprises/menu.ts).
import type { Button } from '../channel/messages.ts';
import { button, type ChatContext, say } from '../chat/context.ts';
import { importHelpAction } from '../inventory/actions.ts';
import { hasRole } from '../people/actor.ts';
import { regionByCode } from '../regions/regions.ts';
import { progressAction } from './actions.ts';

export function bureauMenuSection(ctx: ChatContext): { lines: string[]; rows: Button[][] } {
  const importRow = [button(ctx, 'coordinator:menu.import', importHelpAction.to())];
  // Administrators import institution, enterprise and expert lists; their menu offers the help.
  if (!hasRole(ctx.actor, 'BUREAU_OFFICER'))
    return { lines: [], rows: hasRole(ctx.actor, 'ADMIN') ? [importRow] : [] };
  const provinces = ctx.actor.roles
    .filter((r) => r.role === 'BUREAU_OFFICER' && r.province)
    .map((r) => regionByCode(r.province))
    .filter((r) => r !== undefined)
    .map((r) => (ctx.locale === 'en' ? r.en : r.zh));
  return {
    lines: [
      say(ctx, 'progress:bureau_menu.summary', {
        provinces: provinces.join(ctx.locale === 'en' ? ', ' : '、'),
      }),
    ],
    rows: [[button(ctx, 'progress:bureau_menu.progress', progressAction.to())], importRow],
  };
}
