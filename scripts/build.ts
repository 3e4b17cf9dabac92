// `npm run build`: the program compiled to JavaScript in dist/ (tsconfig.build.json), for production:
// `npm run start:prod` and `npm run worker:prod` start in about a second on plain `node`, where tsx
// compiles every module at each start (seconds on a small machine, and memory for the compiler).
// What the code reads beside itself at run time is copied to the same place under dist/: the
// locales, the migrations, the data tables (regions, IPC scheme). Development keeps tsx.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
/** Folders compiled (tsconfig.build.json) whose other files the code reads at run time. */
const SOURCES = ['bots', 'core', 'jobs', 'prisma', 'scripts'];
const ASSET = /\.(json|sql|toml)$/;
const SKIPPED = new Set([path.join('prisma', 'generated')]);

function copyAssets(dir: string): number {
  let copied = 0;
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const relative = path.join(dir, name);
    if (SKIPPED.has(relative)) continue;
    if (statSync(path.join(ROOT, relative)).isDirectory()) copied += copyAssets(relative);
    else if (ASSET.test(name)) {
      cpSync(path.join(ROOT, relative), path.join(DIST, relative));
      copied += 1;
    }
  }
  return copied;
}

rmSync(DIST, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  process.stderr.write('build: tsc failed\n');
  process.exit(compiled.status ?? 1);
}
cpSync(path.join(ROOT, 'locales'), path.join(DIST, 'locales'), { recursive: true });
const assets = SOURCES.reduce((sum, dir) => sum + copyAssets(dir), 0);
process.stdout.write(`build: dist/ ready (${assets} data files and the locales copied beside the code)\n`);
