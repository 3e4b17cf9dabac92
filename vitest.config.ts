import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Applies the migrations once per run; each test file's databases are copies (test/support/).
    globalSetup: ['test/support/global-setup.ts'],
    // Database-backed test files each create their own schema, so they can run in parallel.
    // Threads rather than forks: same results, about a quarter less CPU (no process per file).
    pool: 'threads',
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine. On
    // 2 cores 2 workers measured best (the suite is CPU-bound there; 3 or 4 were slower).
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
