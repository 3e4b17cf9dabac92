// `npm run jobs:dead -- list | retry <id> | retry --all | resolve <id>`: the outbox's dead letters,
// listed, queued again or closed by the operator at the server, audited (scripts/jobs/commands.ts).
// Retried rows are PENDING again: the next relay pass (every 5 s) queues them; no Redis needed here.
import { systemClock } from '../core/clock.ts';
import { ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db/database.ts';
import { toLocale } from '../core/i18n.ts';
import { jobsDead } from './jobs/commands.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase(databaseTarget(config));
  try {
    return await jobsDead(
      {
        db: db.prisma,
        locale: toLocale(config.DEFAULT_LOCALE),
        timeZone: config.DEFAULT_TIME_ZONE,
        now: systemClock.now(),
        write: (line) => process.stdout.write(`${line}\n`),
      },
      process.argv.slice(2),
    );
  } finally {
    await db.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? `revive: ${error.message}` : (error as Error).stack}\n`,
    );
    process.exit(2);
  },
);
