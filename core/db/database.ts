// Opens the database: real PostgreSQL through @prisma/adapter-pg when a URL is given, otherwise
// embedded PGlite (a directory, or memory for tests). Pending migrations are applied first.
import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../prisma/generated/client.ts';
import { applyMigrations, loadMigrations, type MigrationReport } from '../../prisma/migrator.ts';

export type { PrismaClient };
export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  migrations: MigrationReport;
  close(): Promise<void>;
}

/**
 * The driver under a Prisma client opened here, for the bulk paths Prisma has no API for (the
 * patent import's COPY into session-local temporary tables, core/inventory/bulk-session.ts).
 */
export type RawDriver = { kind: 'postgres'; pool: pg.Pool } | { kind: 'pglite'; pglite: PGlite };
const rawDrivers = new WeakMap<PrismaClient, RawDriver>();
export const rawDriverOf = (prisma: PrismaClient): RawDriver | null => rawDrivers.get(prisma) ?? null;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  // loadDataDir: start an in-memory database from a pglite.dumpDataDir() tarball (tests: a migrated snapshot).
  | { kind: 'pglite'; dataDir: string | null; loadDataDir?: Blob };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const migrations = await loadMigrations();
  if (target.kind === 'postgres') {
    const migrationClient = new pg.Client({ connectionString: target.url });
    await migrationClient.connect();
    let report: MigrationReport;
    try {
      report = await applyMigrations(
        {
          usesAdvisoryLocks: true,
          exec: async (sql) => {
            await migrationClient.query(sql);
          },
          query: async <Row>(sql: string, params?: unknown[]) =>
            (await migrationClient.query(sql, params)).rows as Row[],
        },
        migrations,
      );
    } finally {
      await migrationClient.end();
    }
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    rawDrivers.set(prisma, { kind: 'postgres', pool });
    return {
      prisma,
      kind: 'postgres',
      migrations: report,
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }

  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  // Loaded only for the embedded database: the module alone costs a process on PostgreSQL some
  // 40 MB of memory (an import command's peak, bench/import).
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgliteAdapter } = await import('./pglite-adapter.ts');
  const pglite = target.dataDir
    ? new PGlite(target.dataDir)
    : new PGlite({ loadDataDir: target.loadDataDir });
  const report = await applyMigrations(
    {
      usesAdvisoryLocks: false,
      exec: async (sql) => {
        await pglite.exec(sql);
      },
      query: async <Row>(sql: string, params?: unknown[]) => (await pglite.query<Row>(sql, params)).rows,
    },
    migrations,
  );
  const prisma = new PrismaClient({ adapter: pgliteAdapter(pglite) });
  rawDrivers.set(prisma, { kind: 'pglite', pglite });
  return {
    prisma,
    kind: 'pglite',
    migrations: report,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
