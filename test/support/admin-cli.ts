// `npm run admin -- …` run inside the test process: the same dispatcher, argument parsing, database,
// output and exit code as on the command line (scripts/admin/main.ts), without starting a Node
// process per command (seconds each on a 2-core machine). Each command gets exactly the environment
// given here (the configuration variables of the test process are set aside), its stdout and stderr
// are captured, and the process's exit code is restored afterwards. One test per command group
// still runs the real `scripts/admin.ts` in a child process (scriptRunner).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES } from '../../core/config.ts';
import { runAdmin } from '../../scripts/admin/main.ts';
import { TEST_POSTGRES_URL } from './databases.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Commands of one test file run one after another: stdout, stderr and the environment are global. */
let queue: Promise<unknown> = Promise.resolve();

export function adminInProcess(args: readonly string[], env: Record<string, string>): Promise<AdminRun> {
  const run = queue.then(() => runOnce(args, env));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(args: readonly string[], env: Record<string, string>): Promise<AdminRun> {
  const savedEnv = { ...process.env };
  for (const name of [...CONFIG_VARIABLES, 'TELEGRAM_BOT_USERNAME']) delete process.env[name];
  Object.assign(process.env, env);
  const savedExitCode = process.exitCode;
  process.exitCode = 0;
  let stdout = '';
  let stderr = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  try {
    await runAdmin(args);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.exitCode = savedExitCode;
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  }
}

/** The variables of an environment object that are set (a child process's env may hold undefined). */
export function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Runs the project's scripts (`admin`, `import`, `invites` …) against one test database and data
 * folder, as an operator would: the first `admin` command of a test file in a child process
 * (scripts/admin.ts end to end), the following ones in this process; every other script in a child.
 */
export function scriptRunner(target: () => { database: string; dataDir: string }) {
  let spawnedAdmin = false;
  return (
    script: string,
    args: readonly string[],
    extra: Record<string, string> = {},
  ): Promise<ScriptRun> => {
    const { database, dataDir } = target();
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${database}`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of [...CONFIG_VARIABLES, 'TELEGRAM_BOT_USERNAME']) delete env[name];
    Object.assign(env, { DATABASE_URL: url.toString(), DATA_DIR: dataDir, ...extra });
    if (script === 'admin') {
      if (spawnedAdmin) return adminInProcess(args, definedEnv(env));
      spawnedAdmin = true;
    }
    return spawnScript(script, args, env);
  };
}

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
      cwd: ROOT,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
