import { describe, expect, it, vi } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, databaseTarget, loadConfig } from '../../core/config.ts';

const TELEGRAM_TOKEN = '123456789:AAH4-example_token';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('loadConfig', () => {
  it('uses the defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
      DEFAULT_LOCALE: 'zh-CN',
      DEFAULT_TIME_ZONE: 'Asia/Shanghai',
      PORT: 3000,
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });

  it('treats empty and blank values as unset', () => {
    const blank = Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, name === 'PORT' ? '  ' : '']));
    expect(loadConfig(blank)).toEqual(loadConfig({}));
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' })).toEqual(loadConfig({}));
  });

  it('reads process.env by default', () => {
    try {
      for (const name of CONFIG_VARIABLES) vi.stubEnv(name, '');
      vi.stubEnv('PORT', '4321');
      expect(loadConfig().PORT).toBe(4321);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('accepts a complete valid configuration', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://revive:secret@db.example.edu.cn:5432/revive',
      DATA_DIR: '/var/lib/revive',
      LOG_LEVEL: 'debug',
      DEFAULT_LOCALE: 'en',
      DEFAULT_TIME_ZONE: 'Asia/Urumqi',
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://revive.example.edu.cn/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'a-Secret_123',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcDEF',
      SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
      SLACK_APP_TOKEN: 'xapp-1-A0123-456-abcdef',
      SLACK_API_URL: 'http://127.0.0.1:8082/api/',
      PORT: '8080',
      REDIS_URL: 'rediss://:pw@redis.example.edu.cn:6380/1',
    });
    expect(config).toMatchObject({
      DEFAULT_LOCALE: 'en',
      DEFAULT_TIME_ZONE: 'Asia/Urumqi',
      LOG_LEVEL: 'debug',
      PORT: 8080,
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      SLACK_API_URL: 'http://127.0.0.1:8082/api/',
    });
  });

  it('trims surrounding whitespace, canonicalises the time zone and the Slack API URL', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: ` ${TELEGRAM_TOKEN}\n`,
      DEFAULT_TIME_ZONE: 'asia/shanghai',
      SLACK_API_URL: 'http://127.0.0.1:8082/api',
      PORT: '0',
    });
    expect(config.TELEGRAM_BOT_TOKEN).toBe(TELEGRAM_TOKEN);
    expect(config.DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(config.SLACK_API_URL).toBe('http://127.0.0.1:8082/api/');
    expect(config.PORT).toBe(0);
  });

  it('accepts a Slack bot in Socket Mode without a signing secret', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xapp-1-2' })).not.toThrow();
  });

  it.each([
    [
      'DATABASE_URL',
      'mysql://root@localhost/revive',
      'DATABASE_URL: must be a postgres:// or postgresql:// URL',
    ],
    ['DATABASE_URL', 'not a url', 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent'],
    ['DEFAULT_LOCALE', 'fr', 'DEFAULT_LOCALE: must be one of zh-CN, en'],
    ['DEFAULT_LOCALE', 'zh', 'DEFAULT_LOCALE: must be one of zh-CN, en'],
    [
      'DEFAULT_TIME_ZONE',
      'Asia/Beijing',
      'DEFAULT_TIME_ZONE: must be an IANA time zone such as Asia/Shanghai',
    ],
    ['DEFAULT_TIME_ZONE', '+08:00', 'DEFAULT_TIME_ZONE: must be an IANA time zone such as Asia/Shanghai'],
    ['TELEGRAM_BOT_TOKEN', 'AAH4-no-bot-id', 'TELEGRAM_BOT_TOKEN: must look like <bot id>:<secret>'],
    ['TELEGRAM_BOT_TOKEN', '123:has space', 'TELEGRAM_BOT_TOKEN: must look like <bot id>:<secret>'],
    [
      'TELEGRAM_WEBHOOK_URL',
      'http://revive.example.edu.cn/hook',
      'TELEGRAM_WEBHOOK_URL: must be an https:// URL',
    ],
    ['TELEGRAM_WEBHOOK_SECRET', 'has space', 'TELEGRAM_WEBHOOK_SECRET: must be 1-256 characters'],
    ['TELEGRAM_WEBHOOK_SECRET', 'x'.repeat(257), 'TELEGRAM_WEBHOOK_SECRET: must be 1-256 characters'],
    ['TELEGRAM_API_ROOT', 'ftp://example.org', 'TELEGRAM_API_ROOT: must be an http:// or https:// URL'],
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', 'SLACK_BOT_TOKEN: must be a bot token starting with xoxb-'],
    ['SLACK_APP_TOKEN', 'xoxb-1-2', 'SLACK_APP_TOKEN: must be an app-level token starting with xapp-'],
    ['SLACK_API_URL', 'slack.com/api', 'SLACK_API_URL: must be an http:// or https:// URL'],
    ['PORT', 'http', 'PORT: must be a port number between 0 and 65535'],
    ['PORT', '65536', 'PORT: must be a port number between 0 and 65535'],
    ['PORT', '-1', 'PORT: must be a port number between 0 and 65535'],
    ['PORT', '80.5', 'PORT: must be a port number between 0 and 65535'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL: must be a redis:// or rediss:// URL'],
  ])('rejects %s=%j with one line naming it', (name, value, expected) => {
    // Satisfies the cross-variable rules, so that the bad value is the only problem.
    const message = problemsOf({ TELEGRAM_WEBHOOK_SECRET: 'ok', SLACK_SIGNING_SECRET: 'ok', [name]: value });
    expect(message.startsWith(expected)).toBe(true);
    expect(message).not.toContain('\n');
    expect(message).not.toContain(';');
  });

  it('never repeats a rejected secret in the message', () => {
    const secrets = {
      TELEGRAM_BOT_TOKEN: 'no-colon-SECRET1',
      TELEGRAM_WEBHOOK_SECRET: 'SECRET2 with space',
      SLACK_BOT_TOKEN: 'SECRET3',
      SLACK_APP_TOKEN: 'SECRET4',
    };
    const message = problemsOf(secrets);
    for (const secret of Object.values(secrets)) expect(message).not.toContain(secret);
  });

  it('requires TELEGRAM_WEBHOOK_SECRET when TELEGRAM_WEBHOOK_URL is set', () => {
    expect(
      problemsOf({
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_WEBHOOK_URL: 'https://revive.example.edu.cn/tg',
      }),
    ).toMatch(/^TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set/);
    expect(
      problemsOf({ TELEGRAM_WEBHOOK_URL: 'https://revive.example.edu.cn/tg', TELEGRAM_WEBHOOK_SECRET: '' }),
    ).toMatch(/^TELEGRAM_WEBHOOK_SECRET: required/);
  });

  it('requires SLACK_SIGNING_SECRET for a Slack bot over HTTP', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1-2' })).toMatch(
      /^SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN/,
    );
  });

  it('reports every problem on one line, separated by "; "', () => {
    const error = (() => {
      try {
        loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'abc', LOG_LEVEL: 'loud' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(3);
    expect(error.message).toBe(error.problems.join('; '));
    expect(error.message).not.toContain('\n');
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });
});

describe('REVIVE_ADMIN_TOKEN and REVIVE_ADMIN_ALLOW_HTTP', () => {
  it('accepts random tokens as the tools print them', () => {
    for (const token of [
      'c0a3f1e9b27d48e6a95f0d1c3b7e2a4f', // openssl rand -hex 16
      '9fQ2x+Lk0vR8s/tW1yZ3aB5cD7eF9gH1iJ3kL5mN7o8=', // openssl rand -base64 32
      `${'3e7b'.repeat(2)}a1f09c2d5b84e6f7031a9c8d2b4e6f7a`,
    ]) {
      expect(loadConfig({ REVIVE_ADMIN_TOKEN: token }).REVIVE_ADMIN_TOKEN).toBe(token);
    }
  });

  it.each([
    ['too short', 'a1b2c3d4e5f6a7b8c9d0', /32-512 printable ASCII/],
    ['with a space', 'c0a3f1e9b27d48e6 a95f0d1c3b7e2a4f', /without spaces/],
    ['one kind of character', 'qwertyuiopasdfghjklzxcvbnmqwerty', /two kinds of characters/],
    ['few different characters', 'ab12ab12ab12ab12ab12ab12ab12ab12', /fewer than 10 different/],
    ['a placeholder', 'ChangeMe-0123456789-ChangeMe-012345', /placeholder/],
    ['the documented example', '3f9a0c2e7b1d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d', /example/],
  ])('refuses a token %s, saying why and how to make one, without echoing it', (_what, token, why) => {
    const message = problemsOf({ REVIVE_ADMIN_TOKEN: token });
    expect(message).toMatch(/^REVIVE_ADMIN_TOKEN: /);
    expect(message).toMatch(why);
    expect(message).toContain('openssl rand -hex 32');
    expect(message).not.toContain(token);
  });

  it('makes the session cookie Secure unless REVIVE_ADMIN_ALLOW_HTTP=1', () => {
    expect(loadConfig({}).REVIVE_ADMIN_ALLOW_HTTP).toBeUndefined();
    expect(loadConfig({ REVIVE_ADMIN_ALLOW_HTTP: '1' }).REVIVE_ADMIN_ALLOW_HTTP).toBe(true);
    expect(loadConfig({ REVIVE_ADMIN_ALLOW_HTTP: '0' }).REVIVE_ADMIN_ALLOW_HTTP).toBe(false);
    expect(problemsOf({ REVIVE_ADMIN_ALLOW_HTTP: 'yes' })).toMatch(
      /^REVIVE_ADMIN_ALLOW_HTTP: must be 0 or 1/,
    );
  });
});

describe('databaseTarget', () => {
  it('is PostgreSQL when DATABASE_URL is set', () => {
    const url = 'postgres://revive@127.0.0.1:5432/revive';
    expect(databaseTarget(loadConfig({ DATABASE_URL: url }))).toEqual({ kind: 'postgres', url });
  });

  it('is PGlite in DATA_DIR/pglite otherwise', () => {
    expect(databaseTarget(loadConfig({}))).toEqual({ kind: 'pglite', dataDir: 'data/pglite' });
    expect(databaseTarget(loadConfig({ DATA_DIR: '/var/lib/revive' }))).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/revive/pglite',
    });
  });
});
