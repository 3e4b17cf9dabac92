// Applies prisma/migrations/* in order, recording them in `_prisma_migrations` exactly as Prisma's
// own `migrate deploy` does (sha256 checksum, finished_at, applied_steps_count = 1), so that an
// operator with internet access can still use Prisma's CLI on the same database.
// Why our own: Prisma 6's wasm engine cannot deploy to PostgreSQL through adapter-pg, and its
// script runner splits on ";" (see docs/database.md).
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// Prisma's advisory lock key, so our migrator and Prisma's never run at once.
const PRISMA_ADVISORY_LOCK = 72707369;

/** The few operations the migrator needs, implemented for node-postgres and for PGlite. */
export interface MigrationConnection {
  /** Runs a multi-statement script (simple query protocol). */
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  usesAdvisoryLocks: boolean;
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
  /** Applied migrations whose file changed since (Prisma warns about these too). */
  modified: string[];
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);`;

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export async function applyMigrations(
  conn: MigrationConnection,
  migrations: MigrationFile[],
): Promise<MigrationReport> {
  if (conn.usesAdvisoryLocks) await conn.exec(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK})`);
  try {
    await conn.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await conn.query<{ migration_name: string; checksum: string; finished_at: unknown }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const failed = rows.filter((r) => r.finished_at === null);
    if (failed.length > 0) {
      throw new Error(
        `migration ${failed[0]!.migration_name} failed earlier and was not rolled back; resolve it before starting`,
      );
    }
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const report: MigrationReport = { applied: [], alreadyApplied: 0, modified: [] };
    for (const migration of migrations) {
      const recorded = done.get(migration.name);
      if (recorded !== undefined) {
        report.alreadyApplied += 1;
        if (recorded !== migration.checksum) report.modified.push(migration.name);
        continue;
      }
      await conn.exec('BEGIN');
      try {
        await conn.exec(migration.sql);
        await conn.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await conn.exec('COMMIT');
      } catch (error) {
        await conn.exec('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    if (conn.usesAdvisoryLocks) await conn.exec(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK})`);
  }
}
