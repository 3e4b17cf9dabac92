// Who acts for a patent's institution: its university's coordinators and its college's (active
// people only): those told when something happens to one of its patents.
import type { Db } from '../db/database.ts';

export async function patentCoordinators(
  db: Db,
  patent: { institutionId: string; collegeId: string | null },
): Promise<string[]> {
  const roles = await db.roleAssignment.findMany({
    where: {
      OR: [
        { role: 'UNIVERSITY_COORDINATOR', institutionId: patent.institutionId },
        ...(patent.collegeId
          ? [{ role: 'COLLEGE_COORDINATOR' as const, institutionId: patent.collegeId }]
          : []),
      ],
      person: { deactivatedAt: null },
    },
    select: { personId: true },
  });
  return [...new Set(roles.map((r) => r.personId))];
}
