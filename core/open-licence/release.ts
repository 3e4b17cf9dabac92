// A coordinator releases a patent's open-licence declaration: from then on enterprises see its terms
// and may claim it. Only pool patents; utility models and designs only with a patent-right
// evaluation report (Patent Law art. 50).
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import type { Actor } from '../people/actor.ts';
import { authorize } from '../people/authorize.ts';

export type ReleaseOutcome = 'RELEASED' | 'ALREADY_RELEASED';

export async function releaseDeclaration(
  db: Db,
  actor: Actor,
  patentId: string,
  now: Date,
): Promise<ReleaseOutcome> {
  const declaration = await db.openLicenceDeclaration.findUnique({
    where: { patentId },
    include: { patent: true },
  });
  // Someone else's patent looks exactly like one without a declaration.
  if (!declaration || declaration.withdrawnAt)
    throw new Refusal({ key: 'open-licence:refusal.no_declaration' });
  const patent = authorize(actor, 'openLicence.release', declaration.patent);
  if (declaration.releasedAt) return 'ALREADY_RELEASED';
  if (patent.inventoryStatus !== 'IN_POOL' || patent.legalStatus !== 'VALID')
    throw new Refusal({ key: 'open-licence:refusal.not_in_pool' });
  if ((patent.type === 'UTILITY_MODEL' || patent.type === 'DESIGN') && !declaration.evaluationReport)
    throw new Refusal({ key: 'open-licence:refusal.evaluation_report' });
  const { count } = await db.openLicenceDeclaration.updateMany({
    where: { patentId, releasedAt: null, withdrawnAt: null },
    data: { releasedAt: now, releasedById: actor.personId },
  });
  if (count === 0) return 'ALREADY_RELEASED';
  await audit(db, {
    actorId: actor.personId,
    action: 'open-licence.released',
    subjectType: 'Patent',
    subjectId: patentId,
    institutionId: patent.institutionId,
    details: { feeMode: declaration.feeMode },
  });
  return 'RELEASED';
}

/**
 * The coordinator records that the patent-right evaluation report (art. 50) has been obtained since
 * the self-assessment was submitted (which is read-only by then): the declaration may be released.
 */
export async function recordEvaluationReport(
  db: Db,
  actor: Actor,
  patentId: string,
): Promise<'RECORDED' | 'ALREADY'> {
  const declaration = await db.openLicenceDeclaration.findUnique({
    where: { patentId },
    include: { patent: true },
  });
  if (!declaration || declaration.withdrawnAt)
    throw new Refusal({ key: 'open-licence:refusal.no_declaration' });
  const patent = authorize(actor, 'openLicence.release', declaration.patent);
  if (declaration.evaluationReport) return 'ALREADY';
  await db.openLicenceDeclaration.update({ where: { patentId }, data: { evaluationReport: true } });
  await audit(db, {
    actorId: actor.personId,
    action: 'open-licence.evaluation-report',
    subjectType: 'Patent',
    subjectId: patentId,
    institutionId: patent.institutionId,
    details: {},
  });
  return 'RECORDED';
}
