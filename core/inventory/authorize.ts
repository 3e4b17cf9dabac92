// Who may run an institution's inventory (import, invites, export): its university-level
// coordinators, and administrators. `null` is the operator at the server's command line, who
// already holds the database credentials; every other caller is checked, whatever ids it passes.

import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import { type Actor, hasRole, institutionsWith } from '../people/actor.ts';

export type Operator = Actor | null;

export function canAdministerInventory(actor: Operator, institutionId: string): boolean {
  if (actor === null || hasRole(actor, 'ADMIN')) return true;
  return institutionsWith(actor, 'UNIVERSITY_COORDINATOR').includes(institutionId);
}

export function assertInventoryAdmin(actor: Operator, institutionId: string): void {
  if (!canAdministerInventory(actor, institutionId)) {
    refuseWith('inventory:refusal.not_coordinator', `${actor?.personId} on ${institutionId}`);
  }
}

export class UnknownInstitutionError extends Error {
  constructor(readonly code: string) {
    super(`no institution with code "${code}"`);
  }
}

/** Top-level institution by its code (colleges are reached through their university). */
export async function institutionByCode(db: Db, code: string) {
  const institution = await db.institution.findUnique({ where: { code } });
  if (!institution) throw new UnknownInstitutionError(code);
  return institution;
}
