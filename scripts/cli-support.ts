// What the inventory commands (import, invites, export) share: configuration, the log file, the
// database, the institution and the acting person, and one-line errors with distinct exit codes.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import cliProgress from 'cli-progress';
import pino from 'pino';
import { type Clock, systemClock } from '../core/clock.ts';
import { type Config, ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { type Database, openDatabase } from '../core/db/database.ts';
import { Refusal } from '../core/errors.ts';
import { type Locale, t, toLocale } from '../core/i18n.ts';
import { institutionByCode, UnknownInstitutionError } from '../core/inventory/institutions.ts';
import { LIMIT_PROBLEMS } from '../core/inventory/limits.ts';
import { doneShare, progressFigures } from '../core/inventory/progress.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { type Actor, loadActor } from '../core/people/actor.ts';

/**
 * Exit codes: 0 done, 1 done but some rows were rejected, 2 nothing done (usage, refusal, failure,
 * a file that is not a readable list), 3 the file is over a configured limit (REVIVE_IMPORT_MAX_*).
 */
export const EXIT_PARTIAL = 1;
export const EXIT_FAILED = 2;
export const EXIT_TOO_LARGE = 3;

export class UsageError extends Error {}

export interface CliContext {
  config: Config;
  logger: Logger;
  logFile: string;
  db: Database;
  locale: Locale;
  /** The program's one clock (core/clock.ts). */
  clock: Clock;
}

export async function openCli(command: string, locale?: string): Promise<CliContext> {
  const config = loadConfig();
  const logFile = path.join(config.DATA_DIR, 'revive.log');
  // JSON log lines on the terminal would break the progress bar and the report: they go to a file.
  const logger = createLogger(config, pino.destination({ dest: logFile, mkdir: true, sync: true })).child({
    command,
  });
  const db = await openDatabase(databaseTarget(config));
  return {
    config,
    logger,
    logFile,
    db,
    locale: toLocale(locale ?? config.DEFAULT_LOCALE),
    clock: systemClock,
  };
}

export async function resolveInstitution(ctx: CliContext, code: string | undefined) {
  if (!code) throw new UsageError('--institution <code> is required');
  return institutionByCode(ctx.db.prisma, code);
}

/** `--as <email>`: act as that person, with their roles checked; without it, as the operator. */
export async function resolveActor(ctx: CliContext, email: string | undefined): Promise<Actor | null> {
  if (!email) return null;
  const person = await ctx.db.prisma.person.findUnique({ where: { email: email.trim().toLowerCase() } });
  const actor = person ? await loadActor(ctx.db.prisma, person.id) : null;
  if (!actor) throw new UsageError(`--as: no person with e-mail ${email}`);
  return actor;
}

/** Runs a command, turning every known failure into one line on stderr and an exit code. */
export async function runCli(command: string, main: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await main();
  } catch (error) {
    code = EXIT_FAILED;
    const message =
      error instanceof Refusal
        ? t(toLocale(process.env.DEFAULT_LOCALE), error.reason.key, error.reason.params)
        : error instanceof ConfigError
          ? `configuration: ${error.message}`
          : error instanceof UsageError || error instanceof UnknownInstitutionError
            ? error.message
            : `${(error as Error).message ?? String(error)}`;
    process.stderr.write(`revive ${command}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  }
  process.exitCode = code;
}

// ------------------------------------------------------------------------------ file imports

/** The size of a file to import, or a usage error when it cannot be read. */
export async function readableFileSize(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => {
      throw new UsageError(`cannot read ${file}`);
    },
  );
}

/** Where an import writes its rejected rows: `--errors` (its extension follows the upload), or beside the file. */
export function errorFileBase(file: string, errors: string | undefined): string {
  return errors
    ? errors.replace(/\.(csv|xlsx)$/i, '')
    : path.join(path.dirname(file), `${path.basename(file).replace(/\.[^.]+$/, '')}.errors`);
}

/**
 * A list import is a batch job whose memory is what the server must keep free: V8 may otherwise let
 * its heap grow to four times what is live before collecting (a 100 000-row import then peaked at
 * 450 MB resident, for some 45 MB live). Growing by at most half keeps the peak near 270 MB at
 * no measurable cost in time (bench/import). The server (`npm start`) can be given the same with
 * NODE_OPTIONS=--heap-growing-percent=50.
 */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=50');
}

/**
 * A file import's progress on the terminal: share read, rows read, rows per second, time left, rows
 * rejected. Elapsed time is measured here when the import does not say it (a duration, not a date).
 */
export function importProgressBar(
  locale: Locale,
  size: number,
  stream: NodeJS.WritableStream = process.stderr,
) {
  const bar = new cliProgress.SingleBar(
    {
      // {left}, not {eta}: cli-progress fills {eta} with its own estimate, in bare seconds.
      format: `{bar} {percentage}% | {rows} ${t(locale, 'inventory:cli.rows')} | {rate} | {left} | ${t(locale, 'inventory:cli.errors')} {failed}`,
      hideCursor: true,
      // Drawn only on a terminal (cli-progress's rule); a test passes one of its own.
      stream,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(Math.max(size, 1), 0, { rows: 0, failed: 0, rate: '…', left: '…' });
  return {
    update: (p: {
      bytesRead: number;
      rowsRead: number;
      failed: number;
      totalBytes?: number | null;
      fraction?: number | null;
      elapsedMs?: number;
    }) => {
      const input = {
        ...p,
        totalBytes: p.totalBytes ?? size,
        elapsedMs: p.elapsedMs ?? performance.now() - started,
      };
      const { rate, eta } = progressFigures(input, locale);
      const share = doneShare(input) ?? 0;
      bar.update(Math.round(share * Math.max(size, 1)), {
        rows: p.rowsRead,
        failed: p.failed,
        rate,
        left: eta,
      });
    },
    stop: () => bar.stop(),
  };
}

/**
 * 0 when every row landed, EXIT_PARTIAL when some were rejected, EXIT_TOO_LARGE when the file is
 * over a limit, EXIT_FAILED when it was not read otherwise.
 */
export const importExitCode = (summary: {
  status: string;
  failed: number;
  fatal?: { key: string } | null;
}): number =>
  summary.status === 'FAILED'
    ? summary.fatal && LIMIT_PROBLEMS.has(summary.fatal.key)
      ? EXIT_TOO_LARGE
      : EXIT_FAILED
    : summary.failed > 0
      ? EXIT_PARTIAL
      : 0;
