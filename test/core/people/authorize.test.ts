// The role × action table of core/people/authorize.ts, cell by cell: every role of the schema (and
// the operator at the command line) against every action, on objects in and out of its scope; then
// the institution-tree lookups against a real database, on both kinds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../../core/errors.ts';
import { type Actor, loadActor } from '../../../core/people/actor.ts';
import {
  type Action,
  actingEnterprise,
  administeredInstitution,
  authorize,
  authorizeAsync,
  type InstitutionDirectory,
  type InviteTarget,
  type LookupAction,
  may,
  mayAsync,
  type Operator,
  organisingInstitution,
  RULES,
} from '../../../core/people/authorize.ts';
import { levelScope } from '../../../core/screening/scope.ts';
import type { Role } from '../../../prisma/generated/client.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

// ------------------------------------------------------------------------------------ the world
// University u1 with colleges c1 (has a college coordinator) and c2 (has none); university u2 with
// college d1 (has one). Enterprises e1, e2. Provinces 330000 (Zhejiang), 110000 (Beijing).
const PARENT: Record<string, string> = { c1: 'u1', c2: 'u1', d1: 'u2' };
const COORDINATED = new Set(['c1', 'd1']);
// Offers outside the pool: p4 was pushed to e1; p5 is featured in a roadshow only person-staff
// (of e1) is invited to.
const OFFERS = [
  { patentId: 'p4', enterpriseId: 'e1' },
  { patentId: 'p5', personId: 'person-staff' },
];

function tableDirectory(calls: string[] = []): InstitutionDirectory {
  return {
    async universitiesOf(collegeIds) {
      calls.push(`universitiesOf ${collegeIds.join(',')}`);
      return [...new Set(collegeIds.map((id) => PARENT[id]).filter((id): id is string => !!id))];
    },
    async uncoordinatedColleges(universityIds) {
      calls.push(`uncoordinatedColleges ${universityIds.join(',')}`);
      return Object.entries(PARENT)
        .filter(([college, university]) => universityIds.includes(university) && !COORDINATED.has(college))
        .map(([college]) => college);
    },
    async offeredOutsidePool(patentId, enterpriseId, personId) {
      calls.push(`offeredOutsidePool ${patentId} ${enterpriseId} ${personId}`);
      return OFFERS.some(
        (o) =>
          o.patentId === patentId &&
          ('enterpriseId' in o ? o.enterpriseId === enterpriseId : o.personId === personId),
      );
    },
  };
}

const INVENTOR_ID = 'person-inventor';
const actor = (personId: string, role: Role, scope: Partial<Actor['roles'][number]> = {}): Actor => ({
  personId,
  name: personId,
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  roles: [{ role, institutionId: null, enterpriseId: null, province: null, ...scope }],
});

const withRole = (who: Actor, role: Role, scope: Partial<Actor['roles'][number]> = {}): Actor => ({
  ...who,
  roles: [...who.roles, { role, institutionId: null, enterpriseId: null, province: null, ...scope }],
});

/** One actor per role of the schema's Role enum, each scoped inside the world's first half. */
const ACTORS = {
  INVENTOR: actor(INVENTOR_ID, 'INVENTOR', { institutionId: 'u1' }),
  ENTERPRISE_STAFF: actor('person-staff', 'ENTERPRISE_STAFF', { enterpriseId: 'e1' }),
  // An enterprise's administrator is also a member of its staff.
  ENTERPRISE_ADMIN: withRole(
    actor('person-enterprise-admin', 'ENTERPRISE_ADMIN', { enterpriseId: 'e1' }),
    'ENTERPRISE_STAFF',
    { enterpriseId: 'e1' },
  ),
  COLLEGE_COORDINATOR: actor('person-college', 'COLLEGE_COORDINATOR', { institutionId: 'c1' }),
  UNIVERSITY_COORDINATOR: actor('person-university', 'UNIVERSITY_COORDINATOR', { institutionId: 'u1' }),
  EXPERT: actor('person-expert', 'EXPERT'),
  BUREAU_OFFICER: actor('person-bureau', 'BUREAU_OFFICER', { province: '330000' }),
  ADMIN: actor('person-admin', 'ADMIN'),
  operator: null,
} satisfies Record<Role | 'operator', Operator>;
const COLUMNS = Object.keys(ACTORS) as (keyof typeof ACTORS)[];

/**
 * Patents: p1 is the inventor's, in u1/c1, valid, in the pool; p2 someone else's, in u2/d1, lapsed.
 * p3, p4, p5 are valid, submitted and not screened yet: p3 offered to nobody, p4 pushed to e1, p5
 * featured in a roadshow person-staff is invited to.
 */
