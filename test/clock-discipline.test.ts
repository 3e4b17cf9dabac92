// One clock (core/clock.ts): the program reads "now" only through the injected Clock, so that what
// it decides never depends on when it runs. This test keeps it so: any other read of the machine's
// time in core/, jobs/, bots/ or scripts/, or a database now() in SQL, fails here with its place.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const FOLDERS = ['core', 'jobs', 'bots', 'scripts'];
/** The clock itself is the one place allowed to read the machine's time. */
const ALLOWED = new Set(['core/clock.ts']);

const READS_OF_NOW: [string, RegExp][] = [
  ['new Date() without an argument', /new Date\(\s*\)/],
  ['Date.now()', /\bDate\.now\(\s*\)/],
  ['Temporal.Now', /\bTemporal\.Now\b/],
  // In TypeScript "now" is always a method (clock.now()); a bare now() can only be SQL's.
  ["the database's now()", /(?<![.\w?])now\(\)|\bCURRENT_(TIMESTAMP|DATE|TIME)\b|\bLOCALTIMESTAMP\b/],
];

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((file) => !file.includes('/generated/'));
}

/** Line by line, without comments: a comment may well say "new Date()". */
function codeLines(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => line.replace(/(^|[^:'"`])\/\/.*$/, '$1'));
}

function findReadsOfNow(file: string, text: string): string[] {
  if (ALLOWED.has(file)) return [];
  const found: string[] = [];
  codeLines(text).forEach((line, i) => {
    for (const [what, pattern] of READS_OF_NOW) {
      if (pattern.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim()}`);
    }
  });
  return found;
}

describe('one clock', () => {
  it('finds each kind of read of the machine time it forbids', () => {
    const sample = [
      'const a = new Date();',
      'const b = Date.now();',
      'await tx.$executeRaw`UPDATE "X" SET "at" = now() WHERE id = $1`;',
      'const c = new Date(at); // new Date() in a comment is fine',
      'const d = clock.now();',
    ].join('\n');
    expect(findReadsOfNow('core/example.ts', sample).map((f) => f.split(':')[1])).toEqual(['1', '2', '3']);
    expect(findReadsOfNow('core/clock.ts', sample)).toEqual([]);
  });

  it('core/, jobs/, bots/ and scripts/ read "now" only through the injected clock', async () => {
    const violations: string[] = [];
    for (const folder of FOLDERS) {
      for (const file of await sourceFiles(folder)) {
        violations.push(...findReadsOfNow(file, await readFile(path.join(ROOT, file), 'utf8')));
      }
    }
    expect(violations).toEqual([]);
  });
});
