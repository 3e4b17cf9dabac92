import { describe, expect, it } from 'vitest';
import { nextSendableTime, nextUnderWeeklyCap } from '../../../core/delivery/policy.ts';

describe('quiet hours', () => {
  it('lets a message through in the day, local time', () => {
    const noonShanghai = new Date('2026-06-30T04:00:00Z');
    expect(nextSendableTime(noonShanghai, 'Asia/Shanghai')).toBe(noonShanghai);
  });

  it('holds a message sent at night until 08:00 the next morning, local time', () => {
    expect(nextSendableTime(new Date('2026-06-30T14:30:00Z'), 'Asia/Shanghai')).toEqual(
      new Date('2026-07-01T00:00:00Z'),
    );
  });

  it('holds a message sent after midnight until 08:00 the same morning', () => {
    expect(nextSendableTime(new Date('2026-06-30T18:00:00Z'), 'Asia/Shanghai')).toEqual(
      new Date('2026-07-01T00:00:00Z'),
    );
  });

  it('uses the person’s own time zone, daylight saving included', () => {
    // 23:00 in New York (EDT, UTC-4) → 08:00 EDT = 12:00 UTC
    expect(nextSendableTime(new Date('2026-07-01T03:00:00Z'), 'America/New_York')).toEqual(
      new Date('2026-07-01T12:00:00Z'),
    );
  });

  it('supports a quiet period that does not cross midnight', () => {
    const quiet = { startHour: 12, endHour: 14 };
    expect(nextSendableTime(new Date('2026-06-30T04:30:00Z'), 'Asia/Shanghai', quiet)).toEqual(
      new Date('2026-06-30T06:00:00Z'),
    );
    const morning = new Date('2026-06-30T01:00:00Z');
    expect(nextSendableTime(morning, 'Asia/Shanghai', quiet)).toBe(morning);
  });
});

describe('weekly reminder cap', () => {
  const now = new Date('2026-06-30T04:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  it('allows a reminder under the cap', () => {
    expect(nextUnderWeeklyCap(now, [daysAgo(1), daysAgo(2)], 3)).toBe(now);
  });

  it('waits until the oldest reminder in the window is a week old', () => {
    expect(nextUnderWeeklyCap(now, [daysAgo(1), daysAgo(5), daysAgo(2)], 3)).toEqual(
      new Date(daysAgo(5).getTime() + 7 * 86_400_000),
    );
  });
});
