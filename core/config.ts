// Configuration comes only from environment variables (twelve-factor), validated once at start so
// that a typo fails the process immediately with a message an operator can act on, instead of a
// confusing error deep inside a bot or the database layer later.
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseTarget } from './db/database.ts';
import { SUPPORTED_LOCALES } from './i18n.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    /** One entry per problem, each "VARIABLE: what is wrong". */
    readonly problems: string[],
  ) {
    super(problems.join('; '));
  }
}

function parsesAsUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function url(protocols: string[], message: string) {
  return z.string().refine((v) => parsesAsUrl(v, protocols), { error: message });
}

function isTimeZone(value: string): boolean {
  // Node 22+ also accepts offsets such as "+08:00"; those have no DST rules and are not IANA names.
  if (/^[+-]/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// Messages never echo the value: several variables are secrets and errors end up in logs.
const schema = z
  .object({
    DATABASE_URL: url(['postgres:', 'postgresql:'], 'must be a postgres:// or postgresql:// URL').optional(),
    DATA_DIR: z.string().default('./data'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    DEFAULT_LOCALE: z
      .enum(SUPPORTED_LOCALES, { error: `must be one of ${SUPPORTED_LOCALES.join(', ')}` })
      .default('zh-CN'),
    DEFAULT_TIME_ZONE: z
      .string()
      .refine(isTimeZone, { error: 'must be an IANA time zone such as Asia/Shanghai' })
      // Canonical spelling ("asia/shanghai" → "Asia/Shanghai") so comparisons elsewhere are exact.
      .transform((v) => new Intl.DateTimeFormat('en', { timeZone: v }).resolvedOptions().timeZone)
      .default('Asia/Shanghai'),
    TELEGRAM_BOT_TOKEN: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]+$/, { error: 'must look like <bot id>:<secret> as issued by @BotFather' })
      .optional(),
    TELEGRAM_WEBHOOK_URL: url(
      ['https:'],
      'must be an https:// URL (Telegram only calls HTTPS webhooks)',
    ).optional(),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'must be 1-256 characters from A-Z, a-z, 0-9, _ and -' })
      .optional(),
    TELEGRAM_API_ROOT: url(['http:', 'https:'], 'must be an http:// or https:// URL').optional(),
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-[A-Za-z0-9-]+$/, { error: 'must be a bot token starting with xoxb-' })
      .optional(),
    SLACK_SIGNING_SECRET: z.string().optional(),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-[A-Za-z0-9-]+$/, { error: 'must be an app-level token starting with xapp-' })
      .optional(),
    SLACK_API_URL: url(['http:', 'https:'], 'must be an http:// or https:// URL')
      // The Web API client resolves method names relative to this URL: without the trailing slash
      // "…/api" + "chat.postMessage" would become "…/chat.postMessage".
      .transform((v) => (v.endsWith('/') ? v : `${v}/`))
      .optional(),
    PORT: z
      .string()
      .regex(/^\d{1,5}$/, { error: 'must be a port number between 0 and 65535' })
      .transform(Number)
      .refine((n) => n <= 65535, { error: 'must be a port number between 0 and 65535' })
      .default(3000),
    REDIS_URL: url(['redis:', 'rediss:'], 'must be a redis:// or rediss:// URL').default(
      'redis://127.0.0.1:6379',
    ),
    // A key prefix in Redis, so that several deployments (or test runs) can share one server.
    REVIVE_REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be 1-64 characters from A-Z, a-z, 0-9, _ . -' })
      .optional(),
    // How soon the jobs of a worker that died are taken over (BullMQ's default lock is 30 s).
    REVIVE_JOB_LOCK_MS: z
      .string()
      .regex(/^\d+$/, { error: 'must be a whole number of milliseconds' })
      .transform(Number)
      .refine((n) => n >= 1000 && n <= 600_000, { error: 'must be between 1000 and 600000' })
      .optional(),
    // Guards the job dashboard (/admin/queues); unset, the dashboard is not served at all.
    REVIVE_ADMIN_TOKEN: z
      .string()
      .regex(/^[\x21-\x7e]{24,512}$/, { error: 'must be 24-512 printable ASCII characters without spaces' })
      .optional(),
  })
  .superRefine((config, ctx) => {
    if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'required when TELEGRAM_WEBHOOK_URL is set, so that forged updates are rejected',
      });
    }
    if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (HTTP mode verifies signatures)',
      });
    }
  });

export type Config = z.output<typeof schema>;
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof Config)[];

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    // Empty means unset: `FOO=` in a .env file or `FOO= npm start` should fall back to the default.
    const value = env[name]?.trim();
    if (value) input[name] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const message = issue.message.replace(/\s+/g, ' ');
        return issue.path.length > 0 ? `${issue.path.join('.')}: ${message}` : message;
      }),
    );
  }
  return result.data;
}

export function databaseTarget(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): DatabaseTarget {
  if (config.DATABASE_URL) return { kind: 'postgres', url: config.DATABASE_URL };
  return { kind: 'pglite', dataDir: path.join(config.DATA_DIR, 'pglite') };
}
