// Structured JSON logs (one object per line) for the process supervisor or log shipper to collect;
// for reading them in a terminal pipe through `npx pino-pretty`. Secrets must never reach a log
// line: bot tokens grant full control of the bots, and signing secrets allow forging requests.
import pino, { type DestinationStream, type Logger } from 'pino';
import { type Config, LOG_LEVELS, type LogLevel } from './config.ts';

export type { Logger };

const SECRET_KEYS = [
  'token',
  'secret',
  'password',
  'authorization',
  'cookie',
  'botToken',
  'appToken',
  'signingSecret',
  'secretToken',
  'clientSecret',
  'apiKey',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
];

// Connection URLs are worth logging (which host?) but may carry a password.
const URL_KEYS = ['DATABASE_URL', 'REDIS_URL', 'TEST_POSTGRES_URL', 'connectionString'];

const HEADER_KEYS = [
  'authorization',
  'cookie',
  '["x-telegram-bot-api-secret-token"]',
  '["x-slack-signature"]',
  '["proxy-authorization"]',
];

/** Paths given to pino's `redact`: the key itself, one level down, and request/response headers. */
export const REDACT_PATHS: string[] = [
  ...[...SECRET_KEYS, ...URL_KEYS].flatMap((key) => [key, `*.${key}`]),
  ...HEADER_KEYS.flatMap((key) =>
    [
      'headers',
      '*.headers',
      'req.headers',
      'res.headers',
      'request.headers',
      'response.headers',
      'err.config.headers',
    ].map((prefix) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`)),
  ),
];

export const REDACTED = '[redacted]';

function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1];
  if (key && URL_KEYS.includes(key) && typeof value === 'string') return maskUrlPassword(value);
  return REDACTED;
}

function maskUrlPassword(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '***';
    return url.toString();
  } catch {
    return REDACTED;
  }
}

// Tokens also hide inside free text, where redaction paths cannot reach: HTTP clients put the
// request URL (https://api.telegram.org/bot<token>/sendMessage) into their error messages.
const TOKEN_PATTERNS = [/\bbot\d+:[A-Za-z0-9_-]+/g, /\bxox[a-z]-[A-Za-z0-9-]+/g, /\bxapp-[A-Za-z0-9-]+/g];

export function scrubSecrets(text: string): string {
  return TOKEN_PATTERNS.reduce((result, pattern) => result.replace(pattern, REDACTED), text);
}

function serializeError(error: unknown): unknown {
  // pino passes strings through unchanged, but `{ error: String(e) }` may still carry a token.
  if (typeof error === 'string') return scrubSecrets(error);
  const serialized = pino.stdSerializers.err(error as Error);
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  if (typeof serialized.message === 'string') serialized.message = scrubSecrets(serialized.message);
  if (typeof serialized.stack === 'string') serialized.stack = scrubSecrets(serialized.stack);
  return serialized;
}

export function createLogger(
  config?: Partial<Pick<Config, 'LOG_LEVEL'>>,
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config?.LOG_LEVEL ?? 'info',
    base: { service: 'revive' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg));
        // pino takes the message of a lone Error from error.message, after this hook has run.
        const [first] = scrubbed;
        if (scrubbed.length === 1 && first instanceof Error) scrubbed.push(scrubSecrets(first.message));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

function defaultLevel(): LogLevel {
  const fromEnv = process.env.LOG_LEVEL?.trim();
  if (fromEnv && (LOG_LEVELS as readonly string[]).includes(fromEnv)) return fromEnv as LogLevel;
  // Test runs would otherwise interleave JSON lines with the reporter's output.
  return process.env.VITEST ? 'silent' : 'info';
}

/**
 * For modules that log before (or without) the configuration being loaded. It reads LOG_LEVEL
 * leniently, because a bad value must be reported by loadConfig, not crash an import.
 */
export const logger: Logger = createLogger({ LOG_LEVEL: defaultLevel() });
