// One place for authorization: may this actor do this action to that object? Every role and scope
// of Revive is answered here, by one rule per action (RULES, below), and flows and use cases ask
// here instead of looking at roles themselves. The role × action table is tested cell by cell in
// test/core/people/authorize.test.ts.
//
//   may(actor, action, object)                 roles suffice: true or false
//   authorize(actor, action, object, detail?)  the same, refusing with the action's own message
//   mayAsync / authorizeAsync(db, …)           for the actions that also need the institution tree
//                                              (a college coordinator's university, colleges
//                                              without a coordinator) or the offers made to an
//                                              enterprise (pushes, roadshows); they accept every action
//
// The object is what the action applies to (an institution, a patent with its institution, college
// and responsible inventor, an enterprise, a province). `null` as the object is "there is no such
// thing": refused with the same message as a foreign one, so that existence is not revealed. `null`
// as the actor is the operator at the server's command line, who holds the database credentials
// anyway: allowed the inventory commands, nothing else.
import type { InventoryStatus, LegalStatus, Prisma, ScreeningLevel } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import { type Actor, enterpriseOf, hasRole, institutionsWith } from './actor.ts';
import { type InviteTarget, rolesMayInvite } from './invite-table.ts';

export type { InviteTarget } from './invite-table.ts';

/** An actor, or null for the operator at the command line (CLI commands). */
export type Operator = Actor | null;

/** A patent as far as its institution and college are concerned. */
export interface PatentScope {
  institutionId: string;
  collegeId: string | null;
}
/** A patent waiting for screening at a level. */
export interface ScreeningObject extends PatentScope {
  level: ScreeningLevel;
}
/** A patent as far as its responsible inventor is concerned. */
export interface OwnedPatent {
  responsibleInventorId: string | null;
}
/**
 * A patent as offered to enterprises. Enterprises see valid patents of the transformation resource
 * pool, and beyond it only what was put before them: patents pushed to their enterprise, patents
 * featured in a roadshow they are invited to (looked up: offeredOutsidePool). A submitted but
 * unscreened patent is the institution's business, not yet an offer.
 */
export interface OfferedPatent {
  id: string;
  legalStatus: LegalStatus;
  inventoryStatus: InventoryStatus;
}
export interface InstitutionObject {
  institutionId: string;
}
export interface EnterpriseObject {
  enterpriseId: string;
}
/** An enterprise's evaluation as far as naming the enterprise is concerned. */
export interface EvaluationIdentity {
  enterpriseId: string;
  /** The enterprise agreed to be contacted (the evaluation's contactConsent answer). */
  contactConsent: boolean;
}
export interface ProvinceObject {
  province: string;
}
/**
 * An expert (core/experts) as far as who manages them is concerned: the person (null for someone not
 * yet in Revive), the registered institution of their affiliation, and the province they are managed
 * in: the registered institution's or enterprise's, for a free-text affiliation that of the region
 * given to the expert, null when there is none.
 */
export interface ExpertObject {
  personId: string | null;
  institutionId: string | null;
  province: string | null;
}
/** An enterprise as far as its province is concerned (region: its GB/T 2260 code). */
export interface EnterpriseRegionObject {
  enterpriseId: string;
  region: string;
}

/**
 * A patent an expert evaluation is requested for (core/expert-evaluation): its institution and
 * college (the coordinators') and how it is offered (enterprises: a pool or pushed patent).
 */
export type EvaluablePatent = PatentScope & OfferedPatent;
/**
 * An expert evaluation request (core/expert-evaluation) as far as seeing, reassigning and
 * releasing its result are concerned.
 */
export interface ExpertRequestObject extends PatentScope {
  requestedById: string;
  /** The requesting enterprise; null: the patent's institution asked. */
  requesterEnterpriseId: string | null;
  /** The patent's inventors known as people (the responsible one and those linked). */
  inventorIds: readonly string[];
  /** A coordinator released the result to the inventors. */
  released: boolean;
}

