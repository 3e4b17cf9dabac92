// Audit entries outlive the person they mention: a deletion on request (privacy.ts) keeps the
// entries (who did what, when) but removes what identified the person from their details — a name,
// an email or a mobile number written there when the entry was made.
import type { Prisma } from '../../prisma/generated/client.ts';

type Tx = Prisma.TransactionClient;
type Json = Prisma.JsonValue;

/** Shorter values would match inside unrelated text (a one-character given name, "张"). */
const MIN_NEEDLE_LENGTH = 2;

/** `value` with every string that contains a needle replaced by `replacement`, at any depth. */
export function scrubJson(value: Json, needles: readonly string[], replacement: string): Json {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return needles.some((needle) => lower.includes(needle)) ? replacement : value;
  }
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, needles, replacement));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, scrubJson(item ?? null, needles, replacement)]),
    );
  return value;
}

export interface ScrubTarget {
  personId: string;
  /** The ids of records that were the person's (staff records, invitations, expert profile). */
  relatedIds: readonly string[];
  /** What identified them: name, email, mobile (nulls and short values are ignored). */
  identifying: readonly (string | null)[];
  replacement: string;
}

/** Scrubs the details of every audit entry by, about, or about a record of the person. */
export async function scrubAuditEntries(tx: Tx, target: ScrubTarget): Promise<number> {
  const needles = [
    ...new Set(
      target.identifying
        .filter((v): v is string => v !== null && [...v.trim()].length >= MIN_NEEDLE_LENGTH)
        .map((v) => v.trim().toLowerCase()),
    ),
  ];
  if (needles.length === 0) return 0;
  const entries = await tx.auditLog.findMany({
    where: {
      OR: [{ actorId: target.personId }, { subjectId: { in: [target.personId, ...target.relatedIds] } }],
    },
    select: { id: true, details: true },
  });
  let scrubbed = 0;
  for (const entry of entries) {
    const details = scrubJson(entry.details, needles, target.replacement);
    if (JSON.stringify(details) === JSON.stringify(entry.details)) continue;
    await tx.auditLog.update({ where: { id: entry.id }, data: { details: details ?? {} } });
    scrubbed++;
  }
  return scrubbed;
}
