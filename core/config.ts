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

const ADMIN_TOKEN_ADVICE = 'generate one with `openssl rand -hex 32`';
/** Placeholders people paste instead of a secret; `.env.example`'s own example among them. */
const WEAK_TOKEN_PARTS = [
  'changeme',
  'change-me',
  'password',
  'example',
  'placeholder',
  'secret',
  'your-token',
];
const EXAMPLE_ADMIN_TOKEN = '3f9a0c2e7b1d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d';

/**
 * Why a dashboard token is too weak, or null. Rules an operator can follow and a random token passes
 * (a 32-character hex token has about 128 bits): at least 32 printable ASCII characters without
 * spaces, at least two kinds of characters (lower case, upper case, digits, symbols), at least 10
 * different characters (no "abab…", "1111…"), and no placeholder.
 */
export function adminTokenProblem(token: string): string | null {
  if (!/^[\x21-\x7e]{32,512}$/.test(token))
    return `must be 32-512 printable ASCII characters without spaces; ${ADMIN_TOKEN_ADVICE}`;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) => kind.test(token)).length;
  if (kinds < 2)
    return `must mix at least two kinds of characters (lower case, upper case, digits, symbols); ${ADMIN_TOKEN_ADVICE}`;
  if (new Set(token).size < 10)
    return `repeats too few characters (fewer than 10 different ones) to be random; ${ADMIN_TOKEN_ADVICE}`;
  const lower = token.toLowerCase();
  if (lower === EXAMPLE_ADMIN_TOKEN || WEAK_TOKEN_PARTS.some((part) => lower.includes(part)))
    return `is a placeholder or the documented example, not a secret; ${ADMIN_TOKEN_ADVICE}`;
  return null;
}

/** A whole number within [min, max], read from an environment variable. */
const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number of ${unit}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be between ${min} and ${max} ${unit}` });

const IMPORT_LIMIT_VARIABLES = {
  REVIVE_IMPORT_MAX_UPLOAD_MB: wholeNumber(1, 4096, 'megabytes').optional(),
  REVIVE_IMPORT_MAX_UNCOMPRESSED_MB: wholeNumber(1, 65_536, 'megabytes').optional(),
  REVIVE_IMPORT_MAX_SHARED_STRINGS: wholeNumber(1, 100_000_000, 'strings').optional(),
  REVIVE_IMPORT_MAX_ROWS: wholeNumber(1, 100_000_000, 'rows').optional(),
};

/** What an uploaded list may be; every import checks these before and while reading a file. */
export interface ImportLimits {
  /** The file as uploaded (default 20 MB: a CNIPA export of a large university is a few MB). */
  maxUploadBytes: number;
  /** What an XLSX inflates to, summed over the parts read (default 1 GB, about 500 000 rows). */
  maxUncompressedBytes: number;
  /** Distinct texts of an XLSX, held in memory while its sheet is read (default 2 000 000). */
  maxSharedStrings: number;
  /** Rows of the list (default 1 000 000). */
  maxRows: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = Object.freeze({
  maxUploadBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxSharedStrings: 2_000_000,
  maxRows: 1_000_000,
});

/**
 * The import limits from the environment (REVIVE_IMPORT_MAX_*), defaults for what is unset. Read
 * where a file is read rather than passed down from start, like DATA_DIR for chat files: every
 * import (command line, chat, each kind of list) gets them; loadConfig has validated them at start.
 */
export function importLimits(env: Record<string, string | undefined> = process.env): ImportLimits {
  const input: Record<string, string> = {};
  for (const name of Object.keys(IMPORT_LIMIT_VARIABLES)) {
    const value = env[name]?.trim();
    if (value) input[name] = value;
  }
  const result = z.object(IMPORT_LIMIT_VARIABLES).safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const v = result.data;
  const mb = 1024 * 1024;
  return {
    maxUploadBytes: (v.REVIVE_IMPORT_MAX_UPLOAD_MB ?? 0) * mb || DEFAULT_IMPORT_LIMITS.maxUploadBytes,
    maxUncompressedBytes:
      (v.REVIVE_IMPORT_MAX_UNCOMPRESSED_MB ?? 0) * mb || DEFAULT_IMPORT_LIMITS.maxUncompressedBytes,
    maxSharedStrings: v.REVIVE_IMPORT_MAX_SHARED_STRINGS ?? DEFAULT_IMPORT_LIMITS.maxSharedStrings,
    maxRows: v.REVIVE_IMPORT_MAX_ROWS ?? DEFAULT_IMPORT_LIMITS.maxRows,
  };
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
    // Send rates, applied by every worker together at the moment of each request (jobs/rate-limiter.ts):
    // Telegram's ~30 messages/s per bot and Slack's chat.postMessage tier unless said otherwise.
    TELEGRAM_SEND_RATE: wholeNumber(1, 100_000, 'messages per second').optional(),
    SLACK_SEND_RATE: wholeNumber(1, 100_000, 'messages per second').optional(),
    // Telegram's paid broadcast (allow_paid_broadcast: up to 1 000 messages/s, 0.1 Star per message
    // from the bot's balance), for the roadshows an administrator allowed it for. Off unless a daily
    // spending cap in Stars is set; its rate is 1 000/s unless said otherwise.
    TELEGRAM_PAID_BROADCAST_STARS_PER_DAY: wholeNumber(1, 1_000_000, 'Stars').optional(),
    TELEGRAM_PAID_BROADCAST_RATE: wholeNumber(31, 1000, 'messages per second').optional(),
    // Guards the job dashboard (/admin/queues); unset, the dashboard is not served at all. The
    // dashboard can retry and delete jobs, so the token must be a real random secret.
    REVIVE_ADMIN_TOKEN: z
      .string()
      .superRefine((token, ctx) => {
        const problem = adminTokenProblem(token);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    // The dashboard's session cookie is `Secure` (sent over HTTPS only). `1` drops that, for
    // development over plain HTTP; never in production.
    REVIVE_ADMIN_ALLOW_HTTP: z
      .enum(['0', '1'], { error: 'must be 0 or 1' })
      .transform((v) => v === '1')
      .optional(),
    // Limits on the lists people upload (patents, staff, experts, enterprises …), so that a hostile
    // or accidental file (a zip bomb, a huge export) is refused instead of exhausting the server.
    // Defaults: importLimits() below.
    ...IMPORT_LIMIT_VARIABLES,
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
