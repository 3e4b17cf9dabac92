// Who may invite whom (core/people/invite-table.ts), cell by cell: one inviter per role of the schema
// (and the operator at the command line) against invitations to every role, at a scope inside and
// outside the inviter's own. The expected table is written out here; authorize.ts's 'invite.create'
// answers the same, with its refusal.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../core/people/actor.ts';
import { may, type Operator, refusalFor } from '../../../core/people/authorize.ts';
import {
  type InviteTarget,
  rolesGrantedBy,
  rolesMayInvite,
  WHO_MAY_INVITE,
} from '../../../core/people/invite-table.ts';
import type { Role } from '../../../prisma/generated/client.ts';

// University u1 (Zhejiang, 330000) with college c1; university u2 (Beijing, 110000) with college d1;
// enterprises e1 (Hangzhou) and e2 (Beijing).
type Scope = Actor['roles'][number];
const scoped = (role: Role, scope: Partial<Scope> = {}): Scope => ({
  role,
  institutionId: null,
  enterpriseId: null,
  province: null,
  ...scope,
});
const inviter = (...roles: Scope[]): Actor => ({
  personId: `inviter-${roles[0]!.role}`,
  name: 'inviter',
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  roles,
});

const INVITERS = {
  ADMIN: inviter(scoped('ADMIN')),
  BUREAU_OFFICER: inviter(scoped('BUREAU_OFFICER', { province: '330000' })),
  UNIVERSITY_COORDINATOR: inviter(scoped('UNIVERSITY_COORDINATOR', { institutionId: 'u1' })),
  COLLEGE_COORDINATOR: inviter(scoped('COLLEGE_COORDINATOR', { institutionId: 'c1' })),
  INVENTOR: inviter(scoped('INVENTOR', { institutionId: 'u1' })),
  EXPERT: inviter(scoped('EXPERT', { institutionId: 'u1' })),
  ENTERPRISE_STAFF: inviter(scoped('ENTERPRISE_STAFF', { enterpriseId: 'e1' })),
  ENTERPRISE_ADMIN: inviter(
    scoped('ENTERPRISE_ADMIN', { enterpriseId: 'e1' }),
    scoped('ENTERPRISE_STAFF', { enterpriseId: 'e1' }),
  ),
  operator: null,
} satisfies Record<Role | 'operator', Operator>;
const COLUMNS = Object.keys(INVITERS) as (keyof typeof INVITERS)[];

const target = (role: Role, scope: Partial<InviteTarget> = {}): InviteTarget => ({
  role,
  institutionId: null,
  universityId: null,
  province: null,
  enterpriseId: null,
  ...scope,
});
const U1 = { institutionId: 'u1', universityId: 'u1', province: '330000' };
const C1 = { institutionId: 'c1', universityId: 'u1', province: '330000' };
const U2 = { institutionId: 'u2', universityId: 'u2', province: '110000' };
const D1 = { institutionId: 'd1', universityId: 'u2', province: '110000' };
const E1 = { enterpriseId: 'e1', province: '330000' };
const E2 = { enterpriseId: 'e2', province: '110000' };

