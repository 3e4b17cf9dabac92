// `npm run jobs:paid-broadcast -- list | allow <roadshow id> | withdraw <roadshow id>`: Telegram's
// paid broadcast (up to 1 000 messages/s, about 0.1 Star a message) for one roadshow, allowed by the
// operator, audited (scripts/jobs/commands.ts). Nothing is paid unless the configuration also sets a
// daily cap (TELEGRAM_PAID_BROADCAST_STARS_PER_DAY).
import { systemClock } from '../core/clock.ts';
import { ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db/database.ts';
import { Refusal } from '../core/errors.ts';
import { t, toLocale } from '../core/i18n.ts';
import { jobsPaidBroadcast } from './jobs/commands.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  const locale = toLocale(config.DEFAULT_LOCALE);
  const db = await openDatabase(databaseTarget(config));
  try {
    return await jobsPaidBroadcast(
      {
        db: db.prisma,
        locale,
        timeZone: config.DEFAULT_TIME_ZONE,
        now: systemClock.now(),
        write: (line) => process.stdout.write(`${line}\n`),
      },
      process.argv.slice(2),
      {
        starsPerDay: config.TELEGRAM_PAID_BROADCAST_STARS_PER_DAY ?? null,
        rate: config.TELEGRAM_PAID_BROADCAST_RATE ?? 1000,
      },
    );
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    process.stderr.write(`${t(locale, error.reason.key, error.reason.params)}\n`);
    return 1;
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
