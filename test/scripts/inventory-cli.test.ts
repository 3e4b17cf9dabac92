// The inventory commands as an operator runs them: child processes against a real PostgreSQL
// database prepared here (import, invites, export).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../core/config.ts';
import { t } from '../../core/i18n.ts';
import { importProgressBar } from '../../scripts/cli-support.ts';
import { appNo, CNIPA_HEADERS, cnipaRow, createWorld, csv, type World } from '../core/inventory/fixtures.ts';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/databases.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT = 90_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('inventory command line', () => {
  let db: TestDatabase;
  let dir: string;
  let world: World;
  let code: string;

  function cli(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const name of CONFIG_VARIABLES) delete childEnv[name];
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${db.name}`;
    Object.assign(childEnv, { DATABASE_URL: url.toString(), DATA_DIR: dir, ...env });
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
        cwd: ROOT,
        env: childEnv,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
      });
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, stdout, stderr }));
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'revive-cli-'));
    world = await createWorld(db.prisma);
    code = (await db.prisma.institution.findUniqueOrThrow({ where: { id: world.institutionId } })).code;
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'imports a file, prints the report, writes the error file and exits 1 when rows were rejected',
    async () => {
      const file = path.join(dir, 'list.csv');
      await writeFile(file, csv([CNIPA_HEADERS, cnipaRow(501), cnipaRow(502, { 申请日: '明天' })]));
      const run = await cli('import', [file, '--institution', code]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        t('zh-CN', 'inventory:report.counts', { total: 2, created: 1, updated: 0, unchanged: 0, failed: 1 }),
      );
      const errorFile = path.join(dir, 'list.errors.csv');
      expect(run.stdout).toContain(errorFile);
      expect(await readFile(errorFile, 'utf8')).toContain('明天');
      expect(await db.prisma.patent.count({ where: { applicationNumber: appNo(2018, 1, 100501) } })).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'refuses an unknown institution and a person who is not its coordinator, in one line',
    async () => {
      const file = path.join(dir, 'list2.csv');
      await writeFile(file, csv([CNIPA_HEADERS, cnipaRow(503)]));
      const unknown = await cli('import', [file, '--institution', 'NOPE']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toBe('revive import: no institution with code "NOPE"\n');
      const inventorEmail = (
        await db.prisma.person.findUniqueOrThrow({ where: { id: world.inventor.personId } })
      ).email!;
      const refused = await cli('import', [file, '--institution', code, '--as', inventorEmail]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(t('zh-CN', 'inventory:refusal.not_coordinator'));
      const missing = await cli('import', ['--institution', code]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('usage: npm run import');
    },
    TIMEOUT,
  );

  it(
    'reassigns who answers a patent, refusing once answering has started',
    async () => {
      const number = appNo(2018, 1, 100501); // imported by the first test
      const patent = await db.prisma.patent.findUniqueOrThrow({ where: { applicationNumber: number } });
      const wangfang = await db.prisma.person.findUniqueOrThrow({ where: { id: world.persons.wangfang! } });
      const run = await cli('reassign', ['--institution', code, '--patent', number, '--to', wangfang.email!]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(t('zh-CN', 'inventory:reassigned', { number, name: '王芳' }));
      expect(
        (await db.prisma.patent.findUniqueOrThrow({ where: { id: patent.id } })).responsibleInventorId,
      ).toBe(wangfang.id);
      expect(
        await db.prisma.auditLog.count({
          where: { action: 'patent.responsible-reassigned', subjectId: patent.id },
        }),
      ).toBe(1);

      const badNumber = await cli('reassign', [
        '--institution',
        code,
        '--patent',
        '201710601862.4',
        '--to',
        wangfang.email!,
      ]);
      expect(badNumber.code).toBe(2);
      expect(badNumber.stderr).toContain('check_digit');

      await db.prisma.selfAssessment.create({
        data: {
          patentId: patent.id,
          respondentId: wangfang.id,
          questionnaireId: 'self-assessment',
          questionnaireVersion: 1,
          state: {},
        },
      });
      const inventorEmail = (
        await db.prisma.person.findUniqueOrThrow({ where: { id: world.inventor.personId } })
      ).email!;
      const started = await cli('reassign', [
        '--institution',
        code,
        '--patent',
        number,
        '--to',
        inventorEmail,
      ]);
      expect(started.code).toBe(2);
      expect(started.stderr).toContain(t('zh-CN', 'inventory:refusal.assessment_started'));
    },
    TIMEOUT,
  );

  it(
    'exports the annotated inventory and the invitations, and asks for the bot username',
    async () => {
      const out = path.join(dir, 'inventory.xlsx');
      const exported = await cli('export', ['--institution', code, '--out', out]);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      const count = await db.prisma.patent.count({ where: { institutionId: world.institutionId } });
      expect(exported.stdout).toContain(t('zh-CN', 'export:summary.inventory', { count, path: out }));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(out);
      expect(workbook.worksheets[0]!.rowCount).toBe(count + 2);

      const noBot = await cli('invites', ['--institution', code]);
      expect(noBot.code).toBe(2);
      expect(noBot.stderr).toBe(`revive invites: ${t('zh-CN', 'export:summary.bot_required')}\n`);
      const invites = await cli('invites', ['--institution', code], {
        TELEGRAM_BOT_USERNAME: 'revive_cli_bot',
      });
      expect(invites.stderr).toBe('');
      expect(invites.code).toBe(0);
      expect(invites.stdout).toContain(path.join(dir, 'exports'));
      expect(await db.prisma.auditLog.count({ where: { action: 'invites.exported' } })).toBe(1);
    },
    TIMEOUT,
  );
});

describe('the import progress bar', () => {
  it('shows the share read, rows, rows per second, the time left and the rejected rows', () => {
    // A terminal of its own: cli-progress draws only on one.
    let drawn = '';
    const terminal = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          drawn += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 160 },
    );
    const MB = 1024 * 1024;
    const bar = importProgressBar('en', 8 * MB, terminal);
    bar.update({ bytesRead: 2 * MB, rowsRead: 20_000, failed: 3, elapsedMs: 10_000 });
    bar.stop();
    expect(drawn).toContain('25% | 20000 rows | 2,000 rows/s | 30 s left | errors 3');
  });
});
