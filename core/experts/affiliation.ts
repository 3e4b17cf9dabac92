// Where an expert works, kept for conflicts of interest: a registered institution (given by its code,
// its credit code or its exact name; a college stands for its university, its name kept as the
// text), a registered enterprise (given by its unified social credit code), or free text. A credit
// code is an identity: a malformed one, or one nobody registered, is refused rather than kept as text.
// An expert of free-text (or no) affiliation may have a region of their own (Expert.region): it
// stands for the province a registered affiliation would give, so that their province's bureau
// manages them.
import type { Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { type Msg, msg } from '../i18n.ts';
import { parseCreditCode } from '../identifiers/credit-code.ts';

type Lookup = Pick<Prisma.TransactionClient, 'institution' | 'enterprise'> | Db;

export interface Affiliation {
  institutionId: string | null;
  enterpriseId: string | null;
  /** Free text, or the college within the institution. */
  affiliation: string | null;
  /**
   * GB/T 2260 province code (XX0000) of the institution or enterprise; for a stored expert of free
   * text, that of their region (null without one).
   */
  province: string | null;
  /** How the affiliation reads in a report. */
  label: string | null;
}

export type AffiliationResult = { ok: true; value: Affiliation } | { ok: false; error: Msg };

export const AFFILIATION_MAX = 200;
export const NO_AFFILIATION: Affiliation = {
  institutionId: null,
  enterpriseId: null,
  affiliation: null,
  province: null,
  label: null,
};
/** 18 characters that look like a credit code (the check decides whether it is one). */
const LOOKS_LIKE_CREDIT_CODE = /^[0-9A-Z]{18}$/;
const provinceOf = (code: string) => `${code.slice(0, 2)}0000`;

/** A registered institution or enterprise (whose own region counts), not free text or nothing. */
export const isRegistered = (aff: { institutionId: string | null; enterpriseId: string | null }) =>
  aff.institutionId !== null || aff.enterpriseId !== null;

/** The province an expert is managed in: the registered affiliation's, else their region's. */
export function expertProvince(aff: Affiliation, region: string | null): string | null {
  if (isRegistered(aff)) return aff.province;
  return region ? provinceOf(region) : null;
}

export async function resolveAffiliation(
  db: Lookup,
  raw: string | null | undefined,
): Promise<AffiliationResult> {
  const text = (raw ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (text === '') return { ok: true, value: NO_AFFILIATION };
  if (text.length > AFFILIATION_MAX)
    return { ok: false, error: msg('experts:affiliation.too_long', { max: AFFILIATION_MAX }) };

  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (LOOKS_LIKE_CREDIT_CODE.test(compact)) {
    const code = parseCreditCode(compact);
    if (!code.ok)
      return { ok: false, error: msg('experts:affiliation.credit_code_invalid', { value: text }) };
    const enterprise = await db.enterprise.findUnique({ where: { creditCode: code.value } });
    if (enterprise) {
      return {
        ok: true,
        value: {
          ...NO_AFFILIATION,
          enterpriseId: enterprise.id,
          province: provinceOf(enterprise.region),
          label: enterprise.name,
        },
      };
    }
    const institution = await db.institution.findUnique({ where: { creditCode: code.value } });
    if (institution) return { ok: true, value: await ofInstitution(db, institution) };
    return { ok: false, error: msg('experts:affiliation.credit_code_unknown', { value: code.value }) };
  }

  const byCode = await db.institution.findFirst({ where: { code: { equals: text, mode: 'insensitive' } } });
  if (byCode) return { ok: true, value: await ofInstitution(db, byCode) };
  const byName = await db.institution.findMany({
    where: { parentId: null, OR: [{ nameZh: text }, { nameEn: { equals: text, mode: 'insensitive' } }] },
    take: 2,
  });
  if (byName.length === 1) return { ok: true, value: await ofInstitution(db, byName[0]!) };
  return { ok: true, value: { ...NO_AFFILIATION, affiliation: text, label: text } };
}

async function ofInstitution(
  db: Lookup,
  institution: { id: string; nameZh: string; province: string; parentId: string | null },
): Promise<Affiliation> {
  if (institution.parentId === null) {
    return {
      ...NO_AFFILIATION,
      institutionId: institution.id,
      province: provinceOf(institution.province),
      label: institution.nameZh,
    };
  }
  const university = await db.institution.findUniqueOrThrow({ where: { id: institution.parentId } });
  return {
    institutionId: university.id,
    enterpriseId: null,
    affiliation: institution.nameZh,
    province: provinceOf(university.province),
    label: `${university.nameZh} · ${institution.nameZh}`,
  };
}

/** The affiliation of a stored expert, as authorization and reports see it. */
export async function storedAffiliation(
  db: Lookup,
  expert: {
    institutionId: string | null;
    enterpriseId: string | null;
    affiliation: string | null;
    region?: string | null;
  },
): Promise<Affiliation> {
  const { institutionId, enterpriseId, affiliation } = expert;
  if (expert.institutionId) {
    const institution = await db.institution.findUnique({ where: { id: expert.institutionId } });
    if (institution) {
      const label = affiliation ? `${institution.nameZh} · ${affiliation}` : institution.nameZh;
      return { institutionId, enterpriseId, affiliation, province: provinceOf(institution.province), label };
    }
  }
  if (expert.enterpriseId) {
    const enterprise = await db.enterprise.findUnique({ where: { id: expert.enterpriseId } });
    if (enterprise)
      return {
        institutionId,
        enterpriseId,
        affiliation,
        province: provinceOf(enterprise.region),
        label: enterprise.name,
      };
  }
  const province = expert.region ? provinceOf(expert.region) : null;
  return { institutionId, enterpriseId, affiliation, province, label: affiliation };
}
