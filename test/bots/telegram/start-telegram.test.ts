// `npm start` with TELEGRAM_BOT_TOKEN: the Telegram bot runs (long polling against the stand-in,
// via TELEGRAM_API_ROOT) instead of the terminal demo, registers its commands, answers, and stops
// cleanly on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../../core/config.ts';
import { t } from '../../../core/i18n.ts';
import { startTelegramBotApi, type TelegramBotApiStandIn } from '../../support/telegram-bot-api.ts';
import { waitFor } from '../../support/wait-for.ts';
import { TOKEN, textUpdate } from './harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('npm start with TELEGRAM_BOT_TOKEN', () => {
  let api: TelegramBotApiStandIn;
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    api = await startTelegramBotApi();
    dataDir = await mkdtemp(path.join(tmpdir(), 'revive-telegram-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await api?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('runs the bot by long polling and stops on SIGTERM', { timeout: 90_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of [...CONFIG_VARIABLES, 'REVIVE_PERSONA', 'REVIVE_SEED_DEMO']) delete env[name];
    // The job layer has its own tests; here it would only add Redis state outside the test's prefix.
    Object.assign(env, {
      DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      REVIVE_JOBS: '0',
    });
    // node itself (not npx): the signal must reach the process that runs the bot.
    const started = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child = started;
    let stdout = '';
    let stderr = '';
    started.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    started.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => started.on('close', resolve));

    await waitFor(() => stdout.includes(t('en', 'telegram:start.polling')) || started.exitCode !== null, {
      timeoutMs: 80_000,
      intervalMs: 50,
      message: () => `npm start says it polls (stderr so far: ${JSON.stringify(stderr)})`,
    });
    expect(stderr).toBe('');
    // The service says what it runs, not the terminal demo's introduction.
    expect(stdout).toContain(t('en', 'terminal:service.title'));
    expect(stdout).not.toContain(t('en', 'terminal:banner.title'));
    expect(api.callsOf('setMyCommands').map((c) => c.body.language_code ?? '')).toEqual(['zh', 'en', '']);
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);

    api.pushUpdates(textUpdate(55_501, '/start', { languageCode: 'en' }));
    await waitFor(() => api.outputTo(55_501).length > 0, {
      timeoutMs: 20_000,
      intervalMs: 50,
      message: 'the bot answers /start',
    });
    expect(api.outputTo(55_501)[0]!.body.text).toBe(t('en', 'chat:onboarding.unknown'));

    started.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
