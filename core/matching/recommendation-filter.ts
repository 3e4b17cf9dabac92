// Which patents an enterprise is recommended beyond its pushed matches (listed first, see
// recommended.ts): any valid patent of the resource pool in the IPC fields or with the keywords the
// enterprise follows. What enterprises may see at all is decided in core/people/authorize.ts
// ('patent.viewOffered'); the pool part of that rule (POOL_OFFER) bounds this list.
import type { Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { POOL_OFFER } from '../people/authorize.ts';

/** The patents an enterprise is shown: valid pool patents in its IPC fields or with its keywords. */
export async function recommendationFilter(db: Db, enterpriseId: string) {
  const enterprise = await db.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
  // Beyond the pushed matches (listed first, see core/matching/recommended.ts), any pool patent in
  // the IPC fields or with the keywords the enterprise follows; submitted but unscreened patents are
  // not offered to anyone yet.
  const keywords = enterprise.keywords.map((k) => ({ title: { contains: k } }));
  const byField = { id: { in: await fieldMatches(db, enterprise.ipcInterests) } };
  return { ...POOL_OFFER, OR: [byField, ...keywords] } satisfies Prisma.PatentWhereInput;
}

/** IPC codes are stored whole ("H01M 10/0562"); an interest may be a subclass or a group prefix. */
async function fieldMatches(db: Db, interests: string[]): Promise<string[]> {
  if (interests.length === 0) return [];
  const prefixes = interests.map((i) => `${i.replace(/[%_\\]/g, '')}%`);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Patent"
    WHERE "legalStatus" = 'VALID'
      AND EXISTS (SELECT 1 FROM unnest("ipcCodes") AS code WHERE code LIKE ANY (${prefixes}::text[]))`;
  return rows.map((r) => r.id);
}
