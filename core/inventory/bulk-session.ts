// One database session for the whole of a patent import, beside Prisma: the import stages each
// chunk of validated rows into session-local temporary tables with COPY and lets set-based SQL
// find duplicates, existing patents and write creates and updates, instead of a round trip per row
// (100 000 rows: minutes → seconds). PostgreSQL streams COPY … FROM STDIN through pg-copy-streams on
// a connection of its own; PGlite (one session, in process) has no such stream and loads the same
// CSV text from a blob (COPY … FROM '/dev/blob'), inside its own transaction lock.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Db, rawDriverOf } from '../db/database.ts';

export interface BulkQueries {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** `COPY <target> FROM` the CSV text (RFC 4180, no header; empty unquoted field = NULL). */
  copy(target: string, csv: string): Promise<void>;
}

export interface BulkSession extends BulkQueries {
  readonly kind: 'postgres' | 'pglite';
  /**
   * A read outside the session's transaction, which may run while one is open: on PostgreSQL a
   * second connection (it sees committed data), on PGlite the same one, after the transaction.
   */
  read<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` in one transaction of this session (rolled back when it throws). */
  transaction<T>(work: (tx: BulkQueries) => Promise<T>): Promise<T>;
  release(): Promise<void>;
}

export async function openBulkSession(db: Db): Promise<BulkSession> {
  const driver = rawDriverOf(db);
  if (!driver) throw new Error('the patent import needs a database opened by openDatabase (core/db)');
  if (driver.kind === 'postgres') return postgresSession(driver.pool, await driver.pool.connect());
  return pgliteSession(driver.pglite);
}

const copyStatement = (target: string, source: string) => `COPY ${target} FROM ${source} WITH (FORMAT csv)`;

function postgresSession(pool: pg.Pool, client: pg.PoolClient): BulkSession {
  const queries: BulkQueries = {
    async query<T>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params as unknown[])).rows as T[];
    },
    async copy(target, csv) {
      if (csv === '') return;
      await pipeline(
        Readable.from([Buffer.from(csv)]),
        client.query(copyFrom(copyStatement(target, 'STDIN'))),
      );
    },
  };
  let broken = false;
  let reader: Promise<pg.PoolClient> | null = null;
  return {
    kind: 'postgres',
    ...queries,
    async read<T>(sql: string, params?: unknown[]) {
      reader ??= pool.connect();
      return (await (await reader).query(sql, params as unknown[])).rows as T[];
    },
    async transaction(work) {
      await client.query('BEGIN');
      try {
        const result = await work(queries);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      }
    },
    async release() {
      // A connection in an unknown state is closed rather than handed back to the pool.
      client.release(broken ? true : undefined);
      if (reader) {
        await reader.then(
          (connection) => connection.release(),
          () => undefined,
        );
      }
    },
  };
}

function pgliteQueries(target: PGlite | Transaction): BulkQueries {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      return (await target.query<T>(sql, params)).rows;
    },
    async copy(table, csv) {
      if (csv === '') return;
      await target.query(copyStatement(table, `'/dev/blob'`), [], { blob: new Blob([csv]) });
    },
  };
}

function pgliteSession(pglite: PGlite): BulkSession {
  const queries = pgliteQueries(pglite);
  return {
    kind: 'pglite',
    ...queries,
    read: queries.query,
    transaction: (work) => pglite.transaction((tx) => work(pgliteQueries(tx))),
    async release() {},
  };
}

// ------------------------------------------------------------------------------ CSV for COPY

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field for COPY: null → empty (NULL); an empty text, or one with , " or a line break, quoted. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  if (value === '') return '""';
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.includes('"') ? value.replace(/"/g, '""') : value}"`;
}

/** A PostgreSQL array literal of texts ({"a","b"}), for a text[] column. */
export function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

export const csvLine = (fields: (string | number | boolean | null | undefined)[]) =>
  `${fields.map(csvField).join(',')}\n`;