const P1 = {
  id: 'p1',
  institutionId: 'u1',
  collegeId: 'c1',
  responsibleInventorId: INVENTOR_ID,
  legalStatus: 'VALID',
  inventoryStatus: 'IN_POOL',
} as const;
const P2 = {
  id: 'p2',
  institutionId: 'u2',
  collegeId: 'd1',
  responsibleInventorId: 'person-other',
  legalStatus: 'LAPSED',
  inventoryStatus: 'IN_POOL',
} as const;
const unscreened = (id: string) => ({
  ...P1,
  id,
  responsibleInventorId: 'person-other',
  inventoryStatus: 'SUBMITTED' as const,
});
const P3 = unscreened('p3');
const P4 = unscreened('p4');
const P5 = unscreened('p5');
const P0 = { institutionId: 'u1', collegeId: null }; // u1's, in no college
const P1C2 = { institutionId: 'u1', collegeId: 'c2' }; // u1's, in the college without a coordinator

// The staff directory (core/staff) and experts (core/experts): an expert's institution and province.
const ND = 'deals:refusal.not_allowed';
// Open licence (core/open-licence): the patent's coordinators; enterprises for pool patents.
const OC = 'open-licence:refusal.not_coordinator';
const ON = 'open-licence:refusal.not_offered';
const SN = 'staff:refusal.not_coordinator';
const XN = 'experts:refusal.not_allowed';
const X_U1 = { personId: null, institutionId: 'u1', province: '330000' };
const X_U2 = { personId: null, institutionId: 'u2', province: '110000' };
const X_ENTERPRISE_ZJ = { personId: null, institutionId: null, province: '330000' };
// Free text: no province without a region; with one (core/experts), the region's province.
const X_FREE_TEXT = { personId: null, institutionId: null, province: null };
const X_FREE_TEXT_ZJ = { personId: null, institutionId: null, province: '330000' };
const X_FREE_TEXT_BJ = { personId: null, institutionId: null, province: '110000' };
const X_OWN = { personId: 'person-expert', institutionId: 'u2', province: '110000' };

// Refusal keys: the messages the callers used before authorize.ts, unchanged.
const Y = null;
const NC = 'coordinator:refusal.not_coordinator';
const NI = 'inventory:refusal.not_coordinator';
const NR = 'roadshow:refusal.coordinator_only';
const NS = 'screening:refusal.not_allowed';
const NP = 'chat:refusal.not_your_patent';
const EO = 'chat:refusal.enterprise_only';
const PU = 'chat:refusal.patent_unavailable';
const NL = 'chat:refusal.no_patents_role';
const NV = 'progress:refusal.not_your_province';
const NIV = 'roadshow:refusal.not_invited';
const AN = 'chat:refusal.enterprise_anonymous';
const NA = 'invites:refusal.not_allowed';
const NF = 'invites:refusal.not_found';
const PN = 'people:refusal.not_allowed';
const DA = 'delivery:refusal.admin_only';
const inviteTarget = (role: Role, scope: Partial<InviteTarget>): InviteTarget => ({
  role,
  institutionId: null,
  universityId: null,
  province: null,
  enterpriseId: null,
  ...scope,
});
const T_INVENTOR_U1 = inviteTarget('INVENTOR', {
  institutionId: 'u1',
  universityId: 'u1',
  province: '330000',
});
const T_COORDINATOR_U1 = inviteTarget('UNIVERSITY_COORDINATOR', {
  institutionId: 'u1',
  universityId: 'u1',
  province: '330000',
});
const T_STAFF_E1 = inviteTarget('ENTERPRISE_STAFF', { enterpriseId: 'e1', province: '330000' });
const IA = 'institutions:refusal.admin_only';
const EV = 'enterprises:refusal.not_your_province';
const EA = 'enterprises:refusal.not_enterprise_admin';
const EB = 'enterprises:refusal.bureau_only';
const E1_ZJ = { enterpriseId: 'e1', region: '330106' }; // e1 in Hangzhou, Zhejiang (the bureau's province)
const E2_BJ = { enterpriseId: 'e2', region: '110105' }; // e2 in Beijing
// Expert evaluation (core/expert-evaluation): requests of patents of u1/c1 by e1's staff and by u1's
// coordinator, and one of u2's; the inventor sees a result once it is released.
const XE = 'expert-evaluation:refusal.not_allowed';
const XR = 'expert-evaluation:refusal.not_your_request';
const request = (scope: object) => ({
  institutionId: 'u1',
  collegeId: 'c1',
  requestedById: 'person-staff',
  requesterEnterpriseId: 'e1' as string | null,
  inventorIds: [INVENTOR_ID],
  released: false,
  ...scope,
});
const R_E1 = request({});
const R_E1_RELEASED = request({ released: true });
const R_U1 = request({ requestedById: 'person-university', requesterEnterpriseId: null });
const R_U2 = request({
  institutionId: 'u2',
  collegeId: 'd1',
  requestedById: 'person-other',
  requesterEnterpriseId: null,
});
type Cell = string | null;

