// Wraps the PGlite driver adapter so the embedded database behaves like PostgreSQL through adapter-pg.
// pglite-prisma-adapter 0.6.1 lags @prisma/adapter-pg in two ways that change application behaviour:
// it does not map SQLSTATEs to Prisma's error kinds (a unique violation is a bare DriverAdapterError
// instead of PrismaClientKnownRequestError P2002), and it passes enum-array parameters as JS arrays,
// which PGlite cannot serialise for a type OID it does not know ("malformed array literal" on
// `has`, `hasSome`, `hasEvery`, `push` of EnterpriseType[]).
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

interface AdapterQuery {
  sql: string;
  args: unknown[];
  argTypes: { arity: string; scalarType: string }[];
}

interface PostgresCause {
  kind: string;
  code?: string;
  message: string;
  detail?: string;
  column?: string;
}

// The subset of adapter-pg's mapDriverError that application code can meet.
function mapPostgresError(cause: PostgresCause): Record<string, unknown> | undefined {
  const fields = cause.detail
    ?.match(/Key \(([^)]+)\)/)
    ?.at(1)
    ?.split(', ');
  const constraint = fields ? { fields } : undefined;
  switch (cause.code) {
    case '22001':
      return { kind: 'LengthMismatch', column: cause.column };
    case '22003':
      return { kind: 'ValueOutOfRange', cause: cause.message };
    case '23505':
      return { kind: 'UniqueConstraintViolation', constraint };
    case '23502':
      return { kind: 'NullConstraintViolation', constraint };
    case '23503':
      return {
        kind: 'ForeignKeyConstraintViolation',
        constraint: cause.column ? { fields: [cause.column] } : undefined,
      };
    case '40001':
      return { kind: 'TransactionWriteConflict' };
    default:
      return undefined;
  }
}

function rethrow(error: unknown): never {
  const e = error as { name?: string; cause?: PostgresCause };
  if (e?.name === 'DriverAdapterError' && e.cause?.kind === 'postgres') {
    const mapped = mapPostgresError(e.cause);
    if (mapped) {
      (e as { cause: unknown }).cause = {
        ...mapped,
        originalCode: e.cause.code,
        originalMessage: e.cause.message,
      };
    }
  }
  throw error;
}

function arrayLiteral(values: unknown[]): string {
  const items = values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`));
  return `{${items.join(',')}}`;
}

function fixArgs(query: AdapterQuery): AdapterQuery {
  return {
    ...query,
    args: query.args.map((arg, i) =>
      Array.isArray(arg) && query.argTypes[i]?.arity === 'list' && query.argTypes[i]?.scalarType === 'enum'
        ? arrayLiteral(arg)
        : arg,
    ),
  };
}

function wrapQueryable<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop === 'queryRaw' || prop === 'executeRaw') {
        const run = value as (query: AdapterQuery) => Promise<unknown>;
        return (query: AdapterQuery) => run.call(obj, fixArgs(query)).catch(rethrow);
      }
      if (prop === 'startTransaction') {
        const start = value as (...args: unknown[]) => Promise<object>;
        return async (...args: unknown[]) => wrapQueryable(await start.apply(obj, args));
      }
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

export function pgliteAdapter(pglite: PGlite): PrismaPGlite {
  const factory = new PrismaPGlite(pglite);
  return new Proxy(factory, {
    get(obj, prop, receiver) {
      if (prop === 'connect') return async () => wrapQueryable(await obj.connect());
      return Reflect.get(obj, prop, receiver);
    },
  });
}
