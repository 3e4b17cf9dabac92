// Milestone status at its boundaries, in the campaign's local dates.
import { describe, expect, it } from 'vitest';
import { campaignToday, coveragePercent, milestoneStatus } from '../../../core/digest/milestones.ts';

const MILESTONES = [
  { id: 'june', dueDate: '2024-06-30', targetPercent: 30 },
  { id: 'year', dueDate: '2024-12-31', targetPercent: 100 },
];
const SHANGHAI = 'Asia/Shanghai';

describe('milestone status', () => {
  it('counts exactly 30 % on 30 June as on track, and 29.96 % (printed 30 %) as behind', () => {
    expect(milestoneStatus(MILESTONES, '2024-06-30', 3, 10)).toMatchObject({
      milestone: { id: 'june' },
      daysLeft: 0,
      onTrack: true,
      missing: 0,
    });
    expect(coveragePercent(749, 2500)).toBe(30);
    expect(milestoneStatus(MILESTONES, '2024-06-30', 749, 2500)).toMatchObject({
      onTrack: false,
      missing: 1,
    });
  });

  it('keeps 30 June until local midnight: 23:59 in Shanghai is 15:59 UTC', () => {
    const lastMinute = campaignToday(new Date('2024-06-30T15:59:00Z'), SHANGHAI);
    const nextDay = campaignToday(new Date('2024-06-30T16:00:00Z'), SHANGHAI);
    expect(lastMinute).toBe('2024-06-30');
    expect(milestoneStatus(MILESTONES, lastMinute, 3, 10).milestone?.id).toBe('june');
    expect(nextDay).toBe('2024-07-01');
    // From 1 July the year-end milestone applies: 30 % is now far behind.
    expect(milestoneStatus(MILESTONES, nextDay, 3, 10)).toMatchObject({
      milestone: { id: 'year' },
      daysLeft: 183,
      onTrack: false,
      missing: 7,
    });
    // In UTC the same instant is still 30 June: the campaign's zone decides.
    expect(campaignToday(new Date('2024-06-30T16:00:00Z'), 'UTC')).toBe('2024-06-30');
  });

  it('on the last day of the year needs everything; after it, the last milestone stays, overdue', () => {
    expect(milestoneStatus(MILESTONES, '2024-12-31', 99, 100)).toMatchObject({
      milestone: { id: 'year' },
      daysLeft: 0,
      onTrack: false,
      missing: 1,
    });
    expect(milestoneStatus(MILESTONES, '2024-12-31', 100, 100).onTrack).toBe(true);
    expect(milestoneStatus(MILESTONES, '2025-01-01', 99, 100)).toMatchObject({
      milestone: { id: 'year' },
      daysLeft: -1,
      onTrack: false,
    });
  });

  it('has nothing to ask of an institution without patents, or of a campaign without milestones', () => {
    expect(milestoneStatus(MILESTONES, '2024-06-01', 0, 0)).toMatchObject({ onTrack: true, missing: 0 });
    expect(coveragePercent(0, 0)).toBe(100);
    expect(milestoneStatus([], '2024-06-01', 0, 10)).toEqual({
      milestone: null,
      daysLeft: null,
      onTrack: true,
      missing: 0,
    });
  });
});
