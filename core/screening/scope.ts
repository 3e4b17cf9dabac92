// Which patents a coordinator screens, and at which level. College coordinators screen their
// college's submissions; university coordinators screen what colleges approved, and stand in at
// the college level for patents without a college or whose college has no coordinator in Revive
// (otherwise those submissions would wait forever).
import type { Prisma, ScreeningLevel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { type Actor, hasRole, institutionsWith } from '../people/actor.ts';

export const LEVEL_STATUS = { COLLEGE: 'SUBMITTED', UNIVERSITY: 'COLLEGE_APPROVED' } as const;

export function isCoordinator(actor: Actor): boolean {
  return (
    hasRole(actor, 'ADMIN') ||
    institutionsWith(actor, 'COLLEGE_COORDINATOR').length > 0 ||
    institutionsWith(actor, 'UNIVERSITY_COORDINATOR').length > 0
  );
}

/** Colleges of these universities that have no college coordinator. */
async function uncoordinatedColleges(db: Db, universityIds: string[]): Promise<string[]> {
  if (universityIds.length === 0) return [];
  const colleges = await db.institution.findMany({
    where: { parentId: { in: universityIds }, roles: { none: { role: 'COLLEGE_COORDINATOR' } } },
    select: { id: true },
  });
  return colleges.map((c) => c.id);
}

/** The patents waiting for this actor at a level; an impossible filter when the actor has no scope. */
export async function levelScope(
  db: Db,
  actor: Actor,
  level: ScreeningLevel,
): Promise<Prisma.PatentWhereInput> {
  const status = LEVEL_STATUS[level];
  if (hasRole(actor, 'ADMIN')) return { inventoryStatus: status };
  const universities = institutionsWith(actor, 'UNIVERSITY_COORDINATOR');
  if (level === 'UNIVERSITY') return { inventoryStatus: status, institutionId: { in: universities } };
  const colleges = institutionsWith(actor, 'COLLEGE_COORDINATOR');
  const standIn = await uncoordinatedColleges(db, universities);
  return {
    inventoryStatus: status,
    OR: [
      { collegeId: { in: [...colleges, ...standIn] } },
      { institutionId: { in: universities }, collegeId: null },
    ],
  };
}

/** Whether this actor may decide on this patent at this level (the patent's status gives the level). */
export async function mayScreen(
  db: Db,
  actor: Actor,
  patent: { institutionId: string; collegeId: string | null },
  level: ScreeningLevel,
): Promise<boolean> {
  if (hasRole(actor, 'ADMIN')) return true;
  const universities = institutionsWith(actor, 'UNIVERSITY_COORDINATOR');
  if (level === 'UNIVERSITY') return universities.includes(patent.institutionId);
  if (patent.collegeId && institutionsWith(actor, 'COLLEGE_COORDINATOR').includes(patent.collegeId))
    return true;
  if (!universities.includes(patent.institutionId)) return false;
  if (!patent.collegeId) return true;
  return (await uncoordinatedColleges(db, [patent.institutionId])).includes(patent.collegeId);
}

/** Any coordinator of the patent's institution or college: may learn that it no longer waits. */
export function coordinatesPatent(
  actor: Actor,
  patent: { institutionId: string; collegeId: string | null },
): boolean {
  if (hasRole(actor, 'ADMIN')) return true;
  if (institutionsWith(actor, 'UNIVERSITY_COORDINATOR').includes(patent.institutionId)) return true;
  return (
    patent.collegeId !== null && institutionsWith(actor, 'COLLEGE_COORDINATOR').includes(patent.collegeId)
  );
}
