// A fresh, migrated database per test file, for both kinds the application supports, so that every
// database test proves the same behaviour on embedded PGlite and on real PostgreSQL.
// Under vitest the migrations were applied once for the whole run (global-setup.ts) and each database
// is a copy of that; elsewhere (bench/), or with { fresh: true }, each database migrates itself.
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openDatabase } from '../../core/db/database.ts';
import {
  type ClosableMigrationConnection,
  databaseUrl,
  dropPostgresDatabase,
  pgliteMigrationConnection,
  pgMigrationConnection,
  quoteIdent,
  randomDatabaseName,
  TEST_DATABASE_PREFIX,
  TEST_POSTGRES_URL,
  withAdminClient,
} from './database-templates.ts';

export {
  type ClosableMigrationConnection,
  pgliteMigrationConnection,
  pgMigrationConnection,
  TEST_POSTGRES_URL,
} from './database-templates.ts';

export const DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export type TestDatabase = Database & { name: string };

export interface TestDatabaseOptions {
  /** Apply every migration to an empty database instead of copying the run's migrated one. */
  fresh?: boolean;
}

/** An empty database (no migrations applied), for tests of the migrator itself. */
export interface EmptyTestDatabase {
  kind: DatabaseKind;
  name: string;
  /** On PostgreSQL every call opens a new session; PGlite has exactly one, shared. */
  connect(): Promise<ClosableMigrationConnection>;
  close(): Promise<void>;
}

interface Provided {
  postgresTemplate: string | null;
  pgliteSnapshot: string | null;
}

let provided: Promise<Provided> | undefined;

/** What global-setup.ts prepared; nothing when not running under vitest (bench/ imports this file). */
function prepared(): Promise<Provided> {
  provided ??= (async () => {
    const none = { postgresTemplate: null, pgliteSnapshot: null };
    if (!process.env.VITEST) return none;
    const { inject } = await import('vitest');
    try {
      return {
        postgresTemplate: inject('revivePostgresTemplate') ?? null,
        pgliteSnapshot: inject('revivePgliteSnapshot') ?? null,
      };
    } catch {
      return none;
    }
  })();
  return provided;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createDatabaseFrom(name: string, template: string): Promise<void> {
  const sql = `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`;
  await withAdminClient(async (client) => {
    // The template accepts no connections; this covers someone connecting anyway (as a superuser can).
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        // 55006 object_in_use: "source database ... is being accessed by other users"
        if ((error as { code?: string }).code !== '55006' || attempt >= 8) throw error;
        await sleep(50 * 2 ** attempt);
      }
    }
  });
}

// Names come from randomBytes only, so interpolating them into DDL is safe.
async function createPostgresDatabase(
  template: string | null,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = randomDatabaseName(TEST_DATABASE_PREFIX);
  if (template) {
    try {
      await createDatabaseFrom(name, template);
    } catch (error) {
      // 3D000: the template is gone (dropped by a stale-database cleanup); migrate from scratch.
      if ((error as { code?: string }).code !== '3D000') throw error;
      await withAdminClient((client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
    }
  } else {
    await withAdminClient((client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  }
  return {
    name,
    url: databaseUrl(TEST_POSTGRES_URL, name),
    drop: () => dropPostgresDatabase(name),
  };
}

let snapshotCache: { path: string; blob: Promise<Blob> } | undefined;

function loadPgliteSnapshot(path: string): Promise<Blob> {
  // Read at once rather than fs.openAsBlob(): a lazily read file must not change while in use.
  if (snapshotCache?.path !== path) snapshotCache = { path, blob: readFile(path).then((b) => new Blob([b])) };
  return snapshotCache.blob;
}

export async function createTestDatabase(
  kind: DatabaseKind,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const { postgresTemplate, pgliteSnapshot } = options.fresh
    ? { postgresTemplate: null, pgliteSnapshot: null }
    : await prepared();
  if (kind === 'pglite') {
    // Without the snapshot (removed meanwhile, say), the new database migrates itself.
    const loadDataDir = pgliteSnapshot
      ? await loadPgliteSnapshot(pgliteSnapshot).catch(() => undefined)
      : undefined;
    const db = await openDatabase({ kind: 'pglite', dataDir: null, loadDataDir });
    return Object.assign(db, { name: 'pglite:memory' });
  }
  const created = await createPostgresDatabase(postgresTemplate);
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
  const created = await createPostgresDatabase(null);
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
