import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database-backed test files each create their own schema, so they can run in parallel.
    pool: 'forks',
  },
});