/** Every action, with the object it applies to (`undefined`: it applies to no object in particular). */
export interface ActionObjects {
  /** See the screening queues (counts and lists narrowed to one's scope by levelScope). */
  'screening.queue': undefined;
  /** Decide on (or review) a submission at its level. */
  'screening.decide': ScreeningObject;
  /** Learn what became of a patent's screening (told "not waiting" instead of "not allowed"). */
  'screening.track': PatentScope;
  /** Record a deal (transfer, licence, equity…) on a patent: its coordinators, administrators (core/deals). */
  'deal.record': PatentScope;
  /** The coordinator's progress view of their institutions and colleges. */
  'progress.view': undefined;
  /** A province's progress by institution (bureaus). */
  'progress.viewProvince': ProvinceObject;
  /** Import a patent list into an institution's inventory. */
  'inventory.import': InstitutionObject;
  /** Export an institution's annotated inventory. */
  'inventory.export': InstitutionObject;
  /** Export an institution's invitation links. */
  'inventory.invites': InstitutionObject;
  /** Link an inventor name to a person, or reassign who answers a patent. */
  'inventory.reassign': InstitutionObject;
  /** Create a roadshow for an institution (and go through the creation wizard). */
  'roadshow.create': InstitutionObject;
  /** Publish an institution's roadshow and invite its audience. */
  'roadshow.publish': InstitutionObject;
  /** Answer a patent's self-assessment (alone or in bulk). */
  'patent.selfAssess': OwnedPatent;
  /** Read the enterprises' feedback on a patent. */
  'patent.readFeedback': OwnedPatent;
  /** See one's own patent as its inventor (status, return comment, assessment buttons). */
  'patent.viewOwn': OwnedPatent;
  /** See a patent offered to enterprises. */
  'patent.viewOffered': OfferedPatent;
  /** Evaluate a patent for one's enterprise. */
  'patent.evaluate': OfferedPatent;
  /** Ask for an introduction to a patent's holder outside any roadshow (enterprise staff). */
  'patent.expressInterest': OfferedPatent;
  /** Decline a match pushed to one's enterprise. */
  'match.decline': EnterpriseObject;
  /** See the patents recommended to one's enterprise. */
  'match.list': EnterpriseObject;
  /**
   * Read which enterprise wrote an evaluation (feedback, exports): everyone when it consented to be
   * contacted; otherwise only the enterprise itself and administrators. Others are shown an
   * anonymous label (core/assessments/enterprise-name.ts).
   */
  'evaluation.identifyEnterprise': EvaluationIdentity;
  /** Register an institution (university, research institute, hospital) with its colleges. */
  'institution.register': undefined;
  /** Edit, deactivate or reactivate an institution or one of its colleges, add colleges. */
  'institution.edit': InstitutionObject;
  /** List every institution (all provinces). */
  'institution.list': undefined;
  /** Invite someone to a role and scope (who may invite whom: core/people/invite-table.ts). */
  'invite.create': InviteTarget;
  /** See or revoke an open invitation: whoever could have issued it. */
  'invite.manage': InviteTarget;
  /** Take a role (at its scope) away from a person: whoever may grant it. */
  'person.removeRole': InviteTarget;
  /** Unbind a person's chat account, or deactivate a person: administrators. */
  'person.administer': undefined;
  /** Retry or close the delivery outbox's dead letters (core/delivery/dead-letters.ts): administrators. */
  'delivery.administer': undefined;
  /** Verify or reject a registered enterprise (bureau officers of its province; core/enterprises). */
  'enterprise.verify': EnterpriseRegionObject;
  /** Edit an enterprise's profile (its administrators). */
  'enterprise.editProfile': EnterpriseObject;
  /** Import a list of enterprises as verified (bureau officers, administrators, the operator). */
  'enterprise.import': undefined;
  /** List the enterprises waiting for verification (bureau officers, administrators, the operator). */
  'enterprise.review': undefined;
  /** Import or list an institution's staff directory (core/staff). */
  'staff.import': InstitutionObject;
  'staff.list': InstitutionObject;
  /** Manage experts at all: import a list, list those one manages (core/experts). */
  'expert.manage': undefined;
  /** Add or invite an expert of this affiliation. */
  'expert.invite': ExpertObject;
  /** Edit an expert's profile (also the expert's own). */
  'expert.edit': ExpertObject;
  /** Request an expert evaluation of a patent: its coordinators, or an enterprise it is offered to. */
  'expertEvaluation.request': EvaluablePatent;
  /** Accept, decline and answer an evaluation request: the invited expert only. */
  'expertEvaluation.respond': { expertPersonId: string };
  /** Read a result: the requester, the institution's coordinators; the inventors once released. */
  'expertEvaluation.view': ExpertRequestObject;
  /** Hand an overdue request to another expert: the requesting party. */
  'expertEvaluation.reassign': ExpertRequestObject;
  /** Release a result to the inventors: the institution's coordinators. */
  'expertEvaluation.release': ExpertRequestObject;
  /** Release a patent's open-licence declaration to enterprises (its coordinators). */
  'openLicence.release': PatentScope;
  /** Take an open licence of a pool patent for one's enterprise (art. 51 notice). */
  'openLicence.claim': OfferedPatent;
  /** Confirm that an open-licence fee was received, which records the deal (its coordinators). */
  'openLicence.confirmFee': PatentScope;
}
export type Action = keyof ActionObjects;
/** Actions that apply to no object in particular. */
export type UnscopedAction = { [A in Action]: ActionObjects[A] extends undefined ? A : never }[Action];
export type ScopedAction = Exclude<Action, UnscopedAction>;

