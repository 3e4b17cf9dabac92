// Runs once per `vitest` run, before any test file: applies the migrations once per database kind and
// hands the result to the workers (see database-templates.ts). If either cannot be prepared (say
// PostgreSQL is down), the tests fall back to migrating each database and report the error there.
import type { TestProject } from 'vitest/node';
import {
  createPostgresTemplate,
  dropPostgresDatabase,
  dropStaleTestDatabases,
  migratedPgliteSnapshot,
  TEST_POSTGRES_URL,
} from './database-templates.ts';

function warn(what: string, error: unknown) {
  console.warn(`[global-setup] ${what}: ${(error as Error)?.message ?? error}`);
}

export default async function setup(project: TestProject) {
  const [template, snapshot] = await Promise.all([
    (async () => {
      await dropStaleTestDatabases().catch(() => {});
      return createPostgresTemplate();
    })().catch((error) => {
      warn(`no PostgreSQL template at ${TEST_POSTGRES_URL}`, error);
      return null;
    }),
    migratedPgliteSnapshot().catch((error) => {
      warn('no PGlite snapshot', error);
      return null;
    }),
  ]);
  project.provide('revivePostgresTemplate', template);
  project.provide('revivePgliteSnapshot', snapshot);

  return async () => {
    if (template) await dropPostgresDatabase(template).catch((error) => warn(`dropping ${template}`, error));
  };
}
