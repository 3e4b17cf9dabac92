// The national platform's template carries the first inventor's e-mail and mobile: an e-mail is an
// identity, so such rows create (or find) the person and make them an inventor of the institution,
// ready for an invitation.
import type { DirectoryPerson } from './people-directory.ts';
import type { PendingRow, StoreContext } from './store-context.ts';

/**
 * Rows carrying the first inventor's e-mail: find the person by e-mail, or create them, and make
 * sure they are an inventor of the institution, so that an invitation can be issued.
 */
export async function contactPersons(
  ctx: StoreContext,
  rows: PendingRow[],
): Promise<Map<number, DirectoryPerson>> {
  const result = new Map<number, DirectoryPerson>();
  for (const row of rows) {
    const { contactEmail, contactMobile, inventors } = row.record;
    if (!contactEmail) continue;
    let person = await ctx.db.person.findUnique({
      where: { email: contactEmail },
      select: { id: true, name: true, email: true, employment: true },
    });
    if (!person) {
      person = await ctx.db.person.create({
        data: { name: inventors[0]!, email: contactEmail, mobile: contactMobile },
        select: { id: true, name: true, email: true, employment: true },
      });
    }
    const role = await ctx.db.roleAssignment.findFirst({
      where: { personId: person.id, role: 'INVENTOR', institutionId: ctx.institutionId },
    });
    if (!role) {
      await ctx.db.roleAssignment.create({
        data: { personId: person.id, role: 'INVENTOR', institutionId: ctx.institutionId },
      });
    }
    ctx.directory.add(person);
    result.set(row.rowNumber, person);
  }
  return result;
}
