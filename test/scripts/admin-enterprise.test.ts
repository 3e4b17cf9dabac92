import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '../../core/enterprises/enterprises.ts';
import { t } from '../../core/i18n.ts';
import {
  creditCode,
  type Officials,
  officials,
  personWithRole,
  withWrongCheck,
} from '../core/enterprises/fixtures.ts';
import { scriptRunner } from '../support/admin-cli.ts';
import { TEST_NOW } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const _ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT = 90_000;

const emailOf = (userId: string) => `${userId}@example.cn`;

describe('admin enterprise command line', () => {
  let db: TestDatabase;
  let dir: string;
  let people: Officials;

  const run = scriptRunner(() => ({ database: db.name, dataDir: dir }));
  const admin = (args: string[]) => run('admin', ['enterprise', ...args]);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'revive-enterprise-cli-'));
    people = await officials(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'imports a list as a bureau officer, reports the bad rows by number and exits 1',
    async () => {
      const good = creditCode();
      const bad = withWrongCheck(creditCode());
      const file = path.join(dir, 'list.csv');
      await writeFile(
        file,
        `企业名称,统一社会信用代码,所在地区,战略性新兴产业\n杭州命令行公司,${good},330100,新材料\n错误公司,${bad},330100,\n北京公司,${creditCode()},110000,\n`,
      );
      const run = await admin(['import', file, '--as', emailOf(people.zhejiang.userId)]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        t('zh-CN', 'enterprises:cli.import_counts', {
          total: 3,
          created: 1,
          updated: 0,
          unchanged: 0,
          failed: 2,
        }),
      );
      expect(run.stdout).toContain(
        t('zh-CN', 'enterprises:cli.row_error', {
          row: 3,
          message: t('zh-CN', 'enterprises:error.credit_code.check_digit', { code: bad }),
        }),
      );
      expect(run.stdout).toContain(
        t('zh-CN', 'enterprises:cli.row_error', {
          row: 4,
          message: t('zh-CN', 'enterprises:import.error.foreign_province', { region: '110000' }),
        }),
      );
      expect(await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: good } })).toMatchObject({
        status: 'VERIFIED',
        verifiedById: people.zhejiang.personId,
      });
    },
    TIMEOUT,
  );

  it(
    'imports as the operator with invitations for the contacts',
    async () => {
      const file = path.join(dir, 'contacts.csv');
      await writeFile(
        file,
        `企业名称,统一社会信用代码,所在地区,联系人,联系人邮箱\n联系人公司,${creditCode()},330100,钱联系,qian@example.cn\n`,
      );
      const run = await admin(['import', file, '--bot', 'revive_test_bot']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/https:\/\/t\.me\/revive_test_bot\?start=[A-Za-z0-9_-]{32}/);
      expect(run.stdout).toMatch(/\/revive start [A-Za-z0-9_-]{32}/);
    },
    TIMEOUT,
  );

  it(
    'verifies one enterprise by credit code: refused for another province, done for its own',
    async () => {
      const registrant = await personWithRole(db.prisma, '命令行注册人', null);
      const code = creditCode();
      await registerEnterprise(
        db.prisma,
        registrant,
        { name: '待核验命令行公司', creditCode: code, region: '330100' },
        TEST_NOW,
      );

      const refused = await admin(['verify', code, '--as', emailOf(people.beijing.userId)]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(
        `revive admin enterprise: ${t('zh-CN', 'enterprises:refusal.not_your_province')}\n`,
      );

      const listed = await admin(['list', '--status', 'PENDING', '--as', emailOf(people.zhejiang.userId)]);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(
        `${code}\t${t('zh-CN', 'enterprises:status.PENDING')}\t待核验命令行公司`,
      );

      const done = await admin(['verify', code.toLowerCase(), '--as', emailOf(people.zhejiang.userId)]);
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      expect(done.stdout).toContain(t('zh-CN', 'enterprises:describe.credit_code_ok', { code }));
      expect(done.stdout).toContain(t('zh-CN', 'enterprises:verify.done', { name: '待核验命令行公司' }));
      expect((await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: code } })).status).toBe(
        'VERIFIED',
      );

      const usage = await admin(['list', '--status', 'SOMETIMES']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--status must be one of PENDING, VERIFIED, REJECTED');
    },
    TIMEOUT,
  );
});