/** Facts from the institution tree; only the actions in LOOKUPS need them. */
export interface InstitutionFacts {
  /** The universities the actor's coordinated colleges belong to. */
  universitiesOfColleges?: readonly string[];
  /** Colleges of the patent's university that have no college coordinator in Revive. */
  uncoordinatedColleges?: readonly string[];
  /** The patent, outside the pool, was pushed to the actor's enterprise or featured for them. */
  offeredOutsidePool?: boolean;
}

/** Where the facts come from: the database, or (in tests) a table. */
export interface InstitutionDirectory {
  /** The parents of these institutions (the universities of these colleges). */
  universitiesOf(collegeIds: readonly string[]): Promise<string[]>;
  /** Colleges of these universities that have no college coordinator. */
  uncoordinatedColleges(universityIds: readonly string[]): Promise<string[]>;
  /** Whether this patent was pushed to the enterprise or featured in a roadshow the person is invited to. */
  offeredOutsidePool(patentId: string, enterpriseId: string, personId: string): Promise<boolean>;
}

export function institutionDirectory(db: Db): InstitutionDirectory {
  return {
    async universitiesOf(collegeIds) {
      if (collegeIds.length === 0) return [];
      const colleges = await db.institution.findMany({
        where: { id: { in: [...collegeIds] }, parentId: { not: null } },
        select: { parentId: true },
      });
      return [...new Set(colleges.map((c) => c.parentId!))];
    },
    async uncoordinatedColleges(universityIds) {
      if (universityIds.length === 0) return [];
      const colleges = await db.institution.findMany({
        where: { parentId: { in: [...universityIds] }, roles: { none: { role: 'COLLEGE_COORDINATOR' } } },
        select: { id: true },
      });
      return colleges.map((c) => c.id);
    },
    async offeredOutsidePool(patentId, enterpriseId, personId) {
      const found = await db.patent.count({
        where: { id: patentId, OR: offeredOutsidePoolWhere(enterpriseId, personId) },
      });
      return found > 0;
    },
  };
}

/** What every enterprise may see, as a database filter for lists: the valid patents of the pool. */
export const POOL_OFFER = {
  legalStatus: 'VALID',
  inventoryStatus: 'IN_POOL',
} as const satisfies Prisma.PatentWhereInput;

/**
 * The patents offered to one enterprise's staff member beyond the pool, as alternatives of a
 * filter: pushed to the enterprise (a match handed to the outbox, whatever its answer since), or
 * featured in a roadshow the person is invited to.
 */
export function offeredOutsidePoolWhere(enterpriseId: string, personId: string): Prisma.PatentWhereInput[] {
  return [
    { matchPushes: { some: { enterpriseId, status: { not: 'PENDING' } } } },
    { roadshows: { some: { roadshow: { invitations: { some: { personId } } } } } },
  ];
}

// ------------------------------------------------------------------------------------ the rules

const universitiesOf = (actor: Actor) => institutionsWith(actor, 'UNIVERSITY_COORDINATOR');
const collegesOf = (actor: Actor) => institutionsWith(actor, 'COLLEGE_COORDINATOR');

/** ADMIN, or a coordinator of any university or college. */
const isCoordinator = (actor: Operator): boolean =>
  actor !== null &&
  (hasRole(actor, 'ADMIN') || collegesOf(actor).length > 0 || universitiesOf(actor).length > 0);

