// Exports on both databases, read back with exceljs: the annotated inventory (two header rows, one row
// per patent, every self-assessment field, screening, transformation records, enterprise summary)
// and the invitations for a mail merge.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../../core/errors.ts';
import { exportInventory } from '../../../core/export/inventory-export.ts';
import { exportInvites } from '../../../core/export/invites-export.ts';
import { t } from '../../../core/i18n.ts';
import { redeemInvite } from '../../../core/invites/invites.ts';
import { allQuestions } from '../../../core/questionnaire/definition.ts';
import { latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import { decide } from '../../../core/screening/decide.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { createWorld, submittedPatent, type World } from '../inventory/fixtures.ts';

let serial = 400000;
const AFTER_MIDNIGHT = new Date('2026-12-01T16:30:00Z');

async function readSheet(file: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe.each(DATABASE_KINDS)('exports on %s', (kind) => {
  let db: TestDatabase;
  let dir: string;
  let world: World;
  let pooled: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'revive-export-'));
    world = await createWorld(db.prisma);
    pooled = await submittedPatent(db.prisma, world, ++serial);
    await submittedPatent(db.prisma, world, ++serial);
    await decide(
      db.prisma,
      world.collegeCoordinator,
      { patentId: pooled, outcome: 'APPROVED', comment: '同意' },
      TEST_NOW,
    );
    // 00:30 on 2 December in Shanghai, still 1 December in UTC.
    await decide(db.prisma, world.coordinator, { patentId: pooled, outcome: 'APPROVED' }, AFTER_MIDNIGHT);
    await db.prisma.transformationRecord.create({
      data: {
        patentId: pooled,
        kind: 'LICENCE',
        licenceType: 'ordinary',
        counterparty: '杭州储能新材料科技有限公司',
        contractDate: new Date(Date.UTC(2024, 5, 1)),
        filingNumber: '2024330000123456',
        filedAt: new Date(Date.UTC(2024, 6, 1)),
        amountWanYuan: '35.50',
      },
    });
    const enterprise = await db.prisma.enterprise.findFirstOrThrow({
      where: { staff: { some: { personId: world.enterprise.personId } } },
    });
    const evaluation = latestDefinition('enterprise-evaluation');
    await db.prisma.enterpriseEvaluation.create({
      data: {
        patentId: pooled,
        enterpriseId: enterprise.id,
        evaluatorId: world.enterprise.personId,
        questionnaireId: evaluation.id,
        questionnaireVersion: evaluation.version,
        status: 'SUBMITTED',
        submittedAt: TEST_NOW,
        state: {},
        answers: {
          create: [
            { questionId: 'industrializationProspects', value: 4 },
            { questionId: 'cooperation', value: ['licence'] },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the annotated inventory with Chinese and English header rows and one row per patent', async () => {
    const file = path.join(dir, `inventory-${kind}.xlsx`);
    const result = await exportInventory(db.prisma, {
      institutionId: world.institutionId,
      actor: world.coordinator,
      path: file,
    });
    expect(result).toMatchObject({ patents: 2, byStatus: { IN_POOL: 1, SUBMITTED: 1 } });
    const rows = await readSheet(file);
    expect(rows).toHaveLength(4);
    const [zh, en] = rows as string[][];
    const questions = allQuestions(latestDefinition('self-assessment'));
    expect(zh).toContain(t('zh-CN', 'export:column.applicationNumber'));
    expect(en).toContain(t('en', 'export:column.applicationNumber'));
    for (const q of questions) {
      expect(zh).toContain(t('zh-CN', q.label));
      expect(en).toContain(t('en', q.label));
    }
    const col = (key: string) => zh!.indexOf(t('zh-CN', `export:column.${key}`));
    const patent = await db.prisma.patent.findUniqueOrThrow({ where: { id: pooled } });
    const row = rows.slice(2).find((r) => r[col('applicationNumber')] === patent.applicationNumber)!;
    expect(row[col('inventoryStatus')]).toBe(t('zh-CN', 'export:inventory_status.IN_POOL'));
    expect(row[col('collegeOutcome')]).toBe(t('zh-CN', 'screening:outcome.APPROVED'));
    expect(row[col('collegeComment')]).toBe('同意');
    expect(row[col('universityOutcome')]).toBe(t('zh-CN', 'screening:outcome.APPROVED'));
    // Instants are shown on the local day in Shanghai; calendar dates as they are.
    expect(row[col('submittedAt')]).toBe('2026-12-01');
    expect(row[col('collegeDecidedAt')]).toBe('2026-12-01');
    expect(row[col('universityDecidedAt')]).toBe('2026-12-02');
    expect(row[col('contractDate')]).toBe('2024-06-01');
    expect(row[col('transformationKind')]).toBe('许可');
    expect(row[col('licenceType')]).toBe('普通许可');
    expect(row[col('filingNumber')]).toBe('2024330000123456');
    expect(row[col('amountWanYuan')]).toBe('35.5');
    expect(row[col('evaluationCount')]).toBe(1);
    expect(row[col('averageProspects')]).toBe(4);
    expect(row[col('cooperationInterest')]).toBe(1);
    const trl = zh!.indexOf(t('zh-CN', questions.find((q) => q.id === 'trl')!.label));
    expect(String(row[trl])).toContain('5');
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'export.inventory' } });
    expect(audit).toMatchObject({ actorId: world.coordinator.personId, institutionId: world.institutionId });
  });

  it('issues invitations with Telegram deep links that redeem, and revokes the previous file’s', async () => {
    const file = path.join(dir, `invites-${kind}.xlsx`);
    const first = await exportInvites(db.prisma, {
      institutionId: world.institutionId,
      actor: world.coordinator,
      path: file,
      botUsername: '@revive_test_bot',
      now: TEST_NOW,
    });
    expect(first).toMatchObject({ invited: 1, revoked: 0 });
    const rows = await readSheet(file);
    expect(rows[0]).toContain(t('zh-CN', 'export:invites.column.telegram'));
    const link = String(rows[2]![5]);
    expect(link).toMatch(/^https:\/\/t\.me\/revive_test_bot\?start=[A-Za-z0-9_-]{32}$/);
    expect(rows[2]![0]).toBe('张伟');
    expect(String(rows[2]![6])).toContain(rows[2]![1] as string);
    // Valid for 30 days from the clock's now, shown in Shanghai time.
    expect(rows[2]![7]).toBe('2026-12-31 10:00');

    const second = await exportInvites(db.prisma, {
      institutionId: world.institutionId,
      actor: world.coordinator,
      path: file,
      botUsername: 'revive_test_bot',
      now: TEST_NOW,
    });
    expect(second).toMatchObject({ invited: 1, revoked: 1 });
    const token = link.split('start=')[1]!;
    expect(
      (await redeemInvite(db.prisma, token, { channel: 'TELEGRAM', externalId: `tg-${kind}` }, TEST_NOW))
        .outcome,
    ).toBe('REVOKED');
    const fresh = String((await readSheet(file))[2]![5]).split('start=')[1]!;
    expect(
      (await redeemInvite(db.prisma, fresh, { channel: 'TELEGRAM', externalId: `tg-${kind}` }, TEST_NOW))
        .outcome,
    ).toBe('BOUND');
    // Now connected: not invited again.
    const third = await exportInvites(db.prisma, {
      institutionId: world.institutionId,
      actor: world.coordinator,
      path: file,
      botUsername: 'revive_test_bot',
      now: TEST_NOW,
    });
    expect(third).toMatchObject({ invited: 0, skippedConnected: 1 });
    expect(
      await db.prisma.auditLog.count({
        where: { action: 'invites.exported', institutionId: world.institutionId },
      }),
    ).toBe(3);
    expect(
      await db.prisma.auditLog.count({
        where: { action: 'invite.created', institutionId: world.institutionId },
      }),
    ).toBe(2);
  });

  it('refuses inventors, enterprises, college and other institutions’ coordinators', async () => {
    for (const actor of [
      world.inventor,
      world.enterprise,
      world.otherCoordinator,
      world.collegeCoordinator,
    ]) {
      await expect(
        exportInventory(db.prisma, {
          institutionId: world.institutionId,
          actor,
          path: path.join(dir, 'x.xlsx'),
        }),
      ).rejects.toBeInstanceOf(Refusal);
      await expect(
        exportInvites(db.prisma, {
          institutionId: world.institutionId,
          actor,
          path: path.join(dir, 'y.xlsx'),
          botUsername: 'revive_test_bot',
          now: TEST_NOW,
        }),
      ).rejects.toBeInstanceOf(Refusal);
    }
  });
});
