// Campaigns repeat (the 2024 inventory, later transformation drives), so their scope and milestones
// are data. The defaults follow the Working Plan's timetable: more than 30 % inventoried by the end of
// June, everything by the end of the year.
import type { MilestoneMetric, PrismaClient } from '../../prisma/generated/client.ts';

export interface MilestoneSpec {
  metric: MilestoneMetric;
  /** Local calendar date in Asia/Shanghai, "YYYY-MM-DD". */
  dueDate: string;
  /** 0..100 */
  targetPercent: number;
}

export interface CreateCampaignInput {
  name: string;
  year: number;
  /** GB/T 2260 province code; omitted for a national campaign. */
  province?: string | null;
  /** "YYYY-MM-DD": patents granted on or before this date are in scope. Defaults to the end of the previous year. */
  grantedBefore?: string;
  milestones?: MilestoneSpec[];
}

export function defaultMilestones(year: number): MilestoneSpec[] {
  assertYear(year);
  return [
    { metric: 'INVENTORIED_SHARE', dueDate: `${year}-06-30`, targetPercent: 30 },
    { metric: 'INVENTORIED_SHARE', dueDate: `${year}-12-31`, targetPercent: 100 },
  ];
}

/** Only the campaign table is touched, so an interactive transaction client works as well. */
export type CampaignWriter = Pick<PrismaClient, 'campaign'>;

/** Writes a campaign and its milestones in one statement (both or neither). */
export async function createCampaign(prisma: CampaignWriter, input: CreateCampaignInput) {
  assertYear(input.year);
  const name = input.name.trim();
  if (name === '') throw new RangeError('campaign name must not be empty');
  const milestones = input.milestones ?? defaultMilestones(input.year);
  const seen = new Set<string>();
  for (const m of milestones) {
    if (!Number.isInteger(m.targetPercent) || m.targetPercent < 0 || m.targetPercent > 100) {
      throw new RangeError(`targetPercent must be an integer 0..100, got ${m.targetPercent}`);
    }
    // Mirrors the (campaign, metric, dueDate) unique key, with a clearer message than the database's.
    const key = `${m.metric} ${m.dueDate}`;
    if (seen.has(key)) throw new RangeError(`duplicate milestone ${key}`);
    seen.add(key);
  }

  return prisma.campaign.create({
    data: {
      name,
      year: input.year,
      province: input.province ?? null,
      grantedBefore: calendarDate(input.grantedBefore ?? `${input.year - 1}-12-31`),
      milestones: {
        create: milestones.map((m) => ({
          metric: m.metric,
          dueDate: calendarDate(m.dueDate),
          targetPercent: m.targetPercent,
        })),
      },
    },
    include: { milestones: { orderBy: [{ dueDate: 'asc' }, { metric: 'asc' }] } },
  });
}

/**
 * A "YYYY-MM-DD" calendar date as the Date Prisma writes to a `@db.Date` column. Prisma keeps the UTC
 * date part, so the value is UTC midnight of that date: converting the Shanghai local date to an
 * instant would shift it to the previous day.
 */
export function calendarDate(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== date) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  return d;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1985 || year > 2999) {
    throw new RangeError(`not a campaign year: ${year}`);
  }
}
