// Structured JSON logs (one object per line) for the process supervisor or log shipper to collect;
// for reading them in a terminal pipe through `npx pino-pretty`. Two kinds of values must never
// reach a log line: secrets (bot tokens grant full control of the bots, signing secrets allow
// forging requests, passwords open the database) and what people wrote or are (message texts can
// be assessment answers; e-mail addresses and phone numbers are personal information, PIPL).
// pino's `redact` paths reach a fixed depth only, while library errors nest the request they
// failed on several levels down (a chat library's: err.on.payload.text). So every logged object is
// walked, at any depth, by the `log` formatter, and errors by the `err` serializer (or the summary a
// channel adapter registered for its library's errors), before pino writes them.
import pino, { type DestinationStream, type Logger } from 'pino';
import { type Config, LOG_LEVELS, type LogLevel } from './config.ts';

export type { Logger };

export const REDACTED = '[redacted]';

/** Keys are compared in lower case without `_` and `-`: `signing_secret`, `SIGNING-SECRET`… */
const normalize = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/** Secrets under any key ending like this: `TELEGRAM_BOT_TOKEN`, `secret_token`, `clientSecret`… */
const SECRET_SUFFIXES = [
  'token',
  'secret',
  'password',
  'passwd',
  'apikey',
  'signature',
  'authorization',
  'cookie',
];

/**
 * What people wrote or who they are: message texts and captions, a whole request payload or body
 * (which carries the text), answers, contact details.
 */
const CONTENT_KEYS = new Set(
  ['text', 'caption', 'payload', 'body', 'rawBody', 'answers', 'answer', 'email', 'phone', 'mobile'].map(
    normalize,
  ),
);

export function isRedactedKey(key: string): boolean {
  const normalized = normalize(key);
  return CONTENT_KEYS.has(normalized) || SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

// Secrets also hide inside free text, where no key names them: HTTP clients put the request URL
// (https://api.telegram.org/bot<token>/sendMessage) into their error messages, drivers their
// connection string.
const TOKEN_PATTERNS = [/\bbot\d+:[A-Za-z0-9_-]+/g, /\bxox[a-z]-[A-Za-z0-9-]+/g, /\bxapp-[A-Za-z0-9-]+/g];
/** `scheme://user:password@host`: the host is worth logging, the password is not. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#@]*@/gi;

export function scrubSecrets(text: string): string {
  return TOKEN_PATTERNS.reduce(
    (result, pattern) => result.replace(pattern, REDACTED),
    text.replace(URL_PASSWORD, '$1***@'),
  );
}

/** Deeper than this is cut: nothing a person reads in a log line is that deep. */
const MAX_DEPTH = 12;

/**
 * A copy of the value with redacted keys replaced, strings scrubbed and errors serialized, at any
 * depth. The caller's objects are left as they were: they are often still in use.
 */
export function redactDeep(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (isErrorLike(value)) return serializeError(value, depth, seen);
  // What JSON.stringify would write instead (Date, Buffer, Decimal): walk that.
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') {
    const replaced: unknown = json.call(value);
    return replaced === value ? replaced : redactDeep(replaced, depth, seen);
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen));
    return redactEntries(value, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function redactEntries(value: object, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isRedactedKey(key) && item !== undefined ? REDACTED : redactDeep(item, depth + 1, seen);
  }
  return copy;
}

const isErrorLike = (value: object): value is Error =>
  value instanceof Error ||
  (typeof (value as { message?: unknown }).message === 'string' && 'stack' in value);

/**
 * What an operator needs of an error a channel adapter knows (bots/telegram registers telegraf's:
 * which call, to which chat, the platform's answer), instead of the whole request it failed on with
 * the message text in it; undefined for errors it does not recognize. Core knows no platform: the
 * adapters register theirs when loaded.
 */
export type ErrorSummarizer = (error: object) => Record<string, unknown> | undefined;
const summarizers: ErrorSummarizer[] = [];

export function registerErrorSummarizer(summarize: ErrorSummarizer): void {
  if (!summarizers.includes(summarize)) summarizers.push(summarize);
}

function serializeError(error: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  // pino passes strings through unchanged, but `{ error: String(e) }` may still carry a token.
  if (typeof error === 'string') return scrubSecrets(error);
  if (typeof error !== 'object' || error === null) return error;
  for (const summarize of summarizers) {
    const summary = summarize(error);
    if (summary) return summary;
  }
  const serialized = pino.stdSerializers.err(error as Error);
  if (serialized === error) return redactDeep(error, depth, seen);
  // pino's copy of the error's own properties (type, message, stack, code, and whatever a library
  // attached, like a request's options), walked like any other logged value.
  seen.add(error);
  try {
    return redactEntries(serialized, depth, seen);
  } finally {
    seen.delete(error);
  }
}

/** Names of top-level keys the `err` serializer takes care of: the formatter leaves them to it. */
const ERROR_KEYS = new Set(['err', 'error']);

export function createLogger(
  config?: Partial<Pick<Config, 'LOG_LEVEL'>>,
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config?.LOG_LEVEL ?? 'info',
    base: { service: 'revive' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: (e) => serializeError(e), error: (e) => serializeError(e) },
    formatters: {
      // Runs on every logged object before the serializers (pino's order); child loggers inherit it.
      log(object) {
        const result: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(object)) {
          if (ERROR_KEYS.has(key)) result[key] = value;
          else result[key] = isRedactedKey(key) && value !== undefined ? REDACTED : redactDeep(value, 1);
        }
        return result;
      },
    },
    // A child logger's bindings (`logger.child({ … })`) bypass the `log` formatter: pino's own
    // redaction covers them, for the keys that could plausibly be bound.
    redact: {
      paths: ['token', 'secret', 'password', 'text', 'payload', 'email', 'phone', 'authorization', 'cookie'],
      censor: REDACTED,
    },
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
