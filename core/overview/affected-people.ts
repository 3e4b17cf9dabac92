// Whose overview (the per-role summary behind Slack's App Home and /progress) an audited change
// alters. Every meaningful change is audited with its institution and subject, so the audit trail is
// enough to tell, after the fact and from any process, who should see a fresh overview: the person
// acting, the patent's inventors, the coordinators of the institution, its parent and its colleges,
// the bureau officers of its province, administrators, the staff of an enterprise a match push names,
// and the people invited to a roadshow.
import type { Db } from '../db/database.ts';

export interface AuditedChange {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  institutionId: string | null;
  /** A match push names its enterprise here (core/matching). */
  details?: unknown;
}

function enterpriseNamedIn(details: unknown): string | null {
  const id = (details as { enterpriseId?: unknown } | null)?.enterpriseId;
  return typeof id === 'string' ? id : null;
}

/** Changes no overview shows: reading, exporting, handing out invitations. */
const UNSEEN_ACTIONS = new Set(['export.inventory', 'invites.exported', 'invite.created', 'invite.revoked']);

export async function affectedPeople(db: Db, changes: AuditedChange[]): Promise<Set<string>> {
  const people = new Set<string>();
  const institutions = new Set<string>();
  const patents = new Set<string>();
  const roadshows = new Set<string>();
  const matchPushes = new Set<string>();
  const enterprises = new Set<string>();
  const importRuns = new Set<string>();
  for (const change of changes) {
    if (UNSEEN_ACTIONS.has(change.action)) continue;
    if (change.actorId) people.add(change.actorId);
    if (change.institutionId) institutions.add(change.institutionId);
    const enterpriseId = enterpriseNamedIn(change.details);
    if (enterpriseId) enterprises.add(enterpriseId);
    if (!change.subjectId) continue;
    switch (change.subjectType) {
      case 'Patent':
        patents.add(change.subjectId);
        break;
      case 'Person':
        people.add(change.subjectId);
        break;
      case 'Roadshow':
        roadshows.add(change.subjectId);
        break;
      case 'MatchPush':
        matchPushes.add(change.subjectId);
        break;
      case 'Enterprise':
        enterprises.add(change.subjectId);
        break;
      case 'ImportRun':
        importRuns.add(change.subjectId);
        break;
    }
  }
  const addAll = (ids: (string | null)[]) => {
    for (const id of ids) if (id) people.add(id);
  };

  if (matchPushes.size > 0) {
    const pushes = await db.matchPush.findMany({
      where: { id: { in: [...matchPushes] } },
      select: { patentId: true, enterpriseId: true },
    });
    for (const push of pushes) {
      patents.add(push.patentId);
      enterprises.add(push.enterpriseId);
    }
  }

  // An import touches many patents at once: their inventors are those of the institution's
  // patents written while it ran.
  if (importRuns.size > 0) {
    const runs = await db.importRun.findMany({ where: { id: { in: [...importRuns] } } });
    for (const run of runs) {
      institutions.add(run.institutionId);
      const touched = await db.patent.findMany({
        where: {
          institutionId: run.institutionId,
          updatedAt: { gte: run.startedAt, ...(run.finishedAt ? { lte: run.finishedAt } : {}) },
          responsibleInventorId: { not: null },
        },
        select: { responsibleInventorId: true },
        distinct: ['responsibleInventorId'],
      });
      addAll(touched.map((p) => p.responsibleInventorId));
    }
  }

  if (roadshows.size > 0) {
    const invited = await db.invitation.findMany({
      where: { roadshowId: { in: [...roadshows] } },
      select: { personId: true },
    });
    addAll(invited.map((i) => i.personId));
  }

  if (patents.size > 0) {
    const rows = await db.patent.findMany({
      where: { id: { in: [...patents] } },
      select: {
        institutionId: true,
        collegeId: true,
        responsibleInventorId: true,
        inventors: { select: { personId: true } },
      },
    });
    for (const row of rows) {
      institutions.add(row.institutionId);
      if (row.collegeId) institutions.add(row.collegeId);
      addAll([row.responsibleInventorId, ...row.inventors.map((i) => i.personId)]);
    }
  }

  if (institutions.size > 0) {
    // A college's counts are part of its university's, and an import into a university moves its
    // colleges' counts: the tree one level up and down.
    const related = await db.institution.findMany({
      where: {
        OR: [{ id: { in: [...institutions] } }, { parentId: { in: [...institutions] } }],
      },
      select: { id: true, parentId: true, province: true },
    });
    const scope = new Set(institutions);
    const provinces = new Set<string>();
    for (const institution of related) {
      scope.add(institution.id);
      if (institution.parentId) scope.add(institution.parentId);
      provinces.add(institution.province);
    }
    const roles = await db.roleAssignment.findMany({
      where: {
        OR: [
          {
            role: { in: ['UNIVERSITY_COORDINATOR', 'COLLEGE_COORDINATOR'] },
            institutionId: { in: [...scope] },
          },
          { role: 'BUREAU_OFFICER', province: { in: [...provinces] } },
          { role: 'ADMIN' },
        ],
      },
      select: { personId: true },
    });
    addAll(roles.map((r) => r.personId));
  }

  if (enterprises.size > 0) {
    const staff = await db.roleAssignment.findMany({
      where: { role: 'ENTERPRISE_STAFF', enterpriseId: { in: [...enterprises] } },
      select: { personId: true },
    });
    addAll(staff.map((s) => s.personId));
  }
  return people;
}
