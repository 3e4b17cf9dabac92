// An enterprise takes an open licence (Patent Law art. 51): it confirms the published terms, Revive
// records the claim once per enterprise and patent (a double tap finds the first), tells the
// patent's coordinators and inventor through the outbox, and hands the enterprise its written notice.
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { notifyPeople } from '../delivery/notify.ts';
import { Refusal } from '../errors.ts';
import { type Actor, enterpriseOf } from '../people/actor.ts';
import { authorize } from '../people/authorize.ts';
import { patentCoordinators } from '../people/patent-coordinators.ts';
import { type OpenLicenceTerms, offeredDeclarations } from './declaration.ts';
import { openLicenceClaimed } from './messages.ts';

export interface ClaimResult {
  outcome: 'CLAIMED' | 'EXISTS';
  claimId: string;
  claimedAt: Date;
  terms: OpenLicenceTerms;
  patent: { id: string; title: string; applicationNumber: string; patentees: string[] };
  enterprise: { name: string; creditCode: string };
  claimant: string;
  /** How the patentee reaches the claimant: their e-mail, null when none is on record. */
  claimantContact: string | null;
}

/** The terms an enterprise may claim, after the same checks as the claim itself. */
export async function claimableTerms(db: Db, actor: Actor, patentId: string) {
  const patent = await db.patent.findUnique({ where: { id: patentId } });
  authorize(actor, 'openLicence.claim', patent);
  const terms = (await offeredDeclarations(db, [patentId])).get(patentId);
  if (!terms) throw new Refusal({ key: 'open-licence:refusal.no_declaration' });
  return { patent: patent!, terms };
}

export async function claimOpenLicence(
  db: Db,
  actor: Actor,
  patentId: string,
  now: Date,
): Promise<ClaimResult> {
  const { patent, terms } = await claimableTerms(db, actor, patentId);
  const enterpriseId = enterpriseOf(actor)!;
  const { count } = await db.openLicenceClaim.createMany({
    data: [{ patentId, enterpriseId, claimedById: actor.personId, claimedAt: now }],
    skipDuplicates: true,
  });
  const claim = await db.openLicenceClaim.findUniqueOrThrow({
    where: { patentId_enterpriseId: { patentId, enterpriseId } },
    include: { enterprise: true },
  });
  const claimant = await db.person.findUnique({ where: { id: actor.personId }, select: { email: true } });
  if (count === 1) {
    await audit(db, {
      actorId: actor.personId,
      action: 'open-licence.claimed',
      subjectType: 'Patent',
      subjectId: patentId,
      institutionId: patent.institutionId,
      details: { claimId: claim.id, enterpriseId },
    });
    await notify(db, claim.id, patent, now);
  }
  return {
    outcome: count === 1 ? 'CLAIMED' : 'EXISTS',
    claimId: claim.id,
    claimedAt: claim.claimedAt,
    terms,
    patent,
    enterprise: { name: claim.enterprise.name, creditCode: claim.enterprise.creditCode },
    claimant: actor.name,
    claimantContact: claimant?.email ?? null,
  };
}

/** The patent's coordinators (who confirm the fee) and its responsible inventor, each told once. */
async function notify(
  db: Db,
  claimId: string,
  patent: { institutionId: string; collegeId: string | null; responsibleInventorId: string | null },
  now: Date,
): Promise<void> {
  const coordinators = await patentCoordinators(db, patent);
  const people = patent.responsibleInventorId
    ? [...coordinators, patent.responsibleInventorId]
    : coordinators;
  await notifyPeople(
    db,
    openLicenceClaimed,
    people,
    (personId) => ({ claimId, forCoordinator: coordinators.includes(personId) }),
    now,
    claimId,
  );
}
