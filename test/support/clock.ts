// The instant the tests live at, unless a test sets its own: whatever the date and hour the suite
// runs at (CI also runs it under libfaketime), the program decides by this clock only.
import { type ManualClock, manualClock } from '../../core/clock.ts';

/** Tuesday 1 December 2026, 10:00 in Asia/Shanghai: a working morning, outside quiet hours. */
export const TEST_NOW = new Date('2026-12-01T02:00:00Z');

export const testClock = (at: Date | string = TEST_NOW): ManualClock => manualClock(at);
