// Institutions as the command line names them: by their code ("DHUT"). Who may run an institution's
// inventory is decided in core/people/authorize.ts ('inventory.*').

import type { Db } from '../db/database.ts';

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
