// The institutions a coordinator acts for in chat. Import and export need exactly one university
// (the file does not say which institution it is for); screening works across all of them.

import type { ChatContext } from '../chat/context.ts';
import { refuseWith } from '../errors.ts';
import { isCoordinator } from '../screening/scope.ts';
import { hasRole, institutionsWith } from './actor.ts';

export function assertCoordinator(ctx: ChatContext): void {
  if (!isCoordinator(ctx.actor)) refuseWith('coordinator:refusal.not_coordinator', ctx.actor.personId);
}

/** The one university this coordinator administers, or a refusal that explains why not. */
export function administeredInstitution(ctx: ChatContext): string {
  const universities = institutionsWith(ctx.actor, 'UNIVERSITY_COORDINATOR');
  if (universities.length === 1) return universities[0]!;
  if (universities.length > 1) return refuseWith('coordinator:refusal.several_institutions');
  if (hasRole(ctx.actor, 'ADMIN')) return refuseWith('coordinator:refusal.several_institutions');
  return refuseWith('inventory:refusal.not_coordinator', ctx.actor.personId);
}
