// A fresh, migrated database per test file, for both kinds the application supports, so that every
// database test proves the same behaviour on embedded PGlite and on real PostgreSQL.
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openDatabase } from '../../core/db/database.ts';
import type { MigrationConnection } from '../../prisma/migrator.ts';

export const DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

export type TestDatabase = Database & { name: string };

export interface ClosableMigrationConnection extends MigrationConnection {
  close(): Promise<void>;
}

/** An empty database (no migrations applied), for tests of the migrator itself. */
export interface EmptyTestDatabase {
  kind: DatabaseKind;
  name: string;
  /** On PostgreSQL every call opens a new session; PGlite has exactly one, shared. */
  connect(): Promise<ClosableMigrationConnection>;
  close(): Promise<void>;
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

// Names come from randomBytes only, so interpolating them into DDL is safe.
async function createPostgresDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `revive_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrl(TEST_POSTGRES_URL, name),
    async drop() {
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

export function pgMigrationConnection(client: pg.Client): ClosableMigrationConnection {
  return {
    usesAdvisoryLocks: true,
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
    close: () => client.end(),
  };
}

export function pgliteMigrationConnection(pglite: PGlite): ClosableMigrationConnection {
  return {
    usesAdvisoryLocks: false,
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await pglite.query<Row>(sql, params)).rows,
    // The instance belongs to the EmptyTestDatabase, which closes it.
    close: async () => {},
  };
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase({ kind: 'pglite', dataDir: null });
    return Object.assign(db, { name: 'pglite:memory' });
  }
  const created = await createPostgresDatabase();
  let db: Database;
  try {
    db = await openDatabase({ kind: 'postgres', url: created.url });
  } catch (error) {
    await created.drop();
    throw error;
  }
  const closeDb = db.close.bind(db);
  return Object.assign(db, {
    name: created.name,
    async close() {
      try {
        await closeDb();
      } finally {
        await created.drop();
      }
    },
  });
}

export async function createEmptyTestDatabase(kind: DatabaseKind): Promise<EmptyTestDatabase> {
  if (kind === 'pglite') {
    const pglite = new PGlite();
    await pglite.waitReady;
    return {
      kind,
      name: 'pglite:memory',
      connect: async () => pgliteMigrationConnection(pglite),
      close: () => pglite.close(),
    };
  }
  const created = await createPostgresDatabase();
  const clients = new Set<pg.Client>();
  return {
    kind,
    name: created.name,
    async connect() {
      const client = new pg.Client({ connectionString: created.url });
      await client.connect();
      clients.add(client);
      const conn = pgMigrationConnection(client);
      return {
        ...conn,
        close: async () => {
          clients.delete(client);
          await client.end();
        },
      };
    },
    async close() {
      await Promise.allSettled([...clients].map((client) => client.end()));
      await created.drop();
    },
  };
}
