// The program's one source of "now". Entry points (start, worker, the scripts) create the system
// clock and pass it down; tests pass a manual clock, so that what the program decides (due
// reminders, quiet hours, deadlines, expiry, stale sends) never depends on when the tests run.
// Nothing else in core/, jobs/ or bots/ may read the machine's time (test/clock-discipline.test.ts).

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** A clock that stands still until told otherwise: for tests, benchmarks and replays. */
export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function manualClock(start: Date | string): ManualClock {
  let current = new Date(start);
  if (Number.isNaN(current.getTime())) throw new RangeError(`not an instant: ${String(start)}`);
  return {
    now: () => new Date(current),
    set(at) {
      current = new Date(at);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

/**
 * Milliseconds since the epoch by the machine's clock, for what has to agree with libraries and
 * services that read that clock themselves (BullMQ's delayed jobs, Redis expiries) and for
 * measuring elapsed time. Never for deciding what is due: that is the injected Clock's job.
 */
export const machineTimeMs = (): number => Date.now();
