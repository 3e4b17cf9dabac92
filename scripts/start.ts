// `npm start`: configuration, logger, database (the embedded one gets the demo data), then either
// the service or the terminal demo. With a Telegram or Slack token it serves those bots and the job
// layer until stopped (scripts/start/service.ts); without one it opens the terminal chat as a demo
// persona (scripts/start/terminal-demo.ts):
//   npm start -- --as enterprise        (or REVIVE_PERSONA=enterprise; without either, a menu asks)
//   npm start -- --help                 (the usage and the personas)
// Logs go to DATA_DIR/revive.log, not stderr: stdout and stderr share the screen, and JSON lines in
// the middle of a question would make the chat unreadable. Problems that stop the start are also
// printed to stderr as one line.
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { sweepChatFiles } from '../core/chat/files.ts';
import { systemClock } from '../core/clock.ts';
import { type Config, ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { type Database, openDatabase } from '../core/db/database.ts';
import { seedDemo } from '../core/demo/seed.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { demoBanner, runsService, serviceBanner } from './start/banner.ts';
import { both, fail } from './start/output.ts';
import { runService } from './start/service.ts';
import { runTerminalDemo } from './start/terminal-demo.ts';
import { usage } from './start/usage.ts';

/** The program's one clock (core/clock.ts): everything started here reads "now" from it. */
const clock = systemClock;

const { stdout } = process;

/**
 * The demo is seeded on every start of the embedded database: seeding is idempotent, and a fresh
 * DATA_DIR should be usable at once. On PostgreSQL only when asked for, with REVIVE_SEED_DEMO=1:
 * that may be a university's real database, where invented people and patents, and personas that
 * anyone at a terminal can act as, must never appear unasked.
 */
function shouldSeedDemo(db: Database): boolean {
  return db.kind === 'pglite' || process.env.REVIVE_SEED_DEMO?.trim() === '1';
}

async function run(
  config: Config,
  logger: Logger,
  requested: string | undefined,
  signal: AbortSignal,
): Promise<number> {
  stdout.write(`${both('terminal:start.opening')}\n\n`);
  const db = await openDatabase(databaseTarget(config));
  // Closed on every way out, SIGINT included, so that PGlite flushes its files. Answers do not
  // wait for this: each accepted answer is written the moment it is given.
  try {
    logger.info({ database: db.kind, migrations: db.migrations }, 'database open');
    if (shouldSeedDemo(db)) {
      const seeded = await seedDemo(db.prisma, { now: clock.now(), logger });
      logger.info({ created: seeded.created }, 'demo data seeded');
    }
    // Reply files (exports, calendar files, a person's own data) that were never sent, or that the
    // terminal left for the person at the server, are kept a day (core/chat/files.ts).
    const swept = await sweepChatFiles(clock.now());
    if (swept > 0) logger.info({ removed: swept }, 'old reply files removed');
    // With a bot token the bots run instead of the terminal demo, with the job layer beside them
    // (reminders, invitations, digests through the same bots), until Ctrl-C or SIGTERM.
    if (runsService(config)) return await runService({ config, db, logger, clock, signal });
    return await runTerminalDemo({ db, logger, clock, requested, signal });
  } finally {
    await db.close();
  }
}

async function main(): Promise<number> {
  let args: { as?: string | undefined; help?: boolean | undefined };
  try {
    args = parseArgs({
      options: { as: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message} (usage: npm start -- [--as <persona>], or --help)`);
  }
  if (args.help) {
    stdout.write(usage());
    return 0;
  }

  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }

  const logFile = path.join(config.DATA_DIR, 'revive.log');
  let logger: Logger;
  try {
    // Synchronous writes: the few lines a terminal session logs must all be in the file at exit.
    logger = createLogger(config, pino.destination({ dest: logFile, mkdir: true, sync: true }));
  } catch (error) {
    return fail(`DATA_DIR: cannot write ${logFile}: ${(error as Error).message}`);
  }
  // The demo's introduction only for the demo: the service says what it runs (scripts/start/banner.ts).
  stdout.write(runsService(config) ? serviceBanner(logFile) : demoBanner(logFile));

  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    // A second Ctrl-C while the first one is still shutting down means: now.
    if (controller.signal.aborted) process.exit(130);
    logger.info({ signal: name }, 'stopping');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const requested = args.as?.trim() || process.env.REVIVE_PERSONA?.trim() || undefined;
  try {
    return await run(config, logger, requested, controller.signal);
  } catch (error) {
    logger.error({ err: error }, 'start failed');
    return fail(`${(error as Error).message ?? String(error)} (details in ${logFile})`);
  }
}

// Explicit exit: stdout is synchronous on Linux for files, pipes and terminals, and nothing left
// behind (a paused stdin, a PGlite worker) can keep a finished demo hanging.
process.exit(await main());
