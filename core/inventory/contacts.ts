// The national platform's template carries the first inventor's e-mail and mobile: an e-mail is an
// identity, so such rows create (or find) the person and make them an inventor of the institution,
// ready for an invitation. A chunk's contacts are looked up and created together, not row by row.
import type { DirectoryPerson } from './people-directory.ts';
import type { PendingRow, StoreContext } from './store-context.ts';

const SELECT = { id: true, name: true, email: true, employment: true } as const;

/** The person of each row carrying the first inventor's e-mail, by row number. */
export async function contactPersons(
  ctx: StoreContext,
  rows: PendingRow[],
): Promise<Map<number, DirectoryPerson>> {
  const result = new Map<number, DirectoryPerson>();
  const withContact = rows.filter((r) => r.record.contactEmail);
  if (withContact.length === 0) return result;
  const emails = [...new Set(withContact.map((r) => r.record.contactEmail!))];
  const found = await ctx.db.person.findMany({ where: { email: { in: emails } }, select: SELECT });
  const byEmail = new Map(found.map((p) => [p.email!, p]));
  const now = ctx.now();
  for (const row of withContact) {
    const { contactEmail, contactMobile, inventors } = row.record;
    if (byEmail.has(contactEmail!)) continue;
    const person = await ctx.db.person.create({
      data: {
        name: inventors[0]!,
        email: contactEmail,
        mobile: contactMobile,
        createdAt: now,
        updatedAt: now,
      },
      select: SELECT,
    });
    byEmail.set(contactEmail!, person);
  }
  const personIds = [...new Set([...byEmail.values()].map((p) => p.id))];
  const roles = await ctx.db.roleAssignment.findMany({
    where: { personId: { in: personIds }, role: 'INVENTOR', institutionId: ctx.institutionId },
    select: { personId: true },
  });
  const hasRole = new Set(roles.map((r) => r.personId));
  const missing = personIds.filter((id) => !hasRole.has(id));
  if (missing.length > 0) {
    await ctx.db.roleAssignment.createMany({
      data: missing.map((personId) => ({
        personId,
        role: 'INVENTOR' as const,
        institutionId: ctx.institutionId,
        createdAt: now,
      })),
    });
  }
  for (const row of withContact) {
    const person = byEmail.get(row.record.contactEmail!)!;
    ctx.directory.add(person);
    result.set(row.rowNumber, person);
  }
  return result;
}
