// Waiting in a test for something that happens in the background (a child process's output, a job
// sent, a row written, a reply posted): check it again and again until it holds, or fail with an
// error that says what never happened. Tests assert what happened, never how long it took: the
// timeout is only there so that a test that would hang fails instead, and says why.
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';

export interface WaitForOptions {
  /** How long to keep checking before failing; generous, a loaded CI machine is slow. Default 10 s. */
  timeoutMs?: number;
  /** The pause between two checks. Default 25 ms. */
  intervalMs?: number;
  /**
   * What is being waited for, for the error on timeout: "the worker runs". A function is called only
   * then, so it can add what is known at that moment (a child process's stderr so far).
   */
  message?: string | (() => string);
}

export class WaitForTimeout extends Error {
  override name = 'WaitForTimeout';
}

/**
 * Calls `check` (sync or async) until it returns a truthy value, and returns that value. Fails with
 * a WaitForTimeout naming `message` and the last value seen when `timeoutMs` passes first. An error
 * thrown by `check` is not retried: it fails the wait at once (a child that exited, a broken query).
 * The deadline is measured on the monotonic clock, so a faked wall clock (libfaketime) does not move it.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25, message = 'the condition holds' }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (performance.now() >= deadline) {
      const what = typeof message === 'function' ? message() : message;
      throw new WaitForTimeout(
        `waitFor: gave up after ${timeoutMs} ms waiting until ${what} (last value: ${inspect(value, { depth: 2, breakLength: Infinity })})`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * Waits until `read` gives the same value on two reads `quietMs` apart, and returns that value: for a
 * burst of messages of unknown length, so that all of them have arrived before they are counted.
 * Values are compared with Object.is (read a count, not an array). Fails like waitFor when the value
 * is still changing after `timeoutMs`.
 */
export async function waitForQuiet<T>(
  read: () => T | Promise<T>,
  {
    quietMs = 200,
    timeoutMs = 30_000,
    message = 'the value stops changing',
  }: { quietMs?: number; timeoutMs?: number; message?: string | (() => string) } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last = await read();
  for (;;) {
    await sleep(quietMs);
    const value = await read();
    if (Object.is(value, last)) return value;
    if (performance.now() >= deadline) {
      const what = typeof message === 'function' ? message() : message;
      throw new WaitForTimeout(
        `waitForQuiet: gave up after ${timeoutMs} ms waiting until ${what} (last value: ${inspect(value, { depth: 2, breakLength: Infinity })})`,
      );
    }
    last = value;
  }
}
