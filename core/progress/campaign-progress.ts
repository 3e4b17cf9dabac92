// Progress of each institution against its campaign's milestones: the share of in-scope patents
// (valid, granted on or before the campaign's cut-off) whose self-assessment has been submitted.
// The digest's fuller figures (core/digest/figures.ts) count the same way.
import type { InventoryStatus } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import {
  campaignsByProvince,
  coveragePercent,
  type MilestoneRef,
  milestoneStatus,
} from '../digest/milestones.ts';
import { DEFAULT_TIME_ZONE, localDate } from '../time-format.ts';

/** Every inventory status, in the order a patent goes through them (for counts shown to people). */
export const INVENTORY_STATUSES: readonly InventoryStatus[] = [
  'NOT_STARTED',
  'IN_PROGRESS',
  'SUBMITTED',
  'COLLEGE_APPROVED',
  'RETURNED',
  'IN_POOL',
  'SCREENED_OUT',
];

/** A patent counts as inventoried once its self-assessment is submitted and not sent back. */
export const INVENTORIED_STATUSES: readonly InventoryStatus[] = [
  'SUBMITTED',
  'COLLEGE_APPROVED',
  'IN_POOL',
  'SCREENED_OUT',
];

export type { MilestoneRef } from '../digest/milestones.ts';

export interface InstitutionProgress {
  institutionId: string;
  code: string;
  name: string;
  province: string;
  total: number;
  inventoried: number;
  /** 0..100, one decimal. */
  percent: number;
  /** The next milestone not yet due, or the last one when all are past. */
  milestone: MilestoneRef | null;
  /** Days from today (local) to the milestone; negative when it has passed. */
  daysLeft: number | null;
  onTrack: boolean;
}

/**
 * Top-level institutions (universities, institutes, hospitals), optionally of one province: three
 * queries whatever their number (institutions, campaigns, one grouped count of in-scope patents
 * with each province's cut-off), instead of three per institution.
 */
export async function campaignProgress(
  db: Db,
  options: { province?: string; institutionIds?: string[]; now: Date; timeZone?: string },
): Promise<InstitutionProgress[]> {
  const today = localDate(options.now, options.timeZone ?? DEFAULT_TIME_ZONE);
  const institutions = await db.institution.findMany({
    where: {
      parentId: null,
      ...(options.province ? { province: options.province } : {}),
      ...(options.institutionIds ? { id: { in: options.institutionIds } } : {}),
    },
    orderBy: { code: 'asc' },
  });
  if (institutions.length === 0) return [];
  const campaigns = await campaignsByProvince(db, [...new Set(institutions.map((i) => i.province))]);
  const known = [...campaigns.entries()].filter(([, c]) => c !== null);
  const counts = await db.$queryRaw<{ id: string; total: number; inventoried: number }[]>`
    WITH camp AS (
      SELECT * FROM unnest(${known.map(([p]) => p)}::text[], ${known.map(([, c]) => c!.grantedBefore)}::date[])
        AS c(province, cutoff)
    )
    SELECT p."institutionId"::text AS id, count(*)::int AS total,
      count(*) FILTER (WHERE p."inventoryStatus"::text = ANY(${[...INVENTORIED_STATUSES]}::text[]))::int AS inventoried
    FROM "Patent" p
    JOIN "Institution" i ON i.id = p."institutionId"
    LEFT JOIN camp ON camp.province = i.province
    WHERE p."institutionId" = ANY(${institutions.map((i) => i.id)}::uuid[]) AND p."legalStatus" = 'VALID'
      AND (p."grantDate" IS NULL OR camp.cutoff IS NULL OR p."grantDate" <= camp.cutoff)
    GROUP BY p."institutionId"`;
  const byId = new Map(counts.map((c) => [c.id, c]));
  return institutions.map((institution) => {
    const total = byId.get(institution.id)?.total ?? 0;
    const inventoried = byId.get(institution.id)?.inventoried ?? 0;
    const status = milestoneStatus(
      campaigns.get(institution.province)?.milestones ?? [],
      today,
      inventoried,
      total,
    );
    return {
      institutionId: institution.id,
      code: institution.code,
      name: institution.nameZh,
      province: institution.province,
      total,
      inventoried,
      percent: coveragePercent(inventoried, total),
      milestone: status.milestone,
      daysLeft: status.daysLeft,
      onTrack: status.onTrack,
    };
  });
}
