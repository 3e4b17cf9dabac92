// `npm start`: configuration, logger, database (the embedded one gets the demo data), then the chat.
// With a Telegram or Slack token it serves those bots and the job layer until stopped; without one
// it opens the terminal chat as a demo persona:
//   npm start -- --as enterprise        (or REVIVE_PERSONA=enterprise; without either, a menu asks)
// Logs go to DATA_DIR/revive.log, not stderr: stdout and stderr share the screen, and JSON lines in
// the middle of a question would make the chat unreadable. Problems that stop the start are also
// printed to stderr as one line.
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startHttpServer } from '../bots/http/server.ts';
import { startSlackBot } from '../bots/slack/start.ts';
import { startTelegram } from '../bots/telegram/serve.ts';
import { TerminalChannel } from '../bots/terminal/terminal-channel.ts';
import { readLine, runTerminalChat } from '../bots/terminal/terminal-chat.ts';

import type { ChannelName, ChannelPort } from '../core/channel/messages.ts';
import { createChatService } from '../core/chat/chat-service.ts';
import { systemClock } from '../core/clock.ts';
import { type Config, ConfigError, databaseTarget, loadConfig } from '../core/config.ts';
import { type Database, openDatabase } from '../core/db/database.ts';
import { DEMO_PERSONA_KEYS } from '../core/demo/demo-data.ts';
import { seedDemo } from '../core/demo/seed.ts';
import { type Locale, SUPPORTED_LOCALES, t, toLocale } from '../core/i18n.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { DASHBOARD_PATH, openQueueDashboard } from '../jobs/dashboard.ts';
import { startJobRuntime } from '../jobs/runtime.ts';

/** The program's one clock (core/clock.ts): everything started here reads "now" from it. */
const clock = systemClock;

/** How long running jobs may take to finish when the process is asked to stop. */
const SHUTDOWN_GRACE_MS = 10_000;

const { stdin, stdout, stderr } = process;

/** Both languages, zh-CN first: the person's own language is not known before they are chosen. */
const both = (key: string, params?: Record<string, string | number>, separator = ' / ') =>
  SUPPORTED_LOCALES.map((locale) => t(locale, key, params)).join(separator);