/**
 * Which patents an actor screens at a level. College coordinators screen their college's
 * submissions; university coordinators screen what colleges approved, and stand in at the college
 * level for patents without a college or whose college has no coordinator in Revive (otherwise
 * those submissions would wait forever). `all` for administrators.
 */
export type ScreeningReach =
  | { all: true }
  | {
      all: false;
      /** Every patent of these institutions. */
      institutions: string[];
      /** Every patent of these colleges. */
      colleges: string[];
      /** The patents of these institutions that belong to no college. */
      withoutCollege: string[];
    };

export function screeningReach(
  actor: Operator,
  level: ScreeningLevel,
  /** Colleges without a coordinator among those of the actor's universities (COLLEGE level). */
  uncoordinatedColleges: readonly string[] = [],
): ScreeningReach {
  if (actor === null) return { all: false, institutions: [], colleges: [], withoutCollege: [] };
  if (hasRole(actor, 'ADMIN')) return { all: true };
  const universities = universitiesOf(actor);
  if (level === 'UNIVERSITY')
    return { all: false, institutions: universities, colleges: [], withoutCollege: [] };
  return {
    all: false,
    institutions: [],
    colleges: [...collegesOf(actor), ...uncoordinatedColleges],
    withoutCollege: universities,
  };
}

function reaches(reach: ScreeningReach, patent: PatentScope): boolean {
  if (reach.all) return true;
  if (reach.institutions.includes(patent.institutionId)) return true;
  if (patent.collegeId === null) return reach.withoutCollege.includes(patent.institutionId);
  return reach.colleges.includes(patent.collegeId);
}

/** A rule: null when allowed, otherwise the full key of the refusal's message. */
type Rule<O> = (actor: Operator, object: O | null | undefined, facts: InstitutionFacts) => string | null;

const NOT_COORDINATOR = 'coordinator:refusal.not_coordinator';
const NOT_INVENTORY_ADMIN = 'inventory:refusal.not_coordinator';
const NOT_ROADSHOW_COORDINATOR = 'roadshow:refusal.coordinator_only';
const NOT_YOUR_PATENT = 'chat:refusal.not_your_patent';
const SCREENING_NOT_ALLOWED = 'screening:refusal.not_allowed';
const INSTITUTION_ADMIN = 'institutions:refusal.admin_only';

const when = (allowed: boolean, key: string) => (allowed ? null : key);

/** A bureau officer of any province, an administrator, or the operator at the command line. */
const isBureauOrAdmin = (actor: Operator): boolean =>
  actor === null || hasRole(actor, 'ADMIN') || hasRole(actor, 'BUREAU_OFFICER');

/**
 * Experts: administrators; the university coordinators of the expert's institution; bureau officers
 * of the expert's province. An expert of free-text affiliation without a region is in no province:
 * administrators only (Revive keeps no "added by"; core/experts gives the expert a bureau officer
 * adds the officer's province instead). Not the operator: experts are managed by people.
 */
const expertRule: Rule<ExpertObject> = (actor, object) =>
  when(
    actor !== null &&
      object != null &&
      (hasRole(actor, 'ADMIN') ||
        (object.institutionId !== null && universitiesOf(actor).includes(object.institutionId)) ||
        (object.province !== null &&
          actor.roles.some(
            (r) => r.role === 'BUREAU_OFFICER' && r.province?.slice(0, 2) === object.province!.slice(0, 2),
          ))),
    'experts:refusal.not_allowed',
  );

/** Its university coordinators, and administrators; the operator at the command line. */
const inventoryRule: Rule<InstitutionObject> = (actor, object) =>
  when(
    object != null &&
      (actor === null || hasRole(actor, 'ADMIN') || universitiesOf(actor).includes(object.institutionId)),
    NOT_INVENTORY_ADMIN,
  );

/** The institution's university coordinators, coordinators of its colleges, and administrators. */
const roadshowRule: Rule<InstitutionObject> = (actor, object, facts) =>
  when(
    actor !== null &&
      object != null &&
      (hasRole(actor, 'ADMIN') ||
        universitiesOf(actor).includes(object.institutionId) ||
        (facts.universitiesOfColleges ?? []).includes(object.institutionId)),
    NOT_ROADSHOW_COORDINATOR,
  );

