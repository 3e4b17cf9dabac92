// Runs once per `vitest` run, before any test file: applies the migrations once per database kind and
// hands the result to the workers (see database-templates.ts). If either cannot be prepared (say
// PostgreSQL is down), the tests fall back to migrating each database and report the error there.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  createPgliteSnapshot,
  createPostgresTemplate,
  dropPostgresDatabase,
  dropStaleTestDatabases,
  TEST_POSTGRES_URL,
} from './database-templates.ts';

function warn(what: string, error: unknown) {
  console.warn(`[global-setup] ${what}: ${(error as Error)?.message ?? error}`);
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'revive-test-'));
  const [template, snapshot] = await Promise.all([
    (async () => {
      await dropStaleTestDatabases().catch(() => {});
      return createPostgresTemplate();
    })().catch((error) => {
      warn(`no PostgreSQL template at ${TEST_POSTGRES_URL}`, error);
      return null;
    }),
    createPgliteSnapshot(dir).catch((error) => {
      warn('no PGlite snapshot', error);
      return null;
    }),
  ]);
  project.provide('revivePostgresTemplate', template);
  project.provide('revivePgliteSnapshot', snapshot);

  return async () => {
    await Promise.all([
      template ? dropPostgresDatabase(template).catch((error) => warn(`dropping ${template}`, error)) : null,
      rm(dir, { recursive: true, force: true }),
    ]);
  };
}
