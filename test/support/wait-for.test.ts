// The shared wait helper: what it returns, and what its failures say. Nothing here measures time.
import { describe, expect, it } from 'vitest';
import { WaitForTimeout, waitFor, waitForQuiet } from './wait-for.ts';

describe('waitFor', () => {
  it('checks until the value is truthy and returns it', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { ready: calls } : null), { intervalMs: 1 });
    expect(value).toEqual({ ready: 3 });
    expect(calls).toBe(3);
  });

  it('awaits an async check', async () => {
    let calls = 0;
    expect(await waitFor(async () => ++calls === 2 && 'done', { intervalMs: 1 })).toBe('done');
  });

  it('fails on timeout, naming what it waited for and the last value', async () => {
    let described = 0;
    const waiting = waitFor(() => 0, {
      timeoutMs: 20,
      intervalMs: 5,
      message: () => {
        described++;
        return 'the count is positive';
      },
    });
    await expect(waiting).rejects.toBeInstanceOf(WaitForTimeout);
    await expect(waiting).rejects.toThrow(/waiting until the count is positive \(last value: 0\)/);
    expect(described).toBe(1);
  });

  it('lets an error thrown by the check fail the wait at once', async () => {
    let calls = 0;
    const failing = waitFor(
      () => {
        calls++;
        throw new Error('the child exited');
      },
      { intervalMs: 1 },
    );
    await expect(failing).rejects.toThrow('the child exited');
    expect(calls).toBe(1);
  });
});

describe('waitForQuiet', () => {
  it('returns the value once it stops changing', async () => {
    let count = 0;
    const read = () => (count < 3 ? ++count : count);
    expect(await waitForQuiet(read, { quietMs: 1 })).toBe(3);
  });

  it('fails when the value keeps changing', async () => {
    let count = 0;
    await expect(
      waitForQuiet(() => ++count, { quietMs: 1, timeoutMs: 20, message: 'the burst ends' }),
    ).rejects.toThrow(/waiting until the burst ends/);
  });
});
