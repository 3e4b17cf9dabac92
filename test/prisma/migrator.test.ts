import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  loadMigrations,
  MIGRATIONS_DIR,
  type MigrationFile,
} from '../../prisma/migrator.ts';
import {
  type ClosableMigrationConnection,
  createEmptyTestDatabase,
  createTestDatabase,
  DATABASE_KINDS,
  type EmptyTestDatabase,
  type TestDatabase,
} from '../support/databases.ts';
import { waitFor } from '../support/wait-for.ts';

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function tableExists(conn: ClosableMigrationConnection, table: string): Promise<boolean> {
  const [row] = await conn.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
    `public."${table}"`,
  ]);
  return row!.exists;
}

/** A copy of the real migrations that a test may edit or extend. */
async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'revive-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

let migrations: MigrationFile[];
beforeAll(async () => {
  migrations = await loadMigrations();
});

describe('loadMigrations', () => {
  it('finds every migration folder in name order, with the sha256 of its file', async () => {
    expect(migrations.length).toBeGreaterThan(0);
    const names = migrations.map((m) => m.name);
    expect(names).toEqual([...names].sort());
    for (const migration of migrations) {
      expect(migration.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
      const file = await readFile(path.join(MIGRATIONS_DIR, migration.name, 'migration.sql'), 'utf8');
      expect(migration.checksum).toBe(sha256(file));
    }
  });
});

describe.each(DATABASE_KINDS)('migrator on %s', (kind) => {
  describe('through openDatabase', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      // Not a copy of the run's migrated database: this is about migrating an empty one.
      db = await createTestDatabase(kind, { fresh: true });
    });
    afterAll(() => db?.close());

    it('applies every migration to a fresh database', () => {
      expect(db.kind).toBe(kind);
      expect(db.migrations).toEqual({
        applied: migrations.map((m) => m.name),
        alreadyApplied: 0,
        modified: [],
      });
    });

    it('has the tables of the schema afterwards', async () => {
      expect(await db.prisma.patent.count()).toBe(0);
      expect(await db.prisma.auditLog.count()).toBe(0);
    });
  });

  // Other test files get copies of a database migrated once per run (test/support/global-setup.ts).
  it("copies the run's migrated database for other tests, with every migration recorded", async () => {
    const copy = await createTestDatabase(kind);
    try {
      expect(copy.migrations).toEqual({ applied: [], alreadyApplied: migrations.length, modified: [] });
      expect(await copy.prisma.patent.count()).toBe(0);
    } finally {
      await copy.close();
    }
  });

  describe('applyMigrations', () => {
    let empty: EmptyTestDatabase;
    let conn: ClosableMigrationConnection;
    const tempDirs: string[] = [];
    // One empty database per kind, emptied before each test: a new PGlite instance costs seconds.
    beforeAll(async () => {
      empty = await createEmptyTestDatabase(kind);
      conn = await empty.connect();
    });
    afterAll(async () => {
      await conn?.close();
      await empty?.close();
    });
    beforeEach(async () => {
      await conn.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    });
    afterEach(async () => {
      await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    });

    it('applies all, then nothing on a second run', async () => {
      const first = await applyMigrations(conn, migrations);
      expect(first).toEqual({ applied: migrations.map((m) => m.name), alreadyApplied: 0, modified: [] });
      const second = await applyMigrations(conn, migrations);
      expect(second).toEqual({ applied: [], alreadyApplied: migrations.length, modified: [] });
      const [{ count }] = (await conn.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM "_prisma_migrations"',
      )) as [{ count: number }];
      expect(count).toBe(migrations.length);
    });

    it('records _prisma_migrations rows exactly as Prisma does', async () => {
      await applyMigrations(conn, migrations);
      const rows = await conn.query<MigrationRow>(
        'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
      for (const row of rows) {
        const file = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'), 'utf8');
        expect(row.checksum).toBe(sha256(file));
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
        expect(row.applied_steps_count).toBe(1);
        expect(row.rolled_back_at).toBeNull();
        expect(row.logs).toBeNull();
      }
      // Same column set and types as the table Prisma's schema engine creates.
      const columns = await conn.query<{ column_name: string; data_type: string; is_nullable: string }>(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
         WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(columns).toEqual([
        { column_name: 'id', data_type: 'character varying', is_nullable: 'NO' },
        { column_name: 'checksum', data_type: 'character varying', is_nullable: 'NO' },
        { column_name: 'finished_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
        { column_name: 'migration_name', data_type: 'character varying', is_nullable: 'NO' },
        { column_name: 'logs', data_type: 'text', is_nullable: 'YES' },
        { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
        { column_name: 'started_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
        { column_name: 'applied_steps_count', data_type: 'integer', is_nullable: 'NO' },
      ]);
    });

    it('reports an applied migration whose file changed as modified, without re-running it', async () => {
      const dir = await copyMigrations();
      tempDirs.push(dir);
      await applyMigrations(conn, await loadMigrations(dir));
      const [first] = migrations;
      const file = path.join(dir, first!.name, 'migration.sql');
      await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited after it was applied\n`);

      const report = await applyMigrations(conn, await loadMigrations(dir));
      expect(report).toEqual({ applied: [], alreadyApplied: migrations.length, modified: [first!.name] });
      const rows = await conn.query<{ checksum: string }>(
        'SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1',
        [first!.name],
      );
      expect(rows).toEqual([{ checksum: first!.checksum }]);
    });

    it('rolls a failing migration back completely and names it', async () => {
      const dir = await copyMigrations();
      tempDirs.push(dir);
      const broken = '29991231000000_broken';
      await addMigration(
        dir,
        broken,
        `CREATE TABLE "HalfDone" ("id" INTEGER PRIMARY KEY);
         INSERT INTO "HalfDone" VALUES (1);
         ALTER TABLE "Patent" ADD COLUMN "halfDone" TEXT;
         SELECT * FROM "NoSuchTable";`,
      );

      await expect(applyMigrations(conn, await loadMigrations(dir))).rejects.toThrow(
        new RegExp(`migration ${broken} failed: .*NoSuchTable`),
      );
      expect(await tableExists(conn, 'HalfDone')).toBe(false);
      const patentColumns = await conn.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'Patent' AND column_name = 'halfDone'`,
      );
      expect(patentColumns).toEqual([]);
      const recorded = await conn.query<{ migration_name: string }>(
        'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name',
      );
      // The migrations before it stay applied: each one is its own transaction, as with Prisma.
      expect(recorded.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));

      // Fixed: the next run applies only the repaired migration (and the lock was released).
      await writeFile(path.join(dir, broken, 'migration.sql'), 'CREATE TABLE "HalfDone" ("id" INTEGER);');
      const report = await applyMigrations(conn, await loadMigrations(dir));
      expect(report).toEqual({ applied: [broken], alreadyApplied: migrations.length, modified: [] });
      expect(await tableExists(conn, 'HalfDone')).toBe(true);
    });

    it('runs a migration as one script, so dollar-quoted bodies with ";" work', async () => {
      const dir = await copyMigrations();
      tempDirs.push(dir);
      await addMigration(
        dir,
        '29991231000000_function',
        `CREATE FUNCTION revive_answer() RETURNS integer AS $$
         BEGIN
           PERFORM 1;
           RETURN 42;
         END;
         $$ LANGUAGE plpgsql;`,
      );
      await applyMigrations(conn, await loadMigrations(dir));
      expect(await conn.query('SELECT revive_answer() AS answer')).toEqual([{ answer: 42 }]);
    });

    it('refuses to start while a migration is recorded as failed', async () => {
      await applyMigrations(conn, migrations);
      await conn.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ('00000000-0000-4000-8000-000000000000', $1, '29991231000000_stuck', now(), 0)`,
        ['0'.repeat(64)],
      );
      await expect(applyMigrations(conn, migrations)).rejects.toThrow(/29991231000000_stuck failed earlier/);
    });

    if (kind === 'postgres') {
      it('does not double-apply when two connections migrate at once', async () => {
        const other = await empty.connect();
        try {
          const reports = await Promise.all([
            applyMigrations(conn, migrations),
            applyMigrations(other, migrations),
          ]);
          const applied = reports.map((r) => r.applied.length).sort();
          expect(applied).toEqual([0, migrations.length]);
          expect(reports.map((r) => r.alreadyApplied).sort()).toEqual([0, migrations.length]);
          const rows = await conn.query<{ migration_name: string }>(
            'SELECT migration_name FROM "_prisma_migrations"',
          );
          expect(rows).toHaveLength(migrations.length);
        } finally {
          await other.close();
        }
      });

      it("waits for Prisma's advisory lock held by another session", async () => {
        const other = await empty.connect();
        try {
          await other.exec('SELECT pg_advisory_lock(72707369)');
          let settled = false;
          const running = applyMigrations(conn, migrations).finally(() => {
            settled = true;
          });
          // The migrator's session is queued behind the lock (pg_locks: an advisory lock not granted).
          await waitFor(
            async () =>
              (
                await other.query<{ waiting: boolean }>(
                  `SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                   WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objid = 72707369
                   AND d.datname = current_database()) AS waiting`,
                )
              )[0]?.waiting,
            { message: 'the migrator waits for the advisory lock' },
          );
          expect(settled).toBe(false);
          expect(await tableExists(other, '_prisma_migrations')).toBe(false);
          await other.exec('SELECT pg_advisory_unlock(72707369)');
          expect((await running).applied).toHaveLength(migrations.length);
        } finally {
          await other.close();
        }
      });
    }
  });
});
