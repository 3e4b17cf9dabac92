// A patent's open-licence declaration (Patent Law art. 50), kept in step with its self-assessment:
// written when the inventor submits "willing" with the terms, withdrawn when a revision says
// otherwise. Enterprises see it only once a coordinator released it and the patent is in the pool.
import type { OpenLicenceFeeMode, Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import type { Answers } from '../questionnaire/answers.ts';

type Tx = Prisma.TransactionClient;

export interface OpenLicenceTerms {
  feeMode: OpenLicenceFeeMode;
  /** One-off fee, 万元. */
  amountWanYuan: number | null;
  royaltyPercent: number | null;
  royaltyBase: string | null;
  termYears: number | null;
  /** A patent-right evaluation report exists (what utility models and designs need). */
  evaluationReport: boolean;
}

const FEE_MODES: Record<string, OpenLicenceFeeMode> = { free: 'FREE', oneOff: 'ONE_OFF', royalty: 'ROYALTY' };
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** The declared terms, or null when the answers declare no open licence (no, undecided, version 1). */
export function termsFromAnswers(answers: Answers): OpenLicenceTerms | null {
  const feeMode = FEE_MODES[String(answers.openLicenceFeeMode)];
  if (answers.openLicence !== 'yes' || !feeMode) return null;
  return {
    feeMode,
    amountWanYuan: feeMode === 'ONE_OFF' ? num(answers.openLicenceAmount) : null,
    royaltyPercent: feeMode === 'ROYALTY' ? num(answers.openLicenceRoyaltyPercent) : null,
    royaltyBase:
      feeMode === 'ROYALTY' && typeof answers.openLicenceRoyaltyBase === 'string'
        ? answers.openLicenceRoyaltyBase
        : null,
    termYears: num(answers.openLicenceTermYears),
    evaluationReport: answers.evaluationReport === 'obtained',
  };
}

const sameTerms = (a: OpenLicenceTerms, b: OpenLicenceTerms) =>
  a.feeMode === b.feeMode &&
  a.amountWanYuan === b.amountWanYuan &&
  a.royaltyPercent === b.royaltyPercent &&
  a.royaltyBase === b.royaltyBase &&
  a.termYears === b.termYears;

/** The stored declaration's terms, numbers as numbers. */
export function storedTerms(row: {
  feeMode: OpenLicenceFeeMode;
  amountWanYuan: Prisma.Decimal | null;
  royaltyPercent: Prisma.Decimal | null;
  royaltyBase: string | null;
  termYears: number | null;
  evaluationReport: boolean;
}): OpenLicenceTerms {
  return {
    feeMode: row.feeMode,
    amountWanYuan: row.amountWanYuan === null ? null : Number(row.amountWanYuan),
    royaltyPercent: row.royaltyPercent === null ? null : Number(row.royaltyPercent),
    royaltyBase: row.royaltyBase,
    termYears: row.termYears,
    evaluationReport: row.evaluationReport,
  };
}

/**
 * On submission of a self-assessment: writes, updates or withdraws the declaration. Changed terms
 * need releasing again (what enterprises saw is no longer what is declared); a declaration taken
 * back after release is marked withdrawn, not deleted: licences already claimed stay valid (art. 51).
 */
export async function syncDeclaration(
  tx: Tx,
  patentId: string,
  answers: Answers,
  declaredById: string,
  now: Date,
): Promise<'declared' | 'unchanged' | 'withdrawn' | 'none'> {
  const terms = termsFromAnswers(answers);
  const current = await tx.openLicenceDeclaration.findUnique({ where: { patentId } });
  if (!terms) {
    if (!current || current.withdrawnAt) return 'none';
    if (current.releasedAt === null) {
      await tx.openLicenceDeclaration.delete({ where: { patentId } });
    } else {
      await tx.openLicenceDeclaration.update({ where: { patentId }, data: { withdrawnAt: now } });
    }
    return 'withdrawn';
  }
  if (current && !current.withdrawnAt && sameTerms(storedTerms(current), terms)) {
    // The report may have been obtained since: keep that up to date without a new release.
    if (current.evaluationReport !== terms.evaluationReport)
      await tx.openLicenceDeclaration.update({
        where: { patentId },
        data: { evaluationReport: terms.evaluationReport },
      });
    return 'unchanged';
  }
  const data = {
    ...terms,
    declaredById,
    declaredAt: now,
    releasedAt: null,
    releasedById: null,
    withdrawnAt: null,
  };
  await tx.openLicenceDeclaration.upsert({
    where: { patentId },
    create: { patentId, ...data },
    update: data,
  });
  return 'declared';
}

/** Released, not withdrawn declarations of pool patents: what enterprises are shown. */
export async function offeredDeclarations(
  db: Db,
  patentIds: readonly string[],
): Promise<Map<string, OpenLicenceTerms>> {
  if (patentIds.length === 0) return new Map();
  const rows = await db.openLicenceDeclaration.findMany({
    where: {
      patentId: { in: [...patentIds] },
      releasedAt: { not: null },
      withdrawnAt: null,
      patent: { inventoryStatus: 'IN_POOL', legalStatus: 'VALID' },
    },
  });
  return new Map(rows.map((row) => [row.patentId, storedTerms(row)]));
}
