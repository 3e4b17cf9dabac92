// `npm start` as a person runs it: a child process on a fresh DATA_DIR with the embedded database.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../core/config.ts';
import { openDatabase } from '../../core/db/database.ts';
import { DEMO_PERSONA_KEYS } from '../../core/demo/demo-data.ts';
import { t } from '../../core/i18n.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// tsx, PGlite start (≈ 4 s) and the demo seed, on a loaded machine.
const RUN_TIMEOUT = 90_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runStart(args: string[], env: Record<string, string>, stdin: string): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  // Whatever the developer's shell has set must not leak into the run.
  for (const name of [...CONFIG_VARIABLES, 'REVIVE_PERSONA', 'REVIVE_SEED_DEMO']) delete childEnv[name];
  Object.assign(childEnv, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
      cwd: ROOT,
      env: childEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT - 5_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

const greeting = (name: string, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  t(locale, 'chat:menu.greeting', { name });

describe('scripts/start.ts', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'revive-start-'));
  });
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'starts the terminal demo on a fresh DATA_DIR, shows the menu and quits cleanly',
    async () => {
      const run = await runStart(['--as', 'inventor'], { DATA_DIR: dataDir }, '/lang en\n/quit\n');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(t('zh-CN', 'terminal:banner.title'));
      expect(run.stdout).toContain(t('en', 'terminal:banner.title'));
      expect(run.stdout).toContain(greeting('张伟'));
      expect(run.stdout).toContain(t('en', 'chat:lang.changed'));
      expect(run.stdout).toContain(t('en', 'terminal:chat.goodbye'));
    },
    RUN_TIMEOUT,
  );

  it(
    'keeps the data on a second start, and seeding again adds nothing',
    async () => {
      const run = await runStart(['--as', 'inventor'], { DATA_DIR: dataDir }, '/quit\n');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      // The language chosen in the first run was saved.
      expect(run.stdout).toContain(greeting('张伟', 'en'));

      const log = (await readFile(path.join(dataDir, 'revive.log'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string; created?: Record<string, number> });
      const seeds = log.filter((entry) => entry.msg === 'demo data seeded');
      expect(seeds).toHaveLength(2);
      expect(seeds[0]!.created!.patents).toBe(24);
      expect(Object.values(seeds[1]!.created!).every((n) => n === 0)).toBe(true);

      const db = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
      try {
        // six personas: the demo's platform administrator joined them
        expect(await db.prisma.person.count()).toBe(7);
        expect(await db.prisma.patent.count()).toBe(24);
        const person = await db.prisma.person.findUniqueOrThrow({
          where: { email: 'zhang.wei@dhut.example.cn' },
        });
        expect(person.locale).toBe('en');
      } finally {
        await db.close();
      }
    },
    RUN_TIMEOUT,
  );

  it(
    'asks for a persona when none is given, in both languages',
    async () => {
      const run = await runStart([], { DATA_DIR: dataDir }, '8\n2\n/quit\n');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `${t('zh-CN', 'terminal:persona.title')} / ${t('en', 'terminal:persona.title')}`,
      );
      expect(run.stdout).toMatch(/1\. 张伟 — 发明人 \/ Inventor {3}\(--as inventor\)/);
      expect(run.stdout).toContain(t('zh-CN', 'terminal:persona.invalid', { count: 7 }));
      expect(run.stdout).toContain(greeting('陈静'));
    },
    RUN_TIMEOUT,
  );

  it(
    'prints the usage with every persona for --help, without opening the database',
    async () => {
      const empty = path.join(dataDir, 'help-only');
      const run = await runStart(['--help'], { DATA_DIR: empty }, '');
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      for (const persona of DEMO_PERSONA_KEYS) expect(run.stdout).toContain(`--as ${persona}`);
      expect(run.stdout).toContain('张伟');
      expect(existsSync(empty)).toBe(false);
      const unknown = await runStart(['--bogus'], { DATA_DIR: empty }, '');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('--help');
    },
    RUN_TIMEOUT,
  );

  it(
    'refuses an unknown persona with one line naming the choices',
    async () => {
      const run = await runStart(['--as', 'nobody'], { DATA_DIR: dataDir }, '');
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('nobody');
      expect(lines[0]).toContain('inventor, enterprise');
    },
    RUN_TIMEOUT,
  );

  it.each([
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'],
  ])(
    'exits 1 with a one-line message when %s is invalid',
    async (name, value) => {
      const run = await runStart(['--as', 'inventor'], { DATA_DIR: dataDir, [name]: value }, '');
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^revive: ${name}: `));
      expect(lines[0]).not.toContain(value);
      expect(run.stdout).toBe('');
    },
    RUN_TIMEOUT,
  );
});
