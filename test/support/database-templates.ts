// Migrations are applied once per test run (test/support/global-setup.ts), and every test database is
// a copy of the result: on PostgreSQL `CREATE DATABASE ... TEMPLATE`, on PGlite a dumpDataDir() tarball
// loaded into a new instance. A fresh PGlite costs seconds (initdb runs in wasm); loading the snapshot
// a fraction of that. Kept free of Prisma so that the global setup stays light.
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { applyMigrations, loadMigrations, type MigrationConnection } from '../../prisma/migrator.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** This run's migrated PostgreSQL template database; null: each test database migrates itself. */
    revivePostgresTemplate: string | null;
    /** Path of an uncompressed dumpDataDir() tarball of a migrated PGlite; null: migrate each one. */
    revivePgliteSnapshot: string | null;
  }
}

export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Every database the tests create starts with one of these, and nothing else does. */
export const TEST_DATABASE_PREFIX = 'revive_test_';
export const TEMPLATE_DATABASE_PREFIX = 'revive_tpl_';

/** Leftovers of killed runs are dropped once they are this old and nobody is connected. */
const STALE_AFTER = '1 hour';

export interface ClosableMigrationConnection extends MigrationConnection {
  close(): Promise<void>;
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function randomDatabaseName(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
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
    // The instance belongs to whoever created it, who closes it.
    close: async () => {},
  };
}

/**
 * Drops a database, first giving sessions that are closing a moment to go: pg.Pool#end() resolves before
 * its connections are closed, and FORCE would kill them mid-goodbye (an unhandled 57P01 "terminating
 * connection due to administrator command" in the test file). Sessions still open after that leaked.
 */
export async function dropPostgresDatabase(name: string): Promise<void> {
  await withAdminClient(async (client) => {
    for (let waited = 0; waited < 2000; waited += 25) {
      const { rows } = await client.query<{ open: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = $1) AS open',
        [name],
      );
      if (!rows[0]?.open) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}

/** A migrated database that accepts no connections, so that it can be cloned concurrently. */
export async function createPostgresTemplate(): Promise<string> {
  const name = randomDatabaseName(TEMPLATE_DATABASE_PREFIX);
  await withAdminClient((client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  try {
    const client = new pg.Client({ connectionString: databaseUrl(TEST_POSTGRES_URL, name) });
    await client.connect();
    const conn = pgMigrationConnection(client);
    try {
      await applyMigrations(conn, await loadMigrations());
    } finally {
      await conn.close();
    }
    // CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template.
    await withAdminClient((admin) =>
      admin.query(`ALTER DATABASE ${quoteIdent(name)} ALLOW_CONNECTIONS false`),
    );
  } catch (error) {
    await dropPostgresDatabase(name).catch(() => {});
    throw error;
  }
  return name;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SNAPSHOT_CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'revive-tests');
const SNAPSHOT_KEPT_FOR_MS = 24 * 60 * 60 * 1000;

async function pgliteVersion(): Promise<string> {
  // The package does not export its package.json: walk up from its entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const pkg = await readFile(path.join(dir, 'package.json'), 'utf8').then(JSON.parse, () => null);
    if (pkg?.name === '@electric-sql/pglite') return String(pkg.version);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = parent;
  }
}

/**
 * Path of an uncompressed dumpDataDir() tarball of a PGlite with every migration applied. Cached in
 * node_modules/.cache under a key of the PGlite version, the migrator and the migrations, so
 * that only the first run after a change pays for initdb (seconds) — a single test file run included.
 */
export async function migratedPgliteSnapshot(): Promise<string> {
  const migrations = await loadMigrations();
  const key = createHash('sha256')
    .update(await pgliteVersion())
    .update(await readFile(path.join(REPO_ROOT, 'prisma', 'migrator.ts')))
    .update(JSON.stringify(migrations.map((m) => [m.name, m.checksum])))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(SNAPSHOT_CACHE_DIR, `pglite-migrated-${key}.tar`);
  if (await stat(file).catch(() => null)) return file;

  await mkdir(SNAPSHOT_CACHE_DIR, { recursive: true });
  const pglite = new PGlite();
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await applyMigrations(pgliteMigrationConnection(pglite), migrations);
    const tarball = await pglite.dumpDataDir('none');
    await writeFile(partial, new Uint8Array(await tarball.arrayBuffer()));
    // link, not rename: a run that made the same snapshot meanwhile keeps its file (workers may be reading it).
    await link(partial, file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  } finally {
    await Promise.all([pglite.close(), rm(partial, { force: true })]);
  }
  // Snapshots of other migrations (other branches) go a day after they were made. "Now" is the new
  // file's time, not Date.now(): the suite may run under libfaketime.
  const now = (await stat(file)).mtimeMs;
  for (const name of await readdir(SNAPSHOT_CACHE_DIR)) {
    const other = path.join(SNAPSHOT_CACHE_DIR, name);
    if (other === file || !name.startsWith('pglite-migrated-')) continue;
    const info = await stat(other).catch(() => null);
    if (info && now - info.mtimeMs > SNAPSHOT_KEPT_FOR_MS) await rm(other, { force: true });
  }
  return file;
}

/**
 * Drops databases with our prefixes left behind by runs that were killed: only those created more than
 * an hour ago (the creation time of their PG_VERSION file) that nobody is connected to. Needs a
 * superuser or pg_read_server_files for pg_stat_file; without it, nothing is cleaned up.
 */
export async function dropStaleTestDatabases(): Promise<string[]> {
  return withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT d.datname FROM pg_database d
       WHERE (starts_with(d.datname, $1) OR starts_with(d.datname, $2))
         AND (pg_stat_file('base/' || d.oid || '/PG_VERSION', true)).modification < now() - $3::interval
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)`,
      [TEST_DATABASE_PREFIX, TEMPLATE_DATABASE_PREFIX, STALE_AFTER],
    );
    const dropped: string[] = [];
    for (const { datname } of rows) {
      // Without FORCE: if someone connected meanwhile, it is theirs after all.
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)}`).then(
        () => dropped.push(datname),
        () => {},
      );
    }
    return dropped;
  });
}