/** The patent's responsible inventor, whatever their roles. */
const responsibleRule: Rule<OwnedPatent> = (actor, patent) =>
  when(actor !== null && patent != null && patent.responsibleInventorId === actor.personId, NOT_YOUR_PATENT);

/**
 * Enterprise staff, for a valid patent of the pool, or one offered to them outside it (the fact
 * comes from the lookup; without it, only the pool).
 */
const isOffered = (actor: Operator, patent: OfferedPatent | null | undefined, facts: InstitutionFacts) =>
  actor !== null &&
  enterpriseOf(actor) !== null &&
  patent != null &&
  patent.legalStatus === POOL_OFFER.legalStatus &&
  (patent.inventoryStatus === POOL_OFFER.inventoryStatus || facts.offeredOutsidePool === true);

const enterpriseRule =
  (key: string): Rule<EnterpriseObject> =>
  (actor, object) =>
    when(actor !== null && object != null && enterpriseOf(actor) === object.enterpriseId, key);

/** Coordinates the patent: administrators, its university's or its college's coordinators. */
const coordinatesPatent = (actor: Operator, patent: PatentScope | null | undefined): boolean =>
  actor !== null &&
  patent != null &&
  (hasRole(actor, 'ADMIN') ||
    universitiesOf(actor).includes(patent.institutionId) ||
    (patent.collegeId !== null && collegesOf(actor).includes(patent.collegeId)));

/** Who asked: the person, or (an enterprise's request) any of its staff. */
const isRequester = (actor: Operator, request: ExpertRequestObject): boolean =>
  actor !== null &&
  (request.requestedById === actor.personId ||
    (request.requesterEnterpriseId !== null && enterpriseOf(actor) === request.requesterEnterpriseId));

const EXPERT_EVALUATION_NOT_ALLOWED = 'expert-evaluation:refusal.not_allowed';

