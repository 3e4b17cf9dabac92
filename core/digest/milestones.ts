// Which campaign applies to a province, and where an institution stands against its milestones.
// Everything is in local dates of the campaign's time zone: 23:59 on 30 June in Shanghai is still
// 30 June (15:59 UTC), and the June milestone is still the next one until local midnight.
import type { Db } from '../db/database.ts';
import { formatCalendarDate, localDate } from '../time-format.ts';

export interface MilestoneRef {
  id: string;
  dueDate: string; // YYYY-MM-DD, local
  targetPercent: number;
}

export interface CampaignRef {
  id: string;
  name: string;
  /** YYYY-MM-DD: patents granted on or before it are in scope. */
  grantedBefore: string;
  /** INVENTORIED_SHARE milestones, earliest first. */
  milestones: MilestoneRef[];
}

/**
 * The campaign of each province: the latest year, the province's own before the national one.
 * One query for all campaigns (a handful of rows), resolved here per province asked for.
 */
export async function campaignsByProvince(
  db: Db,
  provinces: readonly string[],
): Promise<Map<string, CampaignRef | null>> {
  const campaigns = await db.campaign.findMany({
    where: { OR: [{ province: { in: [...provinces] } }, { province: null }] },
    orderBy: [{ year: 'desc' }, { province: { sort: 'desc', nulls: 'last' } }],
    include: { milestones: { where: { metric: 'INVENTORIED_SHARE' }, orderBy: { dueDate: 'asc' } } },
  });
  const result = new Map<string, CampaignRef | null>();
  for (const province of provinces) {
    const c = campaigns.find((x) => x.province === province || x.province === null);
    result.set(
      province,
      c
        ? {
            id: c.id,
            name: c.name,
            grantedBefore: formatCalendarDate(c.grantedBefore),
            milestones: c.milestones.map((m) => ({
              id: m.id,
              dueDate: formatCalendarDate(m.dueDate),
              targetPercent: m.targetPercent,
            })),
          }
        : null,
    );
  }
  return result;
}

export interface MilestoneStatus {
  /** The next milestone not yet past (due today counts), or the last one when all are past. */
  milestone: MilestoneRef | null;
  /** Local days from today to its due date; 0 on the day, negative once past. */
  daysLeft: number | null;
  onTrack: boolean;
  /** Patents still needed to reach the milestone's share (0 when on track). */
  missing: number;
}

const DAY = 86_400_000;

/** Today's local date for `now` in the campaign's time zone. */
export const campaignToday = (now: Date, timeZone: string): string => localDate(now, timeZone);

/**
 * On track when inventoried/total ≥ target, compared in integers (29.96 % is behind a 30 % target
 * even though it prints as 30.0 %). An institution with no in-scope patent has nothing to do.
 */
export function milestoneStatus(
  milestones: readonly MilestoneRef[],
  today: string,
  inventoried: number,
  total: number,
): MilestoneStatus {
  const milestone = milestones.find((m) => m.dueDate >= today) ?? milestones.at(-1) ?? null;
  if (!milestone) return { milestone: null, daysLeft: null, onTrack: true, missing: 0 };
  const daysLeft = Math.round(
    (Date.parse(`${milestone.dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY,
  );
  const needed = Math.ceil((milestone.targetPercent * total) / 100);
  return {
    milestone,
    daysLeft,
    onTrack: inventoried * 100 >= milestone.targetPercent * total,
    missing: Math.max(0, needed - inventoried),
  };
}

/** 0..100 with one decimal; an institution without in-scope patents shows 100 (nothing left). */
export const coveragePercent = (inventoried: number, total: number): number =>
  total === 0 ? 100 : Math.round((inventoried / total) * 1000) / 10;
