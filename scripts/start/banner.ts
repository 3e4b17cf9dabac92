// What `npm start` says about itself on the screen. The terminal demo introduces the demo; the
// service (a bot token set) says what is really running: which bots and how they receive updates,
// the HTTP port and what it serves, the database, and where the jobs run with which Redis. An
// operator reads this to check a deployment, so it must be true, and it must be safe to paste
// into a ticket: never a password, nor a token.
import { SUPPORTED_LOCALES, t } from '../../core/i18n.ts';
import { both } from './output.ts';

/** Whether `npm start` runs the service (bots and jobs) rather than the terminal demo. */
export const runsService = (config: {
  SLACK_BOT_TOKEN?: string | undefined;
  TELEGRAM_BOT_TOKEN?: string | undefined;
}) => Boolean(config.SLACK_BOT_TOKEN || config.TELEGRAM_BOT_TOKEN);

/** The demo's introduction, in both languages, and where the logs go. */
export function demoBanner(logFile: string): string {
  const paragraphs = SUPPORTED_LOCALES.map(
    (locale) => `${t(locale, 'terminal:banner.title')}\n${t(locale, 'terminal:banner.text')}`,
  );
  return `${paragraphs.join('\n\n')}\n\n${both('terminal:banner.logs', { path: logFile }, '\n')}\n\n`;
}

/** The service's first lines, before anything is started. */
export function serviceBanner(logFile: string): string {
  return `${both('terminal:service.title')}\n${both('terminal:banner.logs', { path: logFile })}\n\n`;
}

/** A URL as it may be shown: the password, if any, removed. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    // Unparseable (the configuration checks URLs first): show nothing of it rather than a secret.
    return '…';
  }
}

export type DatabaseFacts = { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string };

export function describeDatabase(database: DatabaseFacts): string {
  if (database.kind === 'pglite')
    return both('terminal:service.database_pglite', { dir: database.dataDir ?? ':memory:' });
  const url = new URL(database.url);
  return both('terminal:service.database_postgres', {
    server: url.host,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || url.username || 'postgres',
    user: decodeURIComponent(url.username) || '—',
  });
}

export interface ServiceFacts {
  telegram: { mode: 'polling' | 'webhook'; port: number | null } | null;
  slack: { mode: 'socket' | 'http'; port: number | null } | null;
  /** The shared HTTP server's port and the paths it serves, when there is one. */
  http: { port: number; paths: string[] } | null;
  database: DatabaseFacts;
  /** Redis as this process uses it (jobs, dashboard), or null when it uses none. */
  redisUrl: string | null;
  /** Whether the job layer runs in this process (REVIVE_JOBS=0 leaves it to `npm run worker`). */
  jobs: boolean;
  /** The job dashboard (its path is among the HTTP paths), and whether its cookie is Secure. */
  dashboard: { secureCookie: boolean } | null;
}

/** Once everything is started: one line per thing that runs, in both languages. */
export function serviceSummary(facts: ServiceFacts): string[] {
  const lines: string[] = [];
  if (facts.telegram) {
    const { mode, port } = facts.telegram;
    lines.push(both(`telegram:start.${mode}`, { port: port ?? '' }));
  }
  if (facts.slack) lines.push(both(`slack:start.${facts.slack.mode}`, { port: facts.slack.port ?? '' }));
  if (facts.http) {
    lines.push(both('terminal:service.http', { port: facts.http.port, paths: facts.http.paths.join(' ') }));
  }
  if (facts.dashboard && !facts.dashboard.secureCookie) lines.push(both('terminal:service.dashboard_http'));
  lines.push(describeDatabase(facts.database));
  lines.push(
    facts.jobs
      ? both('terminal:service.jobs_here', { redis: withoutPassword(facts.redisUrl ?? '') })
      : both('terminal:service.jobs_elsewhere'),
  );
  if (!facts.jobs && facts.redisUrl) {
    lines.push(both('terminal:service.redis', { redis: withoutPassword(facts.redisUrl) }));
  }
  return lines;
}