export const RULES: { [A in Action]: Rule<ActionObjects[A]> } = {
  'screening.queue': (actor) => when(isCoordinator(actor), NOT_COORDINATOR),
  'screening.decide': (actor, patent, facts) =>
    when(
      patent != null && reaches(screeningReach(actor, patent.level, facts.uncoordinatedColleges), patent),
      SCREENING_NOT_ALLOWED,
    ),
  'screening.track': (actor, patent) =>
    when(
      actor !== null &&
        patent != null &&
        (hasRole(actor, 'ADMIN') ||
          universitiesOf(actor).includes(patent.institutionId) ||
          (patent.collegeId !== null && collegesOf(actor).includes(patent.collegeId))),
      SCREENING_NOT_ALLOWED,
    ),
  'deal.record': (actor, patent) =>
    when(
      actor !== null &&
        patent != null &&
        (hasRole(actor, 'ADMIN') ||
          universitiesOf(actor).includes(patent.institutionId) ||
          (patent.collegeId !== null && collegesOf(actor).includes(patent.collegeId))),
      'deals:refusal.not_allowed',
    ),
  'progress.view': (actor) => when(isCoordinator(actor), NOT_COORDINATOR),
  'progress.viewProvince': (actor, object) =>
    when(
      actor !== null &&
        object != null &&
        (hasRole(actor, 'ADMIN') ||
          actor.roles.some((r) => r.role === 'BUREAU_OFFICER' && r.province === object.province)),
      'progress:refusal.not_your_province',
    ),
  'inventory.import': inventoryRule,
  'inventory.export': inventoryRule,
  'inventory.invites': inventoryRule,
  'inventory.reassign': inventoryRule,
  'roadshow.create': roadshowRule,
  'roadshow.publish': roadshowRule,
  'patent.selfAssess': responsibleRule,
  'patent.readFeedback': responsibleRule,
  'patent.viewOwn': (actor, patent) =>
    when(
      actor !== null && hasRole(actor, 'INVENTOR') && patent?.responsibleInventorId === actor.personId,
      NOT_YOUR_PATENT,
    ),
  'patent.viewOffered': (actor, patent, facts) => when(isOffered(actor, patent, facts), NOT_YOUR_PATENT),
  'patent.evaluate': (actor, patent, facts) => {
    if (actor === null || enterpriseOf(actor) === null) return 'chat:refusal.enterprise_only';
    return when(isOffered(actor, patent, facts), 'chat:refusal.patent_unavailable');
  },
  'patent.expressInterest': (actor, patent, facts) =>
    when(isOffered(actor, patent, facts), 'roadshow:refusal.not_invited'),
  'match.decline': enterpriseRule('chat:refusal.enterprise_only'),
  'match.list': enterpriseRule('chat:refusal.no_patents_role'),
  // Inventors, coordinators, bureau officers, experts and the operator at the command line (whose
  // exports go to third parties) are third parties to an enterprise that declined to be named.
  'evaluation.identifyEnterprise': (actor, evaluation) =>
    when(
      evaluation != null &&
        (evaluation.contactConsent ||
          (actor !== null &&
            (hasRole(actor, 'ADMIN') ||
              actor.roles.some(
                (r) =>
                  (r.role === 'ENTERPRISE_STAFF' || r.role === 'ENTERPRISE_ADMIN') &&
                  r.enterpriseId === evaluation.enterpriseId,
              )))),
      'chat:refusal.enterprise_anonymous',
    ),
  // Institutions (core/institutions): administrators, and the operator at the command line.
  'institution.register': (actor) => when(actor === null || hasRole(actor, 'ADMIN'), INSTITUTION_ADMIN),
  'institution.edit': (actor, object) =>
    when(object != null && (actor === null || hasRole(actor, 'ADMIN')), INSTITUTION_ADMIN),
  'institution.list': (actor) => when(actor === null || hasRole(actor, 'ADMIN'), INSTITUTION_ADMIN),
  // The operator at the command line (null) sets a province up from nothing: allowed.
  'invite.create': (actor, target) =>
    when(
      target != null && (actor === null || rolesMayInvite(actor.roles, target)),
      'invites:refusal.not_allowed',
    ),
  'invite.manage': (actor, target) =>
    when(
      target != null && (actor === null || rolesMayInvite(actor.roles, target)),
      'invites:refusal.not_found',
    ),
  'person.removeRole': (actor, target) =>
    when(
      target != null && (actor === null || rolesMayInvite(actor.roles, target)),
      'people:refusal.not_allowed',
    ),
  'person.administer': (actor) =>
    when(actor === null || hasRole(actor, 'ADMIN'), 'people:refusal.not_allowed'),
  'delivery.administer': (actor) =>
    when(actor === null || hasRole(actor, 'ADMIN'), 'delivery:refusal.admin_only'),
  // Enterprises (core/enterprises). The operator at the command line verifies and imports too
  // (`npm run admin -- enterprise …` without --as), as it imports inventories.
  'enterprise.verify': (actor, object) =>
    when(
      object != null &&
        (actor === null ||
          hasRole(actor, 'ADMIN') ||
          actor.roles.some(
            (r) =>
              r.role === 'BUREAU_OFFICER' &&
              r.province !== null &&
              r.province.slice(0, 2) === object.region.slice(0, 2),
          )),
      'enterprises:refusal.not_your_province',
    ),
  'enterprise.editProfile': (actor, object) =>
    when(
      actor !== null &&
        object != null &&
        (hasRole(actor, 'ADMIN') ||
          actor.roles.some((r) => r.role === 'ENTERPRISE_ADMIN' && r.enterpriseId === object.enterpriseId)),
      'enterprises:refusal.not_enterprise_admin',
    ),
  'enterprise.import': (actor) => when(isBureauOrAdmin(actor), 'enterprises:refusal.bureau_only'),
  'enterprise.review': (actor) => when(isBureauOrAdmin(actor), 'enterprises:refusal.bureau_only'),
  // The staff directory (core/staff): as the inventory — its university coordinators, administrators,
  // the operator at the command line.
  'staff.import': (actor, object) =>
    when(inventoryRule(actor, object, {}) === null, 'staff:refusal.not_coordinator'),
  'staff.list': (actor, object) =>
    when(inventoryRule(actor, object, {}) === null, 'staff:refusal.not_coordinator'),
  // Experts (core/experts).
  'expert.manage': (actor) =>
    when(
      actor !== null &&
        (hasRole(actor, 'ADMIN') || hasRole(actor, 'BUREAU_OFFICER') || universitiesOf(actor).length > 0),
      'experts:refusal.not_allowed',
    ),
  'expert.invite': expertRule,
  'expert.edit': (actor, object, facts) =>
    actor !== null && object != null && object.personId === actor.personId
      ? null
      : expertRule(actor, object, facts),
  // Expert evaluation (core/expert-evaluation).
  'expertEvaluation.request': (actor, patent, facts) =>
    when(coordinatesPatent(actor, patent) || isOffered(actor, patent, facts), EXPERT_EVALUATION_NOT_ALLOWED),
  'expertEvaluation.respond': (actor, object) =>
    when(
      actor !== null && object != null && object.expertPersonId === actor.personId,
      'expert-evaluation:refusal.not_your_request',
    ),
  'expertEvaluation.view': (actor, request) =>
    when(
      request != null &&
        (coordinatesPatent(actor, request) ||
          isRequester(actor, request) ||
          (actor !== null && request.released && request.inventorIds.includes(actor.personId))),
      EXPERT_EVALUATION_NOT_ALLOWED,
    ),
  'expertEvaluation.reassign': (actor, request) =>
    when(
      request != null &&
        (isRequester(actor, request) ||
          (request.requesterEnterpriseId === null && coordinatesPatent(actor, request)) ||
          (actor !== null && hasRole(actor, 'ADMIN'))),
      EXPERT_EVALUATION_NOT_ALLOWED,
    ),
  'expertEvaluation.release': (actor, request) =>
    when(coordinatesPatent(actor, request), EXPERT_EVALUATION_NOT_ALLOWED),
  // Open licence (core/open-licence): declared in the self-assessment, released by the patent's
  // coordinators, claimed by enterprises for pool patents only.
  'openLicence.release': (actor, patent) =>
    when(coordinatesPatent(actor, patent), 'open-licence:refusal.not_coordinator'),
  'openLicence.claim': (actor, patent) =>
    when(
      actor !== null &&
        enterpriseOf(actor) !== null &&
        patent != null &&
        patent.legalStatus === POOL_OFFER.legalStatus &&
        patent.inventoryStatus === POOL_OFFER.inventoryStatus,
      'open-licence:refusal.not_offered',
    ),
  'openLicence.confirmFee': (actor, patent) =>
    when(coordinatesPatent(actor, patent), 'open-licence:refusal.not_coordinator'),
};

