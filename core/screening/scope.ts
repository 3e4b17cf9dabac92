// The screening queues as database filters: which patents wait for this actor at a level. Who may
// screen what is decided in core/people/authorize.ts (screeningReach, 'screening.decide'); this file
// only turns that reach into a Prisma filter, so that a queue lists exactly what the actor may decide.
import type { Prisma, ScreeningLevel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import type { Actor } from '../people/actor.ts';
import { institutionDirectory, screeningReach } from '../people/authorize.ts';

export const LEVEL_STATUS = { COLLEGE: 'SUBMITTED', UNIVERSITY: 'COLLEGE_APPROVED' } as const;

/** The patents waiting for this actor at a level; an impossible filter when the actor has no scope. */
export async function levelScope(
  db: Db,
  actor: Actor,
  level: ScreeningLevel,
): Promise<Prisma.PatentWhereInput> {
  const status = LEVEL_STATUS[level];
  const own = screeningReach(actor, level);
  if (own.all) return { inventoryStatus: status };
  // At the college level, university coordinators stand in for their colleges without a coordinator.
  const standIn =
    level === 'COLLEGE' ? await institutionDirectory(db).uncoordinatedColleges(own.withoutCollege) : [];
  const reach = standIn.length > 0 ? screeningReach(actor, level, standIn) : own;
  if (reach.all) return { inventoryStatus: status };
  return {
    inventoryStatus: status,
    OR: [
      { institutionId: { in: reach.institutions } },
      { collegeId: { in: reach.colleges } },
      { institutionId: { in: reach.withoutCollege }, collegeId: null },
    ],
  };
}
