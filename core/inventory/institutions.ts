// Institutions as the command line names them: by their code ("DHUT"). Who may run an institution's
// inventory is decided in core/people/authorize.ts ('inventory.*').

import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { deactivatedMessage } from '../institutions/institutions.ts';

export class UnknownInstitutionError extends Error {
  constructor(readonly code: string) {
    super(`no institution with code "${code}"`);
  }
}

/**
 * Top-level institution by its code (colleges are reached through their university). A deactivated
 * one is refused with a message saying so (nothing new is imported or invited for it), unless the
 * caller only reads what it holds (`allowDeactivated`).
 */
export async function institutionByCode(db: Db, code: string, options: { allowDeactivated?: boolean } = {}) {
  const institution = await db.institution.findUnique({ where: { code } });
  if (!institution) throw new UnknownInstitutionError(code);
  if (institution.deactivatedAt && !options.allowDeactivated)
    throw new Refusal(deactivatedMessage(institution));
  return institution;
}
