// `npm start` with a bot token, in process: the screen says what really runs (bots and how they
// receive updates, the HTTP port and its paths, the database, Redis), never a password, and not the
// terminal demo's introduction.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { t } from '../../core/i18n.ts';
import {
  demoBanner,
  runsService,
  serviceBanner,
  serviceSummary,
  withoutPassword,
} from '../../scripts/start/banner.ts';
import { runService } from '../../scripts/start/service.ts';
import { SECRET, TOKEN } from '../bots/telegram/harness.ts';
import { testClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { openTestRedis, TEST_REDIS_URL } from '../support/redis.ts';
import { startTelegramBotApi, type TelegramBotApiStandIn } from '../support/telegram-bot-api.ts';
import { waitFor } from '../support/wait-for.ts';

const silent = pino({ level: 'silent' });
const DB_PASSWORD = 'db-pass-hunter2';

/** The test Redis, with a password in its URL (Redis' default user accepts any when it has none). */
function redisUrlWithPassword(): { url: string; password: string } {
  const url = new URL(TEST_REDIS_URL);
  if (!url.password) {
    url.username = 'default';
    url.password = 'redis-pass-hunter2';
  }
  return { url: url.toString(), password: decodeURIComponent(url.password) };
}

describe('npm start with a bot token', () => {
  let api: TelegramBotApiStandIn;
  let db: TestDatabase;
  const redis = openTestRedis('test-start');

  beforeAll(async () => {
    api = await startTelegramBotApi();
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await api?.close();
    await db?.close();
    await redis.cleanup();
  });

  it('says which bots, webhook, port, database and Redis run, without passwords or the demo banner', async () => {
    const { url: redisUrl, password: redisPassword } = redisUrlWithPassword();
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_WEBHOOK_URL: 'https://revive.example.edu.cn/telegram/hook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PORT: '0',
      DATABASE_URL: `postgresql://revive:${DB_PASSWORD}@db.example.edu.cn:5432/revive`,
      REDIS_URL: redisUrl,
      REVIVE_REDIS_PREFIX: redis.prefix,
      REVIVE_ADMIN_TOKEN: 'c0a3f1e9b27d48e6a95f0d1c3b7e2a4f',
    });
    // The job layer has its own tests; the dashboard alone uses Redis here.
    vi.stubEnv('REVIVE_JOBS', '0');
    expect(runsService(config)).toBe(true);
    const banner = serviceBanner('/var/lib/revive/revive.log');
    expect(banner).not.toContain(t('zh-CN', 'terminal:banner.text').slice(0, 30));
    expect(banner).not.toContain(t('en', 'terminal:banner.title'));
    expect(banner).toContain(t('en', 'terminal:service.title'));

    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const controller = new AbortController();
    let running: Promise<number> | undefined;
    try {
      running = runService({ config, db, logger: silent, clock: testClock(), signal: controller.signal });
      await waitFor(() => written.join('').includes(t('en', 'terminal:service.jobs_elsewhere')), {
        timeoutMs: 20_000,
        intervalMs: 20,
        message: () => `the service summary (so far: ${JSON.stringify(written.join(''))})`,
      });
    } finally {
      controller.abort();
      const code = await running;
      write.mockRestore();
      expect(code).toBe(0);
    }
    const screen = written.join('');
    const port = /HTTP server on port (\d+): (.*)/.exec(screen);
    expect(Number(port?.[1])).toBeGreaterThan(0);
    expect(port?.[2]?.split(' ')).toEqual(['/healthz', '/telegram/hook', '/admin/queues']);
    expect(screen).toContain(t('en', 'telegram:start.webhook', { port: Number(port?.[1]) }));
    expect(screen).toContain('Database: PostgreSQL at db.example.edu.cn:5432, database revive, user revive');
    expect(screen).toContain(`Redis (dashboard): ${withoutPassword(redisUrl)}`);
    expect(screen).toContain(t('zh-CN', 'terminal:service.jobs_elsewhere'));
    for (const secret of [DB_PASSWORD, redisPassword, TOKEN, SECRET]) expect(screen).not.toContain(secret);
    expect(screen).not.toContain(t('en', 'terminal:banner.title'));
  });

  it('describes polling, Socket Mode, the embedded database and jobs here; the demo keeps its banner', () => {
    const lines = serviceSummary({
      telegram: { mode: 'polling', port: 0 },
      slack: { mode: 'socket', port: null },
      http: null,
      database: { kind: 'pglite', dataDir: 'data/pglite' },
      redisUrl: 'redis://:s3cret@redis.internal:6380/2',
      jobs: true,
      dashboard: null,
    });
    expect(lines).toEqual([
      `${t('zh-CN', 'telegram:start.polling')} / ${t('en', 'telegram:start.polling')}`,
      `${t('zh-CN', 'slack:start.socket')} / ${t('en', 'slack:start.socket')}`,
      `${t('zh-CN', 'terminal:service.database_pglite', { dir: 'data/pglite' })} / ${t('en', 'terminal:service.database_pglite', { dir: 'data/pglite' })}`,
      `${t('zh-CN', 'terminal:service.jobs_here', { redis: 'redis://redis.internal:6380/2' })} / ${t('en', 'terminal:service.jobs_here', { redis: 'redis://redis.internal:6380/2' })}`,
    ]);
    expect(runsService(loadConfig({}))).toBe(false);
    expect(demoBanner('data/revive.log')).toContain(t('zh-CN', 'terminal:banner.text'));
  });
});
