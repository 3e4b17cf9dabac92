// `/start register` makes an unknown chat account a person before the registration is answered
// (join.ts), so that the answers have somewhere to live. Someone who never submits leaves that
// placeholder behind: a person named "unnamed", an account, a half-filled conversation. After
// ABANDONED_AFTER_MS of nothing else, they are forgotten; starting again later works as the first
// time did.
import type { Db } from '../db/database.ts';

export const ABANDONED_AFTER_MS = 30 * 86_400_000;
const JOINED = 'person.joined-to-register';

/**
 * Deletes the placeholders of registrations started before `now - ABANDONED_AFTER_MS` and never
 * submitted: the person holds no role and nothing but their joining was ever recorded by or about
 * them. Each is deleted in its own transaction, re-checked there, so a registration submitted at
 * the same moment is kept. Returns how many were forgotten.
 */
export async function forgetAbandonedRegistrations(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - ABANDONED_AFTER_MS);
  // Person.createdAt is written from the clock at joining; the audit entry's time is the database's.
  const joined = await db.person.findMany({
    where: { createdAt: { lt: before }, roles: { none: {} }, auditEntries: { some: { action: JOINED } } },
    select: { id: true },
  });
  let forgotten = 0;
  for (const { id: personId } of joined) {
    const deleted = await db.$transaction(async (tx) => {
      const person = await tx.person.findUnique({
        where: { id: personId },
        select: {
          createdAt: true,
          _count: {
            select: {
              roles: true,
              staffRecords: true,
              inventorships: true,
              selfAssessments: true,
              evaluations: true,
              invitations: true,
            },
          },
        },
      });
      if (!person || person.createdAt >= before) return false;
      if (Object.values(person._count).some((n) => n > 0)) return false;
      const otherEntries = await tx.auditLog.count({
        where: {
          OR: [{ actorId: personId }, { subjectId: personId }],
          NOT: { action: JOINED },
        },
      });
      if (otherEntries > 0) return false;
      // The joining entry was the person's own: it goes with them.
      await tx.auditLog.deleteMany({ where: { action: JOINED, subjectId: personId } });
      await tx.invite.deleteMany({ where: { personId } });
      await tx.person.delete({ where: { id: personId } });
      return true;
    });
    if (deleted) forgotten++;
  }
  return forgotten;
}
