import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calendarDate,
  createCampaign,
  defaultMilestones,
} from '../../../core/campaigns/default-milestones.ts';
import { type Database, openDatabase } from '../../../core/db/database.ts';

describe('defaultMilestones', () => {
  it('asks for 30 % by the end of June and everything by the end of the year', () => {
    expect(defaultMilestones(2024)).toEqual([
      { metric: 'INVENTORIED_SHARE', dueDate: '2024-06-30', targetPercent: 30 },
      { metric: 'INVENTORIED_SHARE', dueDate: '2024-12-31', targetPercent: 100 },
    ]);
  });

  it('returns a fresh array each time', () => {
    const a = defaultMilestones(2025);
    a[0]!.targetPercent = 50;
    expect(defaultMilestones(2025)[0]!.targetPercent).toBe(30);
  });

  it('rejects a year that is not one', () => {
    expect(() => defaultMilestones(2024.5)).toThrow(RangeError);
    expect(() => defaultMilestones(24)).toThrow(RangeError);
  });
});

describe('calendarDate', () => {
  it('keeps the calendar date whatever the time zone', () => {
    expect(calendarDate('2024-06-30').toISOString()).toBe('2024-06-30T00:00:00.000Z');
  });

  it('rejects impossible or malformed dates', () => {
    for (const raw of ['2024-02-30', '2023-02-29', '2024-6-30', '2024/06/30', '', '2024-06-30T00:00:00Z']) {
      expect(() => calendarDate(raw), raw).toThrow(RangeError);
    }
    expect(calendarDate('2024-02-29').toISOString().slice(0, 10)).toBe('2024-02-29');
  });
});

describe('createCampaign', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: null });
  });
  afterAll(async () => {
    await db?.close();
  });

  const day = (d: Date | null) => d?.toISOString().slice(0, 10);

  it('writes the campaign with the default milestones and scope', async () => {
    const campaign = await createCampaign(db.prisma, { name: '2024年存量专利盘点', year: 2024 });
    expect(campaign).toMatchObject({ name: '2024年存量专利盘点', year: 2024, province: null });
    expect(day(campaign.grantedBefore)).toBe('2023-12-31');
    expect(
      campaign.milestones.map((m) => ({
        metric: m.metric,
        dueDate: day(m.dueDate),
        targetPercent: m.targetPercent,
      })),
    ).toEqual(defaultMilestones(2024));

    const stored = await db.prisma.milestone.findMany({ where: { campaignId: campaign.id } });
    expect(stored).toHaveLength(2);
  });

  it('takes a province, a scope date and its own milestones', async () => {
    const campaign = await createCampaign(db.prisma, {
      name: '  浙江省2025年转化专项  ',
      year: 2025,
      province: '330000',
      grantedBefore: '2024-12-31',
      milestones: [
        { metric: 'INVENTORIED_SHARE', dueDate: '2025-12-31', targetPercent: 100 },
        { metric: 'EVALUATED_SHARE', dueDate: '2025-09-30', targetPercent: 50 },
      ],
    });
    expect(campaign).toMatchObject({ name: '浙江省2025年转化专项', province: '330000' });
    expect(day(campaign.grantedBefore)).toBe('2024-12-31');
    expect(campaign.milestones.map((m) => [m.metric, day(m.dueDate), m.targetPercent])).toEqual([
      ['EVALUATED_SHARE', '2025-09-30', 50],
      ['INVENTORIED_SHARE', '2025-12-31', 100],
    ]);
  });

  it('accepts a campaign without milestones', async () => {
    const campaign = await createCampaign(db.prisma, { name: 'spot check', year: 2025, milestones: [] });
    expect(campaign.milestones).toEqual([]);
  });

  it('rejects bad input before writing anything', async () => {
    const before = await db.prisma.campaign.count();
    const bad = [
      { name: ' ', year: 2025 },
      { name: 'x', year: 2025.5 },
      { name: 'x', year: 2025, grantedBefore: '2024-13-01' },
      {
        name: 'x',
        year: 2025,
        milestones: [{ metric: 'INVENTORIED_SHARE', dueDate: '2025-06-31', targetPercent: 30 }],
      },
      {
        name: 'x',
        year: 2025,
        milestones: [{ metric: 'INVENTORIED_SHARE', dueDate: '2025-06-30', targetPercent: 101 }],
      },
      {
        name: 'x',
        year: 2025,
        milestones: [{ metric: 'INVENTORIED_SHARE', dueDate: '2025-06-30', targetPercent: 2.5 }],
      },
      {
        name: 'x',
        year: 2025,
        milestones: [
          { metric: 'INVENTORIED_SHARE', dueDate: '2025-06-30', targetPercent: 30 },
          { metric: 'INVENTORIED_SHARE', dueDate: '2025-06-30', targetPercent: 40 },
        ],
      },
    ] as const;
    for (const input of bad) {
      await expect(
        createCampaign(db.prisma, input as Parameters<typeof createCampaign>[1]),
        JSON.stringify(input),
      ).rejects.toThrow(RangeError);
    }
    expect(await db.prisma.campaign.count()).toBe(before);
  });
});