type Row = [action: Action, object: string, value: unknown, cells: Cell[]];
// biome-ignore format: the table is aligned by hand, one column per role
const ROWS: Row[] = [
  //                                                             INVENTOR ENTERPR ENT.ADM COLLEGE UNIVERS EXPERT  BUREAU  ADMIN   operator
  ['screening.queue', '—', undefined,                            [NC,     NC,     NC,     Y,      Y,      NC,     NC,     Y,      NC]],
  ['progress.view', '—', undefined,                              [NC,     NC,     NC,     Y,      Y,      NC,     NC,     Y,      NC]],
  ['progress.viewProvince', '330000', { province: '330000' },    [NV,     NV,     NV,     NV,     NV,     NV,     Y,      Y,      NV]],
  ['progress.viewProvince', '110000', { province: '110000' },    [NV,     NV,     NV,     NV,     NV,     NV,     NV,     Y,      NV]],
  ['inventory.import', 'u1', { institutionId: 'u1' },            [NI,     NI,     NI,     NI,     Y,      NI,     NI,     Y,      Y]],
  ['inventory.import', 'u2', { institutionId: 'u2' },            [NI,     NI,     NI,     NI,     NI,     NI,     NI,     Y,      Y]],
  ['inventory.import', 'none', null,                             [NI,     NI,     NI,     NI,     NI,     NI,     NI,     NI,     NI]],
  ['inventory.export', 'u1', { institutionId: 'u1' },            [NI,     NI,     NI,     NI,     Y,      NI,     NI,     Y,      Y]],
  ['inventory.export', 'u2', { institutionId: 'u2' },            [NI,     NI,     NI,     NI,     NI,     NI,     NI,     Y,      Y]],
  ['inventory.invites', 'u1', { institutionId: 'u1' },           [NI,     NI,     NI,     NI,     Y,      NI,     NI,     Y,      Y]],
  ['inventory.invites', 'u2', { institutionId: 'u2' },           [NI,     NI,     NI,     NI,     NI,     NI,     NI,     Y,      Y]],
  ['inventory.reassign', 'u1', { institutionId: 'u1' },          [NI,     NI,     NI,     NI,     Y,      NI,     NI,     Y,      Y]],
  ['inventory.reassign', 'u2', { institutionId: 'u2' },          [NI,     NI,     NI,     NI,     NI,     NI,     NI,     Y,      Y]],
  ['inventory.reassign', 'none', null,                           [NI,     NI,     NI,     NI,     NI,     NI,     NI,     NI,     NI]],
  ['roadshow.create', 'u1', { institutionId: 'u1' },             [NR,     NR,     NR,     Y,      Y,      NR,     NR,     Y,      NR]],
  ['roadshow.create', 'u2', { institutionId: 'u2' },             [NR,     NR,     NR,     NR,     NR,     NR,     NR,     Y,      NR]],
  ['roadshow.create', 'c1', { institutionId: 'c1' },             [NR,     NR,     NR,     NR,     NR,     NR,     NR,     Y,      NR]],
  ['roadshow.publish', 'u1', { institutionId: 'u1' },            [NR,     NR,     NR,     Y,      Y,      NR,     NR,     Y,      NR]],
  ['roadshow.publish', 'u2', { institutionId: 'u2' },            [NR,     NR,     NR,     NR,     NR,     NR,     NR,     Y,      NR]],
  ['deal.record', 'p1', P1,                                      [ND,     ND,     ND,     Y,      Y,      ND,     ND,     Y,      ND]],
  ['deal.record', 'u1 no college', P0,                           [ND,     ND,     ND,     ND,     Y,      ND,     ND,     Y,      ND]],
  ['deal.record', 'p2', P2,                                      [ND,     ND,     ND,     ND,     ND,     ND,     ND,     Y,      ND]],
  ['deal.record', 'none', null,                                  [ND,     ND,     ND,     ND,     ND,     ND,     ND,     ND,     ND]],
  ['screening.track', 'p1', P1,                                  [NS,     NS,     NS,     Y,      Y,      NS,     NS,     Y,      NS]],
  ['screening.track', 'u1 no college', P0,                       [NS,     NS,     NS,     NS,     Y,      NS,     NS,     Y,      NS]],
  ['screening.track', 'p2', P2,                                  [NS,     NS,     NS,     NS,     NS,     NS,     NS,     Y,      NS]],
  ['screening.track', 'none', null,                              [NS,     NS,     NS,     NS,     NS,     NS,     NS,     NS,     NS]],
  ['screening.decide', 'p1 college', { ...P1, level: 'COLLEGE' },[NS,     NS,     NS,     Y,      NS,     NS,     NS,     Y,      NS]],
  ['screening.decide', 'c2 college', { ...P1C2, level: 'COLLEGE' },
                                                                 [NS,     NS,     NS,     NS,     Y,      NS,     NS,     Y,      NS]],
  ['screening.decide', 'u1 no college', { ...P0, level: 'COLLEGE' },
                                                                 [NS,     NS,     NS,     NS,     Y,      NS,     NS,     Y,      NS]],
  ['screening.decide', 'p2 college', { ...P2, level: 'COLLEGE' },[NS,     NS,     NS,     NS,     NS,     NS,     NS,     Y,      NS]],
  ['screening.decide', 'p1 university', { ...P1, level: 'UNIVERSITY' },
                                                                 [NS,     NS,     NS,     NS,     Y,      NS,     NS,     Y,      NS]],
  ['screening.decide', 'c2 university', { ...P1C2, level: 'UNIVERSITY' },
                                                                 [NS,     NS,     NS,     NS,     Y,      NS,     NS,     Y,      NS]],
  ['screening.decide', 'p2 university', { ...P2, level: 'UNIVERSITY' },
                                                                 [NS,     NS,     NS,     NS,     NS,     NS,     NS,     Y,      NS]],
  ['patent.selfAssess', 'p1', P1,                                [Y,      NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.selfAssess', 'p2', P2,                                [NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.selfAssess', 'none', null,                            [NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.readFeedback', 'p1', P1,                              [Y,      NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.readFeedback', 'p2', P2,                              [NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.viewOwn', 'p1', P1,                                   [Y,      NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.viewOwn', 'p2', P2,                                   [NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.viewOffered', 'p1', P1,                               [NP,     Y,      Y,      NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.viewOffered', 'p2', P2,                               [NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.viewOffered', 'p3 unscreened', P3,                    [NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.viewOffered', 'p4 pushed to e1', P4,                  [NP,     Y,      Y,      NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.viewOffered', 'p5 staff invited', P5,                 [NP,     Y,      NP,     NP,     NP,     NP,     NP,     NP,     NP]],
  ['patent.evaluate', 'p1', P1,                                  [EO,     Y,      Y,      EO,     EO,     EO,     EO,     EO,     EO]],
  ['patent.evaluate', 'p2', P2,                                  [EO,     PU,     PU,     EO,     EO,     EO,     EO,     EO,     EO]],
  ['patent.evaluate', 'p3 unscreened', P3,                       [EO,     PU,     PU,     EO,     EO,     EO,     EO,     EO,     EO]],
  ['patent.evaluate', 'p4 pushed to e1', P4,                     [EO,     Y,      Y,      EO,     EO,     EO,     EO,     EO,     EO]],
  ['patent.evaluate', 'p5 staff invited', P5,                    [EO,     Y,      PU,     EO,     EO,     EO,     EO,     EO,     EO]],
  ['patent.evaluate', 'none', null,                              [EO,     PU,     PU,     EO,     EO,     EO,     EO,     EO,     EO]],
  ['patent.expressInterest', 'p1', P1,                           [NIV,    Y,      Y,      NIV,    NIV,    NIV,    NIV,    NIV,    NIV]],
  ['patent.expressInterest', 'p2', P2,                           [NIV,    NIV,    NIV,    NIV,    NIV,    NIV,    NIV,    NIV,    NIV]],
  ['patent.expressInterest', 'p3 unscreened', P3,                [NIV,    NIV,    NIV,    NIV,    NIV,    NIV,    NIV,    NIV,    NIV]],
  ['patent.expressInterest', 'p4 pushed to e1', P4,              [NIV,    Y,      Y,      NIV,    NIV,    NIV,    NIV,    NIV,    NIV]],
  ['match.decline', 'e1', { enterpriseId: 'e1' },                [EO,     Y,      Y,      EO,     EO,     EO,     EO,     EO,     EO]],
  ['match.decline', 'e2', { enterpriseId: 'e2' },                [EO,     EO,     EO,     EO,     EO,     EO,     EO,     EO,     EO]],
  ['match.list', 'e1', { enterpriseId: 'e1' },                   [NL,     Y,      Y,      NL,     NL,     NL,     NL,     NL,     NL]],
  ['match.list', 'e2', { enterpriseId: 'e2' },                   [NL,     NL,     NL,     NL,     NL,     NL,     NL,     NL,     NL]],
  // Naming the enterprise of an evaluation: anyone when it consented, else itself and administrators.
  ['evaluation.identifyEnterprise', 'e1 consented', { enterpriseId: 'e1', contactConsent: true },
                                                                 [Y,      Y,      Y,      Y,      Y,      Y,      Y,      Y,      Y]],
  ['evaluation.identifyEnterprise', 'e1 declined', { enterpriseId: 'e1', contactConsent: false },
                                                                 [AN,     Y,      Y,      AN,     AN,     AN,     AN,     Y,      AN]],
  ['evaluation.identifyEnterprise', 'e2 declined', { enterpriseId: 'e2', contactConsent: false },
                                                                 [AN,     AN,     AN,     AN,     AN,     AN,     AN,     Y,      AN]],
  ['evaluation.identifyEnterprise', 'none', null,                [AN,     AN,     AN,     AN,     AN,     AN,     AN,     AN,     AN]],
  // Invitations: a few cells here; the whole who-may-invite-whom table in invite-table.test.ts.
  ['invite.create', 'inventor u1', T_INVENTOR_U1,                [NA,     NA,     NA,     NA,     Y,      NA,     NA,     Y,      Y]],
  ['invite.create', 'coordinator u1', T_COORDINATOR_U1,          [NA,     NA,     NA,     NA,     NA,     NA,     Y,      Y,      Y]],
  ['invite.create', 'staff e1', T_STAFF_E1,                      [NA,     NA,     Y,      NA,     NA,     NA,     Y,      Y,      Y]],
  ['invite.create', 'none', null,                                [NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA]],
  ['invite.manage', 'inventor u1', T_INVENTOR_U1,                [NF,     NF,     NF,     NF,     Y,      NF,     NF,     Y,      Y]],
  ['invite.manage', 'staff e1', T_STAFF_E1,                      [NF,     NF,     Y,      NF,     NF,     NF,     Y,      Y,      Y]],
  ['invite.manage', 'none', null,                                [NF,     NF,     NF,     NF,     NF,     NF,     NF,     NF,     NF]],
  ['person.removeRole', 'inventor u1', T_INVENTOR_U1,            [PN,     PN,     PN,     PN,     Y,      PN,     PN,     Y,      Y]],
  ['person.removeRole', 'coordinator u1', T_COORDINATOR_U1,      [PN,     PN,     PN,     PN,     PN,     PN,     Y,      Y,      Y]],
  ['person.removeRole', 'none', null,                            [PN,     PN,     PN,     PN,     PN,     PN,     PN,     PN,     PN]],
  ['person.administer', '—', undefined,                          [PN,     PN,     PN,     PN,     PN,     PN,     PN,     Y,      Y]],
  ['delivery.administer', '—', undefined,                        [DA,     DA,     DA,     DA,     DA,     DA,     DA,     Y,      Y]],
  ['institution.register', '—', undefined,                       [IA,     IA,     IA,     IA,     IA,     IA,     IA,     Y,      Y]],
  ['institution.list', '—', undefined,                           [IA,     IA,     IA,     IA,     IA,     IA,     IA,     Y,      Y]],
  ['institution.edit', 'u1', { institutionId: 'u1' },            [IA,     IA,     IA,     IA,     IA,     IA,     IA,     Y,      Y]],
  ['institution.edit', 'none', null,                             [IA,     IA,     IA,     IA,     IA,     IA,     IA,     IA,     IA]],
  ['enterprise.verify', 'e1 330106', E1_ZJ,                      [EV,     EV,     EV,     EV,     EV,     EV,     Y,      Y,      Y]],
  ['enterprise.verify', 'e2 110105', E2_BJ,                      [EV,     EV,     EV,     EV,     EV,     EV,     EV,     Y,      Y]],
  ['enterprise.verify', 'none', null,                            [EV,     EV,     EV,     EV,     EV,     EV,     EV,     EV,     EV]],
  ['enterprise.editProfile', 'e1', { enterpriseId: 'e1' },       [EA,     EA,     Y,      EA,     EA,     EA,     EA,     Y,      EA]],
  ['enterprise.editProfile', 'e2', { enterpriseId: 'e2' },       [EA,     EA,     EA,     EA,     EA,     EA,     EA,     Y,      EA]],
  ['enterprise.editProfile', 'none', null,                       [EA,     EA,     EA,     EA,     EA,     EA,     EA,     EA,     EA]],
  ['enterprise.import', '—', undefined,                          [EB,     EB,     EB,     EB,     EB,     EB,     Y,      Y,      Y]],
  ['enterprise.review', '—', undefined,                          [EB,     EB,     EB,     EB,     EB,     EB,     Y,      Y,      Y]],
  ['staff.import', 'u1', { institutionId: 'u1' },                [SN,     SN,     SN,     SN,     Y,      SN,     SN,     Y,      Y]],
  ['staff.import', 'u2', { institutionId: 'u2' },                [SN,     SN,     SN,     SN,     SN,     SN,     SN,     Y,      Y]],
  ['staff.import', 'none', null,                                 [SN,     SN,     SN,     SN,     SN,     SN,     SN,     SN,     SN]],
  ['staff.list', 'u1', { institutionId: 'u1' },                  [SN,     SN,     SN,     SN,     Y,      SN,     SN,     Y,      Y]],
  ['staff.list', 'u2', { institutionId: 'u2' },                  [SN,     SN,     SN,     SN,     SN,     SN,     SN,     Y,      Y]],
  ['expert.manage', '—', undefined,                              [XN,     XN,     XN,     XN,     Y,      XN,     Y,      Y,      XN]],
  ['expert.invite', 'u1 330000', X_U1,                           [XN,     XN,     XN,     XN,     Y,      XN,     Y,      Y,      XN]],
  ['expert.invite', 'u2 110000', X_U2,                           [XN,     XN,     XN,     XN,     XN,     XN,     XN,     Y,      XN]],
  ['expert.invite', 'enterprise 330000', X_ENTERPRISE_ZJ,        [XN,     XN,     XN,     XN,     XN,     XN,     Y,      Y,      XN]],
  ['expert.invite', 'free text', X_FREE_TEXT,                    [XN,     XN,     XN,     XN,     XN,     XN,     XN,     Y,      XN]],
  ['expert.invite', 'free text, region 330000', X_FREE_TEXT_ZJ,  [XN,     XN,     XN,     XN,     XN,     XN,     Y,      Y,      XN]],
  ['expert.invite', 'free text, region 110000', X_FREE_TEXT_BJ,  [XN,     XN,     XN,     XN,     XN,     XN,     XN,     Y,      XN]],
  ['expert.invite', 'none', null,                                [XN,     XN,     XN,     XN,     XN,     XN,     XN,     XN,     XN]],
  ['expert.edit', 'u1 330000', X_U1,                             [XN,     XN,     XN,     XN,     Y,      XN,     Y,      Y,      XN]],
  ['expert.edit', 'free text', X_FREE_TEXT,                      [XN,     XN,     XN,     XN,     XN,     XN,     XN,     Y,      XN]],
  ['expert.edit', 'free text, region 110000', X_FREE_TEXT_BJ,    [XN,     XN,     XN,     XN,     XN,     XN,     XN,     Y,      XN]],
  ['expert.edit', 'own profile, u2', X_OWN,                      [XN,     XN,     XN,     XN,     XN,     Y,      XN,     Y,      XN]],
  ['expert.edit', 'none', null,                                  [XN,     XN,     XN,     XN,     XN,     XN,     XN,     XN,     XN]],
  ['expertEvaluation.request', 'p1', P1,                         [XE,     Y,      Y,      Y,      Y,      XE,     XE,     Y,      XE]],
  ['expertEvaluation.request', 'p2', P2,                         [XE,     XE,     XE,     XE,     XE,     XE,     XE,     Y,      XE]],
  ['expertEvaluation.request', 'p4 pushed to e1', P4,            [XE,     Y,      Y,      Y,      Y,      XE,     XE,     Y,      XE]],
  ['expertEvaluation.request', 'none', null,                     [XE,     XE,     XE,     XE,     XE,     XE,     XE,     XE,     XE]],
  ['expertEvaluation.respond', 'own', { expertPersonId: 'person-expert' },
                                                                 [XR,     XR,     XR,     XR,     XR,     Y,      XR,     XR,     XR]],
  ['expertEvaluation.respond', 'none', null,                     [XR,     XR,     XR,     XR,     XR,     XR,     XR,     XR,     XR]],
  ['expertEvaluation.view', 'e1 request', R_E1,                  [XE,     Y,      Y,      Y,      Y,      XE,     XE,     Y,      XE]],
  ['expertEvaluation.view', 'e1 released', R_E1_RELEASED,        [Y,      Y,      Y,      Y,      Y,      XE,     XE,     Y,      XE]],
  ['expertEvaluation.view', 'u2 request', R_U2,                  [XE,     XE,     XE,     XE,     XE,     XE,     XE,     Y,      XE]],
  ['expertEvaluation.view', 'none', null,                        [XE,     XE,     XE,     XE,     XE,     XE,     XE,     XE,     XE]],
  ['expertEvaluation.reassign', 'e1 request', R_E1,              [XE,     Y,      Y,      XE,     XE,     XE,     XE,     Y,      XE]],
  ['expertEvaluation.reassign', 'u1 request', R_U1,              [XE,     XE,     XE,     Y,      Y,      XE,     XE,     Y,      XE]],
  ['expertEvaluation.release', 'e1 request', R_E1,               [XE,     XE,     XE,     Y,      Y,      XE,     XE,     Y,      XE]],
  ['expertEvaluation.release', 'u2 request', R_U2,               [XE,     XE,     XE,     XE,     XE,     XE,     XE,     Y,      XE]],
  ['openLicence.release', 'p1', P1,                              [OC,     OC,     OC,     Y,      Y,      OC,     OC,     Y,      OC]],
  ['openLicence.release', 'p2', P2,                              [OC,     OC,     OC,     OC,     OC,     OC,     OC,     Y,      OC]],
  ['openLicence.release', 'none', null,                          [OC,     OC,     OC,     OC,     OC,     OC,     OC,     OC,     OC]],
  ['openLicence.claim', 'p1 in the pool', P1,                    [ON,     Y,      Y,      ON,     ON,     ON,     ON,     ON,     ON]],
  ['openLicence.claim', 'p2 lapsed', P2,                         [ON,     ON,     ON,     ON,     ON,     ON,     ON,     ON,     ON]],
  ['openLicence.claim', 'p4 pushed, not in the pool', P4,        [ON,     ON,     ON,     ON,     ON,     ON,     ON,     ON,     ON]],
  ['openLicence.claim', 'none', null,                            [ON,     ON,     ON,     ON,     ON,     ON,     ON,     ON,     ON]],
  ['openLicence.confirmFee', 'p1', P1,                           [OC,     OC,     OC,     Y,      Y,      OC,     OC,     Y,      OC]],
  ['openLicence.confirmFee', 'p2', P2,                           [OC,     OC,     OC,     OC,     OC,     OC,     OC,     Y,      OC]],
  ['openLicence.confirmFee', 'none', null,                       [OC,     OC,     OC,     OC,     OC,     OC,     OC,     OC,     OC]],
];

const LOOKUP_ACTIONS: readonly Action[] = [
  'roadshow.create',
  'roadshow.publish',
  'screening.decide',
  'patent.viewOffered',
  'patent.evaluate',
  'patent.expressInterest',
  'expertEvaluation.request',
] satisfies LookupAction[];
const UNSCOPED: readonly Action[] = [
  'screening.queue',
  'progress.view',
  'person.administer',
  'institution.register',
  'institution.list',
  'enterprise.import',
  'enterprise.review',
  'expert.manage',
];

// Untyped views of the API, for a table that mixes every action and object.
const mayAny = may as (actor: Operator, action: Action, object?: unknown) => boolean;
const authorizeAny = authorize as (actor: Operator, action: Action, object?: unknown) => unknown;
const mayAsyncAny = mayAsync as (
  d: InstitutionDirectory,
  a: Operator,
  x: Action,
  o: unknown,
) => Promise<boolean>;
const authorizeAsyncAny = authorizeAsync as (
  d: InstitutionDirectory,
  a: Operator,
  x: Action,
  o: unknown,
) => Promise<unknown>;

function refusalKeyOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.reason.key;
    throw error;
  }
}
async function asyncRefusalKeyOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.reason.key;
    throw error;
  }
}

describe('the role × action table', () => {
  it('covers every action of authorize.ts, and every role of the schema', () => {
    expect(new Set(ROWS.map(([action]) => action))).toEqual(new Set(Object.keys(RULES)));
    expect(COLUMNS).toHaveLength(9);
    for (const [, , , cells] of ROWS) expect(cells).toHaveLength(COLUMNS.length);
  });

  const cells = ROWS.flatMap(([action, objectName, object, row]) =>
    COLUMNS.map((role, i) => ({ role, action, objectName, object, expected: row[i] ?? null })),
  );

  it.each(cells)('$role · $action · $objectName → $expected', async ({ role, action, object, expected }) => {
    const who = ACTORS[role];
    const directory = tableDirectory();
    if (!LOOKUP_ACTIONS.includes(action)) {
      // Roles suffice: the synchronous answer, and the refusal with the callers' message.
      const args = UNSCOPED.includes(action) ? [] : [object];
      expect(mayAny(who, action, ...args)).toBe(expected === null);
      expect(refusalKeyOf(() => authorizeAny(who, action, ...args))).toBe(expected);
    }
    if (!UNSCOPED.includes(action)) {
      // Every scoped action also answers asynchronously, with the institution tree at hand.
      expect(await mayAsyncAny(directory, who, action, object)).toBe(expected === null);
      expect(await asyncRefusalKeyOf(() => authorizeAsyncAny(directory, who, action, object))).toBe(expected);
    }
  });
});

describe('lookups', () => {
  it('asks the institution tree only when the roles do not settle it', async () => {
    const calls: string[] = [];
    const directory = tableDirectory(calls);
    await mayAsync(directory, ACTORS.ADMIN, 'roadshow.create', { institutionId: 'u2' });
    await mayAsync(directory, ACTORS.UNIVERSITY_COORDINATOR, 'roadshow.publish', { institutionId: 'u1' });
    await mayAsync(directory, ACTORS.UNIVERSITY_COORDINATOR, 'screening.decide', { ...P0, level: 'COLLEGE' });
    await mayAsync(directory, ACTORS.INVENTOR, 'patent.selfAssess', P1);
    // A pool patent is offered to every enterprise; nobody but enterprise staff is offered anything.
    await mayAsync(directory, ACTORS.ENTERPRISE_STAFF, 'patent.viewOffered', P1);
    await mayAsync(directory, ACTORS.INVENTOR, 'patent.evaluate', P3);
    await mayAsync(directory, ACTORS.ENTERPRISE_STAFF, 'patent.evaluate', P2);
    expect(calls).toEqual([]);
    await mayAsync(directory, ACTORS.COLLEGE_COORDINATOR, 'roadshow.create', { institutionId: 'u1' });
    await mayAsync(directory, ACTORS.UNIVERSITY_COORDINATOR, 'screening.decide', {
      ...P1C2,
      level: 'COLLEGE',
    });
    await mayAsync(directory, ACTORS.ENTERPRISE_STAFF, 'patent.viewOffered', P3);
    expect(calls).toEqual([
      'universitiesOf c1',
      'uncoordinatedColleges u1',
      'offeredOutsidePool p3 e1 person-staff',
    ]);
  });

  it('without the tree, a college coordinator is not taken for a university coordinator', () => {
    // authorize's sync functions do not accept the lookup actions (a type error); the rule alone refuses.
    expect(RULES['roadshow.create'](ACTORS.COLLEGE_COORDINATOR, { institutionId: 'u1' }, {})).toBe(NR);
    expect(
      RULES['roadshow.create'](
        ACTORS.COLLEGE_COORDINATOR,
        { institutionId: 'u1' },
        { universitiesOfColleges: ['u1'] },
      ),
    ).toBe(null);
  });
});

describe('the scope an actor acts in', () => {
  it('administeredInstitution: exactly one university, or why not', () => {
    expect(administeredInstitution(ACTORS.UNIVERSITY_COORDINATOR)).toBe('u1');
    const two = actor('p', 'UNIVERSITY_COORDINATOR', { institutionId: 'u1' });
    two.roles.push({ ...two.roles[0]!, institutionId: 'u2' });
    expect(refusalKeyOf(() => administeredInstitution(two))).toBe('coordinator:refusal.several_institutions');
    expect(refusalKeyOf(() => administeredInstitution(ACTORS.ADMIN))).toBe(
      'coordinator:refusal.several_institutions',
    );
    expect(refusalKeyOf(() => administeredInstitution(ACTORS.COLLEGE_COORDINATOR))).toBe(NI);
    expect(refusalKeyOf(() => administeredInstitution(ACTORS.INVENTOR))).toBe(NI);
  });

  it('actingEnterprise: the staff member’s enterprise, or the action’s refusal', () => {
    expect(actingEnterprise(ACTORS.ENTERPRISE_STAFF, 'match.decline')).toBe('e1');
    expect(refusalKeyOf(() => actingEnterprise(ACTORS.INVENTOR, 'match.decline'))).toBe(EO);
    expect(refusalKeyOf(() => actingEnterprise(ACTORS.INVENTOR, 'match.list'))).toBe(NL);
  });

  it("organisingInstitution: one's university, one's college's university, an admin's own", async () => {
    const directory = tableDirectory();
    expect(await organisingInstitution(directory, ACTORS.UNIVERSITY_COORDINATOR)).toBe('u1');
    expect(await organisingInstitution(directory, ACTORS.COLLEGE_COORDINATOR)).toBe('u1');
    expect(await organisingInstitution(directory, actor('a', 'ADMIN', { institutionId: 'u2' }))).toBe('u2');
    for (const who of [ACTORS.ADMIN, ACTORS.INVENTOR, ACTORS.BUREAU_OFFICER]) {
      expect(await asyncRefusalKeyOf(() => organisingInstitution(directory, who))).toBe(NR);
    }
  });
});

// ------------------------------------------------------------------ against the real tree
describe.each(DATABASE_KINDS)('the institution tree on %s', (kind) => {
  let db: TestDatabase;
  const ids = {} as Record<'u1' | 'c1' | 'c2' | 'u2' | 'd1', string>;
  let collegeCoordinator: Actor;
  let universityCoordinator: Actor;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const institution = (code: string, kindOf: 'UNIVERSITY' | 'COLLEGE', parentId: string | null = null) =>
      db.prisma.institution.create({
        data: { code, nameZh: code, kind: kindOf, province: '330000', parentId },
      });
    ids.u1 = (await institution('AZ-U1', 'UNIVERSITY')).id;
    ids.u2 = (await institution('AZ-U2', 'UNIVERSITY')).id;
    ids.c1 = (await institution('AZ-C1', 'COLLEGE', ids.u1)).id;
    ids.c2 = (await institution('AZ-C2', 'COLLEGE', ids.u1)).id;
    ids.d1 = (await institution('AZ-D1', 'COLLEGE', ids.u2)).id;
    const person = async (name: string, role: Role, institutionId: string) =>
      (
        await db.prisma.person.create({
          data: { name, roles: { create: { role, institutionId } } },
        })
      ).id;
    collegeCoordinator = (await loadActor(
      db.prisma,
      await person('学院联络人', 'COLLEGE_COORDINATOR', ids.c1),
    ))!;
    universityCoordinator = (await loadActor(
      db.prisma,
      await person('学校联络人', 'UNIVERSITY_COORDINATOR', ids.u1),
    ))!;
    await person('另一学院联络人', 'COLLEGE_COORDINATOR', ids.d1);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("counts a college's coordinator as a coordinator of its university, and of no other", async () => {
    expect(await mayAsync(db.prisma, collegeCoordinator, 'roadshow.create', { institutionId: ids.u1 })).toBe(
      true,
    );
    expect(await mayAsync(db.prisma, collegeCoordinator, 'roadshow.publish', { institutionId: ids.u1 })).toBe(
      true,
    );
    expect(await mayAsync(db.prisma, collegeCoordinator, 'roadshow.create', { institutionId: ids.u2 })).toBe(
      false,
    );
    expect(await mayAsync(db.prisma, collegeCoordinator, 'roadshow.create', { institutionId: ids.c1 })).toBe(
      false,
    );
    await expect(
      authorizeAsync(db.prisma, collegeCoordinator, 'roadshow.publish', { institutionId: ids.u2 }),
    ).rejects.toMatchObject({ reason: { key: NR } });
    expect(await organisingInstitution(db.prisma, collegeCoordinator)).toBe(ids.u1);
  });

  it('lets a university coordinator stand in only for its colleges without a coordinator', async () => {
    const at = (collegeId: string | null, institutionId = ids.u1) =>
      mayAsync(db.prisma, universityCoordinator, 'screening.decide', {
        institutionId,
        collegeId,
        level: 'COLLEGE',
      });
    expect(await at(ids.c2)).toBe(true);
    expect(await at(null)).toBe(true);
    expect(await at(ids.c1)).toBe(false);
    expect(await at(ids.d1, ids.u2)).toBe(false);
    // the queue's filter is built from the same reach
    expect(await levelScope(db.prisma, universityCoordinator, 'COLLEGE')).toEqual({
      inventoryStatus: 'SUBMITTED',
      OR: [
        { institutionId: { in: [] } },
        { collegeId: { in: [ids.c2] } },
        { institutionId: { in: [ids.u1] }, collegeId: null },
      ],
    });
    expect(await levelScope(db.prisma, collegeCoordinator, 'COLLEGE')).toMatchObject({
      OR: [{ institutionId: { in: [] } }, { collegeId: { in: [ids.c1] } }, { institutionId: { in: [] } }],
    });
  });
});