const Y = true;
const _ = false;
// biome-ignore format: the table is aligned by hand, one column per inviter
const TABLE: [invited: string, target: InviteTarget, cells: boolean[]][] = [
  //                                                                      ADMIN BUREAU UNIV  COLL  INV   EXPERT STAFF ENT.ADM operator
  ['university coordinator of u1',  target('UNIVERSITY_COORDINATOR', U1), [Y,    Y,     _,    _,    _,    _,     _,    _,      Y]],
  ['university coordinator of u2',  target('UNIVERSITY_COORDINATOR', U2), [Y,    _,     _,    _,    _,    _,     _,    _,      Y]],
  ['college coordinator of c1',     target('COLLEGE_COORDINATOR', C1),    [Y,    Y,     Y,    _,    _,    _,     _,    _,      Y]],
  ['college coordinator of d1',     target('COLLEGE_COORDINATOR', D1),    [Y,    _,     _,    _,    _,    _,     _,    _,      Y]],
  ['inventor of u1',                target('INVENTOR', U1),               [Y,    _,     Y,    _,    _,    _,     _,    _,      Y]],
  ['inventor of u2',                target('INVENTOR', U2),               [Y,    _,     _,    _,    _,    _,     _,    _,      Y]],
  ['expert of u1',                  target('EXPERT', U1),                 [Y,    Y,     Y,    _,    _,    _,     _,    _,      Y]],
  ['expert of u2',                  target('EXPERT', U2),                 [Y,    _,     _,    _,    _,    _,     _,    _,      Y]],
  ['expert of no institution',      target('EXPERT'),                     [Y,    Y,     _,    _,    _,    _,     _,    _,      Y]],
  ['bureau officer of 330000',      target('BUREAU_OFFICER', { province: '330000' }),
                                                                          [Y,    _,     _,    _,    _,    _,     _,    _,      Y]],
  ['bureau officer of 110000',      target('BUREAU_OFFICER', { province: '110000' }),
                                                                          [Y,    _,     _,    _,    _,    _,     _,    _,      Y]],
  ['enterprise staff of e1',        target('ENTERPRISE_STAFF', E1),       [Y,    Y,     _,    _,    _,    _,     _,    Y,      Y]],
  ['enterprise staff of e2',        target('ENTERPRISE_STAFF', E2),       [Y,    _,     _,    _,    _,    _,     _,    _,      Y]],
  ['enterprise administrator of e1',target('ENTERPRISE_ADMIN', E1),       [Y,    Y,     _,    _,    _,    _,     _,    _,      Y]],
  ['enterprise administrator of e2',target('ENTERPRISE_ADMIN', E2),       [Y,    _,     _,    _,    _,    _,     _,    _,      Y]],
  ['platform administrator',        target('ADMIN'),                      [Y,    _,     _,    _,    _,    _,     _,    _,      Y]],
];

const ALL_ROLES: Role[] = [
  'INVENTOR',
  'COLLEGE_COORDINATOR',
  'UNIVERSITY_COORDINATOR',
  'ENTERPRISE_STAFF',
  'ENTERPRISE_ADMIN',
  'EXPERT',
  'BUREAU_OFFICER',
  'ADMIN',
] satisfies readonly Role[];

describe('who may invite whom', () => {
  it('has a column for every role and a row for an invitation to every role', () => {
    expect(COLUMNS).toHaveLength(ALL_ROLES.length + 1);
    expect(new Set(TABLE.map(([, t]) => t.role))).toEqual(new Set(ALL_ROLES));
    for (const [, , cells] of TABLE) expect(cells).toHaveLength(COLUMNS.length);
    // The table in code has rows only for the four roles that invite at all.
    expect(Object.keys(WHO_MAY_INVITE).sort()).toEqual([
      'ADMIN',
      'BUREAU_OFFICER',
      'ENTERPRISE_ADMIN',
      'UNIVERSITY_COORDINATOR',
    ]);
  });

  const cells = TABLE.flatMap(([invited, t, row]) =>
    COLUMNS.map((column, i) => ({ column, invited, target: t, expected: row[i]! })),
  );
  it.each(cells)('$column → $invited: $expected', ({ column, target: t, expected }) => {
    const who = INVITERS[column];
    if (who !== null) expect(rolesMayInvite(who.roles, t)).toBe(expected);
    expect(may(who, 'invite.create', t)).toBe(expected);
    expect(refusalFor(who, 'invite.create', t)).toBe(expected ? null : 'invites:refusal.not_allowed');
    // Whoever may issue an invitation may see and revoke it, and take the role back.
    expect(may(who, 'invite.manage', t)).toBe(expected);
    expect(may(who, 'person.removeRole', t)).toBe(expected);
  });

  it('refuses everyone when there is nothing to invite to', () => {
    for (const column of COLUMNS) expect(may(INVITERS[column], 'invite.create', null)).toBe(false);
  });

  it('a bureau officer without a province, a coordinator without an institution invite nobody', () => {
    const unscoped = [scoped('BUREAU_OFFICER'), scoped('UNIVERSITY_COORDINATOR'), scoped('ENTERPRISE_ADMIN')];
    for (const [, t] of TABLE) expect(rolesMayInvite(unscoped, t)).toBe(false);
  });

  it('an enterprise administrator’s invitation also makes them staff; every other grants its role', () => {
    for (const role of ALL_ROLES)
      expect(rolesGrantedBy(role)).toEqual(
        role === 'ENTERPRISE_ADMIN' ? ['ENTERPRISE_ADMIN', 'ENTERPRISE_STAFF'] : [role],
      );
  });
});
