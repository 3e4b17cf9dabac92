// Which pool patents are worth scoring for one enterprise, decided in SQL so that a run over thousands
// of pool patents and hundreds of enterprises never loads the whole pool per enterprise.
import type { Db } from '../db/database.ts';
import { type EnterpriseProfile, ipcParts, type ScoredPatent, WEIGHTS } from './score.ts';

/**
 * The most a patent can score without sharing a subclass with an interest and without any keyword:
 * a class-level main classification plus the region bonus. Above it, a subclass prefilter loses nothing.
 */
export const CLASS_ONLY_MAX = WEIGHTS.ipc.class * WEIGHTS.mainClassificationFactor + WEIGHTS.region;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, '\\$&');

export interface Candidate extends ScoredPatent {
  id: string;
  applicationNumber: string;
}

/**
 * Pool patents (IN_POOL, legally VALID) not yet pushed to this enterprise that may reach `threshold`,
 * with what scoring needs, in one query (a second query by thousands of ids costs several times more).
 */
export async function candidatePatents(
  db: Db,
  enterpriseId: string,
  enterprise: EnterpriseProfile,
  threshold: number,
): Promise<Candidate[]> {
  const wide = threshold <= CLASS_ONLY_MAX;
  const ipcPrefixes = [
    ...new Set(
      enterprise.ipcInterests.flatMap((interest) => {
        const parts = ipcParts(interest);
        const prefix = parts && (wide ? parts.cls : parts.subclass);
        return prefix ? [`${prefix}%`] : [];
      }),
    ),
  ];
  const keywordPatterns = [
    ...new Set(enterprise.keywords.map((k) => k.normalize('NFKC').trim()).filter((k) => k !== '')),
  ].map((k) => `%${likeEscape(k)}%`);
  if (ipcPrefixes.length === 0 && keywordPatterns.length === 0) return [];
  return db.$queryRaw<Candidate[]>`
    SELECT p.id::text AS id, p.title, p.abstract, p."ipcCodes", p."applicationNumber", i.province
    FROM "Patent" p JOIN "Institution" i ON i.id = p."institutionId"
    WHERE p."inventoryStatus" = 'IN_POOL' AND p."legalStatus" = 'VALID'
      AND NOT EXISTS (
        SELECT 1 FROM "MatchPush" m WHERE m."patentId" = p.id AND m."enterpriseId" = ${enterpriseId}::uuid)
      AND (
        EXISTS (SELECT 1 FROM unnest(p."ipcCodes") AS code WHERE code LIKE ANY (${ipcPrefixes}::text[]))
        OR p.title ILIKE ANY (${keywordPatterns}::text[])
        OR p.abstract ILIKE ANY (${keywordPatterns}::text[]))`;
}