/** A valid patent outside the pool: was it offered to this enterprise staff member? */
const offerLookup = async (
  directory: InstitutionDirectory,
  actor: Actor,
  patent: OfferedPatent,
): Promise<InstitutionFacts> => {
  const enterpriseId = enterpriseOf(actor);
  if (enterpriseId === null || patent.legalStatus !== POOL_OFFER.legalStatus) return {};
  return { offeredOutsidePool: await directory.offeredOutsidePool(patent.id, enterpriseId, actor.personId) };
};

/** What the actions that depend on the institution tree need to know, looked up only when needed. */
const LOOKUPS: Partial<{
  [A in Action]: (
    directory: InstitutionDirectory,
    actor: Actor,
    object: ActionObjects[A],
  ) => Promise<InstitutionFacts>;
}> = {
  'roadshow.create': async (directory, actor) => ({
    universitiesOfColleges: await directory.universitiesOf(collegesOf(actor)),
  }),
  'roadshow.publish': async (directory, actor) => ({
    universitiesOfColleges: await directory.universitiesOf(collegesOf(actor)),
  }),
  'screening.decide': async (directory, actor, patent) =>
    patent.level === 'COLLEGE' &&
    patent.collegeId !== null &&
    universitiesOf(actor).includes(patent.institutionId)
      ? { uncoordinatedColleges: await directory.uncoordinatedColleges([patent.institutionId]) }
      : {},
  'patent.viewOffered': offerLookup,
  'patent.evaluate': offerLookup,
  'patent.expressInterest': offerLookup,
  // A coordinator of the patent needs no lookup (the roles settle it first).
  'expertEvaluation.request': offerLookup,
};

/** The refusal's key when the actor may not, null when they may: the whole table, given the facts. */
export function refusalFor<A extends Action>(
  actor: Operator,
  action: A,
  object: ActionObjects[A] | null | undefined,
  facts: InstitutionFacts = {},
): string | null {
  return (RULES[action] as Rule<ActionObjects[A]>)(actor, object, facts);
}

/** The actions whose answer can depend on a lookup: ask mayAsync / authorizeAsync. */
export type LookupAction =
  | 'roadshow.create'
  | 'roadshow.publish'
  | 'screening.decide'
  | 'patent.viewOffered'
  | 'patent.evaluate'
  | 'patent.expressInterest'
  | 'expertEvaluation.request';
