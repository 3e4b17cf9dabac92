// Finding people by what an operator types: their email address, as stored (lower case) or as
// people write it.
import type { Db } from '../db/database.ts';

/** Emails are kept trimmed and in lower case; people type them with varying case. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** The person with this email (any case), or null. */
export function personByEmail(db: Pick<Db, 'person'>, email: string) {
  return db.person.findFirst({ where: { email: { equals: normaliseEmail(email), mode: 'insensitive' } } });
}
