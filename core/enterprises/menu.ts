// The enterprises' rows of the main menu: an enterprise administrator's profile, a bureau
// officer's (or administrator's) list of enterprises waiting for verification.
import type { Button } from '../channel/messages.ts';
import { button, type ChatContext } from '../chat/context.ts';
import { hasRole } from '../people/actor.ts';
import { enterpriseListAction, enterpriseWizardAction } from './actions.ts';

export function enterpriseMenuRows(ctx: ChatContext): Button[][] {
  const rows: Button[][] = [];
  if (hasRole(ctx.actor, 'ENTERPRISE_ADMIN'))
    rows.push([button(ctx, 'enterprises:menu.profile', enterpriseWizardAction.to({ step: 'profile' }))]);
  if (hasRole(ctx.actor, 'BUREAU_OFFICER') || hasRole(ctx.actor, 'ADMIN'))
    rows.push([button(ctx, 'enterprises:menu.pending', enterpriseListAction.to())]);
  return rows;
}
