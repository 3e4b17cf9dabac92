// Progress of each institution against its campaign's milestones: the share of in-scope patents
// (valid, granted on or before the campaign's cut-off) whose self-assessment has been submitted.
import type { InventoryStatus } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { DEFAULT_TIME_ZONE, formatCalendarDate, localDate } from '../time-format.ts';

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

export interface MilestoneRef {
  id: string;
  dueDate: string; // YYYY-MM-DD, local
  targetPercent: number;
}

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

const DAY = 86_400_000;

/** Top-level institutions (universities, institutes, hospitals), optionally of one province. */
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
  const result: InstitutionProgress[] = [];
  for (const institution of institutions) {
    const campaign = await db.campaign.findFirst({
      where: { OR: [{ province: institution.province }, { province: null }] },
      orderBy: [{ year: 'desc' }, { province: { sort: 'desc', nulls: 'last' } }],
      include: { milestones: { where: { metric: 'INVENTORIED_SHARE' }, orderBy: { dueDate: 'asc' } } },
    });
    const inScope = {
      institutionId: institution.id,
      legalStatus: 'VALID' as const,
      ...(campaign ? { OR: [{ grantDate: null }, { grantDate: { lte: campaign.grantedBefore } }] } : {}),
    };
    const total = await db.patent.count({ where: inScope });
    const inventoried = await db.patent.count({
      where: { ...inScope, inventoryStatus: { in: [...INVENTORIED_STATUSES] } },
    });
    const milestones = (campaign?.milestones ?? []).map((m) => ({
      id: m.id,
      dueDate: formatCalendarDate(m.dueDate),
      targetPercent: m.targetPercent,
    }));
    const milestone = milestones.find((m) => m.dueDate >= today) ?? milestones.at(-1) ?? null;
    const percent = total === 0 ? 100 : Math.round((inventoried / total) * 1000) / 10;
    const daysLeft = milestone
      ? Math.round((Date.parse(`${milestone.dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY)
      : null;
    result.push({
      institutionId: institution.id,
      code: institution.code,
      name: institution.nameZh,
      province: institution.province,
      total,
      inventoried,
      percent,
      milestone,
      daysLeft,
      onTrack: milestone === null || percent >= milestone.targetPercent,
    });
  }
  return result;
}
