import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openTestRedis } from '../support/redis.ts';
import { waitFor } from '../support/wait-for.ts';

it('npm run worker starts the job layer and stops cleanly on SIGTERM', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'revive-worker-'));
  // Its queues and schedulers under a prefix of its own, deleted afterwards, not in the shared Redis's
  // default namespace.
  const redis = openTestRedis();
  const { DATABASE_URL: _unset, TELEGRAM_BOT_TOKEN: _t, SLACK_BOT_TOKEN: _s, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: {
      ...env,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      REDIS_URL: redis.url,
      REVIVE_REDIS_PREFIX: redis.prefix,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
    });
    // Both lines: the log line is written asynchronously (pino), the "running" line at once, so
    // either may come first.
    await waitFor(
      () =>
        (stdout.includes('Revive worker running') && stdout.includes('"msg":"job layer started"')) ||
        child.exitCode !== null ||
        child.signalCode !== null,
      { timeoutMs: 60_000, message: () => `the worker runs (stdout: ${stdout}; stderr: ${stderr})` },
    );
    expect(stdout, stderr).toContain('Revive worker running');
    expect(stdout).toContain('"msg":"job layer started"');
    // At once: the worker listens for SIGTERM before it says it is running.
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
    await redis.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  }
}, 90_000);