type SyncScopedAction = Exclude<ScopedAction, LookupAction>;

export function may(actor: Operator, action: UnscopedAction): boolean;
export function may<A extends SyncScopedAction>(
  actor: Operator,
  action: A,
  object: ActionObjects[A] | null | undefined,
): boolean;
export function may(actor: Operator, action: Action, object?: unknown): boolean {
  return refusalFor(actor, action, object as never) === null;
}

/** As may, but refuses (core/errors.ts Refusal) with the action's message; returns the object. */
export function authorize(actor: Operator, action: UnscopedAction, object?: undefined, detail?: string): void;
export function authorize<A extends SyncScopedAction, O extends ActionObjects[A]>(
  actor: Operator,
  action: A,
  object: O | null | undefined,
  detail?: string,
): O;
export function authorize(actor: Operator, action: Action, object?: unknown, detail?: string): unknown {
  const key = refusalFor(actor, action, object as never);
  if (key !== null) refuseWith(key, detail);
  return object;
}

const directoryOf = (source: Db | InstitutionDirectory): InstitutionDirectory =>
  'universitiesOf' in source ? source : institutionDirectory(source);

async function asyncRefusal<A extends ScopedAction>(
  source: Db | InstitutionDirectory,
  actor: Operator,
  action: A,
  object: ActionObjects[A] | null | undefined,
): Promise<string | null> {
  const key = refusalFor(actor, action, object);
  const lookup = LOOKUPS[action];
  // Allowed by the roles alone, or nothing to look up: no query.
  if (key === null || !lookup || actor === null || object == null) return key;
  return refusalFor(actor, action, object, await lookup(directoryOf(source), actor, object));
}

/** As may, for any scoped action, looking the institution tree up when the roles do not suffice. */
export async function mayAsync<A extends ScopedAction>(
  source: Db | InstitutionDirectory,
  actor: Operator,
  action: A,
  object: ActionObjects[A] | null | undefined,
): Promise<boolean> {
  return (await asyncRefusal(source, actor, action, object)) === null;
}

/** As authorize, for any scoped action, looking the institution tree up when needed. */
export async function authorizeAsync<A extends ScopedAction, O extends ActionObjects[A]>(
  source: Db | InstitutionDirectory,
  actor: Operator,
  action: A,
  object: O | null | undefined,
  detail?: string,
): Promise<O> {
  const key = await asyncRefusal(source, actor, action, object);
  if (key !== null) refuseWith(key, detail);
  return object as O;
}

// ------------------------------------------------------------------ the scope an actor acts in

/**
 * The one university whose inventory this actor runs from chat (import, export), or a refusal that
 * explains why not: the uploaded file does not say which institution it is for.
 */
export function administeredInstitution(actor: Actor): string {
  const universities = universitiesOf(actor);
  if (universities.length === 1) return universities[0]!;
  if (universities.length > 1) return refuseWith('coordinator:refusal.several_institutions');
  if (hasRole(actor, 'ADMIN')) return refuseWith('coordinator:refusal.several_institutions');
  return refuseWith(NOT_INVENTORY_ADMIN, actor.personId);
}

/** The enterprise whose matches this actor answers or lists, or the action's refusal. */
export function actingEnterprise(actor: Actor, action: 'match.decline' | 'match.list'): string {
  const enterpriseId = enterpriseOf(actor);
  return authorize(actor, action, enterpriseId === null ? null : { enterpriseId }).enterpriseId;
}

/**
 * The institution a coordinator organises roadshows for: their university, the university of their
 * college, or an administrator's own institution; refused for anyone who coordinates none.
 */
export async function organisingInstitution(
  source: Db | InstitutionDirectory,
  actor: Actor,
): Promise<string> {
  const own = universitiesOf(actor)[0];
  const ofCollege =
    own === undefined ? (await directoryOf(source).universitiesOf(collegesOf(actor)))[0] : undefined;
  const admin = hasRole(actor, 'ADMIN')
    ? actor.roles.find((r) => r.role === 'ADMIN' && r.institutionId)?.institutionId
    : undefined;
  const institutionId = own ?? ofCollege ?? admin;
  if (!institutionId) return refuseWith(NOT_ROADSHOW_COORDINATOR);
  await authorizeAsync(source, actor, 'roadshow.create', { institutionId });
  return institutionId;
}
