// What the inventory commands (import, invites, export) share: configuration, the log file, the
// database, the institution and the acting person, and one-line errors with distinct exit codes.
import path from 'node:path';
import pino from 'pino';
import { type Clock, systemClock } from '../core/clock.ts';
import { type Config, ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { type Database, openDatabase } from '../core/db/database.ts';
import { Refusal } from '../core/errors.ts';
import { type Locale, t, toLocale } from '../core/i18n.ts';
import { institutionByCode, UnknownInstitutionError } from '../core/inventory/institutions.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { type Actor, loadActor } from '../core/people/actor.ts';

/** Exit codes: 0 done, 1 done but some rows were rejected, 2 nothing done (usage, refusal, failure). */
export const EXIT_PARTIAL = 1;
export const EXIT_FAILED = 2;

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
