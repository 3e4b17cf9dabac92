// The coordinator confirms that a claim's licence fee was received: the claim is settled and the deal
// (an ordinary licence under the open-licence declaration) is recorded for the funnel, once.
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import type { Actor } from '../people/actor.ts';
import { authorize } from '../people/authorize.ts';

export async function confirmFee(
  db: Db,
  actor: Actor,
  claimId: string,
  now: Date,
): Promise<{ outcome: 'RECORDED' | 'ALREADY'; enterprise: string; title: string }> {
  const claim = await db.openLicenceClaim.findUnique({
    where: { id: claimId },
    include: { enterprise: true, declaration: { include: { patent: true } } },
  });
  if (!claim) throw new Refusal({ key: 'open-licence:refusal.no_claim' });
  const { patent } = claim.declaration;
  authorize(actor, 'openLicence.confirmFee', patent);
  const named = { enterprise: claim.enterprise.name, title: patent.title };
  return db.$transaction(async (tx) => {
    const { count } = await tx.openLicenceClaim.updateMany({
      where: { id: claimId, feeReceivedAt: null },
      data: { feeReceivedAt: now, feeConfirmedById: actor.personId },
    });
    if (count === 0) return { outcome: 'ALREADY' as const, ...named };
    await tx.transformationRecord.create({
      data: {
        patentId: patent.id,
        kind: 'LICENCE',
        licenceType: 'open',
        counterparty: claim.enterprise.name,
        enterpriseId: claim.enterpriseId,
        contractDate: now,
        amountWanYuan: claim.declaration.feeMode === 'ONE_OFF' ? claim.declaration.amountWanYuan : null,
        recordedById: actor.personId,
        openLicenceClaimId: claim.id,
        createdAt: now,
      },
    });
    await audit(tx, {
      actorId: actor.personId,
      action: 'open-licence.fee-received',
      subjectType: 'Patent',
      subjectId: patent.id,
      institutionId: patent.institutionId,
      details: { claimId, enterpriseId: claim.enterpriseId },
    });
    return { outcome: 'RECORDED' as const, ...named };
  });
}
