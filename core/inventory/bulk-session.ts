// The database connections of a patent import, beside Prisma: the import writes each chunk of
// validated rows with COPY and set-based SQL instead of a round trip per row (100 000 rows: minutes
// → seconds). PostgreSQL streams COPY … FROM STDIN through pg-copy-streams on connections of its
// own (two chunks written at once, and one connection reading the next chunk's stored patents);
// PGlite (one session, in process) has no such stream and loads the same CSV text from a blob
// (COPY … FROM '/dev/blob'), inside its own transaction lock.
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
  /** How many transactions may run at once (PostgreSQL: one connection each; PGlite: one). */
  readonly writers: number;
  /**
   * A read outside the session's transactions, which may run while they are open: on PostgreSQL a
   * connection of its own (it sees committed data), on PGlite the same one, after the transaction.
   */
  read<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement on every writing connection (session-local temporary tables). */
  everywhere(sql: string): Promise<void>;
  /**
   * Runs `work` in one transaction (rolled back when it throws), on the first free writing
   * connection: up to `writers` transactions run at once.
   */
  transaction<T>(work: (tx: BulkQueries) => Promise<T>): Promise<T>;
  release(): Promise<void>;
}

/**
 * Writing connections on PostgreSQL: a chunk's foreign-key checks and index updates cost the server
 * four times what COPY into bare tables does, so two chunks are written at once, on both cores.
 */
const POSTGRES_WRITERS = 2;

export async function openBulkSession(db: Db): Promise<BulkSession> {
  const driver = rawDriverOf(db);
  if (!driver) throw new Error('the patent import needs a database opened by openDatabase (core/db)');
  if (driver.kind === 'postgres') {
    const clients: pg.PoolClient[] = [];
    try {
      for (let i = 0; i < POSTGRES_WRITERS; i++) clients.push(await driver.pool.connect());
    } catch (error) {
      for (const c of clients) c.release();
      throw error;
    }
    return postgresSession(driver.pool, clients);
  }
  return pgliteSession(driver.pglite);
}

const copyStatement = (target: string, source: string) => `COPY ${target} FROM ${source} WITH (FORMAT csv)`;

function postgresQueries(client: pg.PoolClient): BulkQueries {
  return {
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
}

function postgresSession(pool: pg.Pool, clients: pg.PoolClient[]): BulkSession {
  const writers = clients.map((client) => ({ client, queries: postgresQueries(client), broken: false }));
  const free = [...writers];
  const waiting: ((writer: (typeof writers)[number]) => void)[] = [];
  const acquire = () =>
    free.length > 0
      ? Promise.resolve(free.shift()!)
      : new Promise<(typeof writers)[number]>((resolve) => waiting.push(resolve));
  const giveBack = (writer: (typeof writers)[number]) => {
    const next = waiting.shift();
    if (next) next(writer);
    else free.push(writer);
  };
  let reader: Promise<pg.PoolClient> | null = null;
  return {
    kind: 'postgres',
    writers: writers.length,
    // Outside a transaction: on the first connection (the import's setup and clean-up).
    ...writers[0]!.queries,
    async read<T>(sql: string, params?: unknown[]) {
      reader ??= pool.connect();
      return (await (await reader).query(sql, params as unknown[])).rows as T[];
    },
    async everywhere(sql) {
      for (const w of writers) await w.client.query(sql);
    },
    async transaction(work) {
      const writer = await acquire();
      try {
        // A chunk's commit does not wait for its WAL to reach the disk: the import's run record,
        // committed synchronously at the end (import-run.ts), flushes every chunk's WAL before it,
        // so a crash can only cost chunks of an import that was never reported finished.
        await writer.client.query('BEGIN; SET LOCAL synchronous_commit TO off');
        try {
          const result = await work(writer.queries);
          await writer.client.query('COMMIT');
          return result;
        } catch (error) {
          await writer.client.query('ROLLBACK').catch(() => {
            writer.broken = true;
          });
          throw error;
        }
      } finally {
        giveBack(writer);
      }
    },
    async release() {
      // A connection in an unknown state is closed rather than handed back to the pool.
      for (const w of writers) w.client.release(w.broken ? true : undefined);
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
    writers: 1,
    ...queries,
    read: queries.query,
    async everywhere(sql) {
      await pglite.query(sql);
    },
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