function fail(message: string): number {
  stderr.write(`revive: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return 1;
}

interface Persona {
  key: string;
  name: string;
  roles: string[];
  locale: Locale;
}

async function terminalPersonas(db: Database): Promise<Persona[]> {
  const identities = await db.prisma.channelIdentity.findMany({
    where: { channel: 'TERMINAL' },
    include: { person: { include: { roles: true } } },
  });
  const order = (key: string) => {
    const index = (DEMO_PERSONA_KEYS as readonly string[]).indexOf(key);
    return index === -1 ? DEMO_PERSONA_KEYS.length : index;
  };
  return identities
    .map((identity) => ({
      key: identity.externalId,
      name: identity.person.name,
      roles: [...new Set(identity.person.roles.map((r) => r.role))],
      locale: toLocale(identity.person.locale),
    }))
    .sort((a, b) => order(a.key) - order(b.key) || a.key.localeCompare(b.key));
}

function personaLine(persona: Persona, number: number): string {
  const roles = persona.roles.map((role) => both(`terminal:role.${role}`)).join('; ');
  return `  ${number}. ${persona.name} — ${roles}   (--as ${persona.key})`;
}

async function askPersona(personas: Persona[], signal: AbortSignal): Promise<Persona | null> {
  stdout.write(
    `${both('terminal:persona.title')}:\n${personas.map((p, i) => personaLine(p, i + 1)).join('\n')}\n\n`,
  );
  const prompt = `${both('terminal:persona.prompt')} (1–${personas.length}): `;
  for (;;) {
    const line = await readLine(stdin, stdout, prompt, signal);
    if (line === null) return null;
    const typed = line.trim();
    // The number from the menu, or the persona key as with --as.
    const chosen =
      (/^\d+$/.test(typed) ? personas[Number(typed) - 1] : undefined) ??
      personas.find((p) => p.key === typed);
    if (chosen) return chosen;
    stdout.write(`${both('terminal:persona.invalid', { count: personas.length }, '\n')}\n`);
  }
}

function printBanner(logFile: string): void {
  const paragraphs = SUPPORTED_LOCALES.map(
    (locale) => `${t(locale, 'terminal:banner.title')}\n${t(locale, 'terminal:banner.text')}`,
  );
  stdout.write(`${paragraphs.join('\n\n')}\n\n${both('terminal:banner.logs', { path: logFile }, '\n')}\n\n`);
}

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
      const seeded = await seedDemo(db.prisma, { now: clock.now() });
      logger.info({ created: seeded.created }, 'demo data seeded');
    }
    // With a bot token the bots run instead of the terminal demo, with the job layer beside them
    // (reminders, invitations, digests through the same bots), until Ctrl-C or SIGTERM.
    if (config.SLACK_BOT_TOKEN || config.TELEGRAM_BOT_TOKEN)
      return await serveBots(config, db, logger, signal);
    const personas = await terminalPersonas(db);
    if (personas.length === 0) return fail(both('terminal:persona.none'));
    let persona: Persona | null | undefined;
    if (requested) {
      persona = personas.find((p) => p.key === requested);
      if (!persona) {
        const list = personas.map((p) => p.key).join(', ');
        return fail(both('terminal:persona.unknown', { persona: requested, list }));
      }
    } else {
      persona = await askPersona(personas, signal);
      if (!persona) return 0;
      stdout.write('\n');
    }
    const { key, locale: fallbackLocale } = persona;
    logger.info({ persona: key }, 'terminal chat started');
    const chat = createChatService({ db: db.prisma, logger, clock });
    const channel = new TerminalChannel({ output: stdout, locale: fallbackLocale });
    const end = await runTerminalChat({
      chat,
      persona: key,
      input: stdin,
      output: stdout,
      // The person may have switched language with /lang during the session.
      locale: async () => {
        const current = await db.prisma.person
          .findFirst({ where: { identities: { some: { channel: 'TERMINAL', externalId: key } } } })
          .catch(() => null);
        return toLocale(current?.locale ?? fallbackLocale);
      },
      channel,
      signal,
    });
    logger.info({ persona: key, end }, 'terminal chat ended');
    return 0;
  } finally {
    await db.close();
  }
}

/**
 * Runs the configured bots and the job layer until Ctrl-C or SIGTERM, or until Telegram stops the
 * polling (revoked token, another poller). REVIVE_JOBS=0 leaves the jobs to `npm run worker`.
 * Slack over HTTP, the Telegram webhook and the job dashboard share one HTTP server on PORT.
 */
async function serveBots(config: Config, db: Database, logger: Logger, signal: AbortSignal): Promise<number> {
  const ports: Partial<Record<ChannelName, ChannelPort>> = {};
  const slack = config.SLACK_BOT_TOKEN
    ? await startSlackBot({ config, db: db.prisma, logger, clock, sharedServer: true })
    : null;
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? await startTelegram(config, db.prisma, logger, clock, { sharedServer: true })
    : null;
  const dashboard = config.REVIVE_ADMIN_TOKEN
    ? openQueueDashboard({
        redisUrl: config.REDIS_URL,
        logger,
        ...(config.REVIVE_REDIS_PREFIX ? { prefix: config.REVIVE_REDIS_PREFIX } : {}),
      })
    : null;
  const http =
    slack?.requestListener || telegram?.webhook || dashboard
      ? await startHttpServer({
          port: config.PORT,
          logger,
          routes: {
            slack: slack?.requestListener ?? null,
            telegram: telegram?.webhook ?? null,
            dashboard:
              dashboard && config.REVIVE_ADMIN_TOKEN
                ? { path: DASHBOARD_PATH, router: dashboard.router, token: config.REVIVE_ADMIN_TOKEN }
                : null,
          },
        })
      : null;
  // Registered once the server listens, so that Telegram's first post finds it.
  await telegram?.webhook?.register();
  if (slack) {
    stdout.write(`${both(`slack:start.${slack.mode}`, { port: slack.port ?? http?.port ?? '' })}\n`);
    ports.SLACK = slack.channel;
  }
  if (telegram) {
    const { mode, port } = telegram.transport;
    stdout.write(
      `${both(`telegram:start.${mode}`, { port: telegram.webhook ? (http?.port ?? port) : port })}\n`,
    );
    ports.TELEGRAM = telegram.channel;
  }
  const jobs =
    process.env.REVIVE_JOBS?.trim() === '0'
      ? null
      : await startJobRuntime({
          db: db.prisma,
          redisUrl: config.REDIS_URL,
          timeZone: config.DEFAULT_TIME_ZONE,
          logger,
          clock,
          ports,
          overviewPublishers: slack ? [slack.homePublisher] : [],
          ...(config.REVIVE_REDIS_PREFIX ? { prefix: config.REVIVE_REDIS_PREFIX } : {}),
          ...(config.REVIVE_JOB_LOCK_MS ? { lockDurationMs: config.REVIVE_JOB_LOCK_MS } : {}),
        });
  const aborted = new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  const error = await Promise.race([
    aborted.then(() => undefined),
    telegram?.stopped ?? new Promise(() => {}),
  ]);
  await http?.close();
  await telegram?.stop();
  await slack?.stop();
  await jobs?.stop(SHUTDOWN_GRACE_MS);
  await dashboard?.close();
  return error ? fail(`Telegram: ${(error as Error).message}`) : 0;
}

async function main(): Promise<number> {
  let args: { as?: string | undefined };
  try {
    args = parseArgs({ options: { as: { type: 'string' } }, strict: true }).values;
  } catch (error) {
    return fail(`${(error as Error).message} (usage: npm start -- [--as <persona>])`);
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
  printBanner(logFile);

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
