// Who may invite whom: the one table. An invitation names a role and its scope (an institution, a
// college, a province, an enterprise, or none); the inviter may grant it when one of their own
// scoped roles has a cell for the invited role that accepts that scope. Everything else is refused.
// authorize.ts asks here for 'invite.create' (and for managing invitations and removing roles:
// whoever may grant a role may take it back). Tested cell by cell in
// test/core/people/invite-table.test.ts.
//
//   inviter ↓ / invites →   UNIV.COORD  COLL.COORD   INVENTOR  BUREAU  EXPERT  ENT.STAFF  ENT.ADMIN  ADMIN
//   ADMIN                   any         any          any       any     any     any        any        any
//   BUREAU_OFFICER          its province its province   ·        ·   its prov.* its prov.  its prov.   ·
//   UNIVERSITY_COORDINATOR  ·           its colleges its inst.  ·      its inst. ·          ·          ·
//   ENTERPRISE_ADMIN        ·           ·            ·         ·       ·       its ent.   ·          ·
//   anyone else             ·           ·            ·         ·       ·       ·          ·          ·
//   (* an expert of an institution in the province, or of none: the bureau keeps the province's
//   expert database; enterprises in the province: the contacts of enterprises it registers)
import type { Role } from '../../prisma/generated/client.ts';
import type { ScopedRole } from './actor.ts';

/** What an invitation grants, as far as deciding who may grant it is concerned. */
export interface InviteTarget {
  /** The invited role. */
  role: Role;
  /** The institution the role is scoped to (a university, an institute or a college); null for none. */
  institutionId: string | null;
  /** The top-level institution that institution belongs to: itself, or a college's university. */
  universityId: string | null;
  /** The province: a bureau officer's, or that of the institution or enterprise. */
  province: string | null;
  /** The enterprise of enterprise staff and administrators. */
  enterpriseId: string | null;
}

/** A cell: does this role of the inviter (with its scope) accept the invitation's scope? */
export type Grant = (inviter: ScopedRole, target: InviteTarget) => boolean;

const ALL_ROLES: readonly Role[] = [
  'INVENTOR',
  'COLLEGE_COORDINATOR',
  'UNIVERSITY_COORDINATOR',
  'ENTERPRISE_STAFF',
  'ENTERPRISE_ADMIN',
  'EXPERT',
  'BUREAU_OFFICER',
  'ADMIN',
];

const anywhere: Grant = () => true;
/** Coordinators of an institution (or college) in the bureau officer's province. */
const inTheProvince: Grant = (me, target) =>
  me.province !== null && target.institutionId !== null && target.province === me.province;
/** An expert of an institution in the bureau officer's province, or one of no institution. */
const expertOfTheProvince: Grant = (me, target) =>
  me.province !== null && (target.institutionId === null || target.province === me.province);
/** Staff or administrators of an enterprise registered in the bureau officer's province. */
const enterpriseInTheProvince: Grant = (me, target) =>
  me.province !== null && target.enterpriseId !== null && target.province === me.province;
/** The coordinator's own institution. */
const ownInstitution: Grant = (me, target) =>
  me.institutionId !== null && target.institutionId === me.institutionId;
/** A college of the coordinator's own university (not the university itself). */
const ownCollege: Grant = (me, target) =>
  me.institutionId !== null &&
  target.institutionId !== null &&
  target.institutionId !== me.institutionId &&
  target.universityId === me.institutionId;
/** Colleagues: the administrator's own enterprise. */
const ownEnterprise: Grant = (me, target) =>
  me.enterpriseId !== null && target.enterpriseId === me.enterpriseId;

/** inviter's role → invited role → cell. A missing row or cell is "nobody". */
export const WHO_MAY_INVITE: { readonly [R in Role]?: { readonly [I in Role]?: Grant } } = {
  ADMIN: Object.fromEntries(ALL_ROLES.map((role) => [role, anywhere])),
  BUREAU_OFFICER: {
    UNIVERSITY_COORDINATOR: inTheProvince,
    COLLEGE_COORDINATOR: inTheProvince,
    EXPERT: expertOfTheProvince,
    ENTERPRISE_STAFF: enterpriseInTheProvince,
    ENTERPRISE_ADMIN: enterpriseInTheProvince,
  },
  UNIVERSITY_COORDINATOR: {
    COLLEGE_COORDINATOR: ownCollege,
    INVENTOR: ownInstitution,
    EXPERT: ownInstitution,
  },
  ENTERPRISE_ADMIN: {
    ENTERPRISE_STAFF: ownEnterprise,
  },
};

/** May a person holding these scoped roles invite to `target`? */
export function rolesMayInvite(roles: readonly ScopedRole[], target: InviteTarget): boolean {
  return roles.some((mine) => WHO_MAY_INVITE[mine.role]?.[target.role]?.(mine, target) === true);
}

/** The roles an invitation to `role` grants: an enterprise's administrator is also on its staff. */
export function rolesGrantedBy(role: Role): Role[] {
  return role === 'ENTERPRISE_ADMIN' ? ['ENTERPRISE_ADMIN', 'ENTERPRISE_STAFF'] : [role];
}
