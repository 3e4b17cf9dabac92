// An enterprise that did not consent to be contacted is not named to third parties (issue 13, item
// 3): the coordinator's inventory export and the inventor's feedback show "一家企业（未同意公开身份）"
// for it, and its name only where it agreed; administrators (and the enterprise itself) see it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackAction } from '../../../core/assessments/actions.ts';
import { exportInventory } from '../../../core/export/inventory-export.ts';
import { t } from '../../../core/i18n.ts';
import { type Actor, loadActor } from '../../../core/people/actor.ts';
import type { Operator } from '../../../core/people/authorize.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { createWorld, type World } from '../inventory/fixtures.ts';
import { allText, chatOf, chatPerson, patentOf } from './fixtures.ts';

const NAMED = '宁波锂能科技有限公司';
const DECLINED = '不愿具名的储能企业';
const ANONYMOUS = t('zh-CN', 'chat:feedback.anonymous');

describe('enterprises named only as they agreed', () => {
  let db: TestDatabase;
  let world: World;
  let dir: string;
  let patentId: string;
  let admin: Actor;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    world = await createWorld(db.prisma);
    dir = await mkdtemp(path.join(tmpdir(), 'revive-names-'));
    patentId = await patentOf(db.prisma, world, {
      status: 'IN_POOL',
      responsible: world.inventor.personId,
    });
    admin = (await loadActor(db.prisma, await chatPerson(db.prisma, 'names-admin', 'ADMIN')))!;
    for (const [name, consent] of [
      [NAMED, true],
      [DECLINED, false],
    ] as const) {
      const enterprise = await db.prisma.enterprise.create({
        data: { name, creditCode: `NAMES${consent}${world.institutionId.slice(0, 6)}`, region: '330200' },
      });
      await db.prisma.enterpriseEvaluation.create({
        data: {
          patentId,
          enterpriseId: enterprise.id,
          evaluatorId: world.enterprise.personId,
          questionnaireId: 'enterprise-evaluation',
          questionnaireVersion: 1,
          status: 'SUBMITTED',
          submittedAt: TEST_NOW,
          state: {},
          answers: {
            create: [
              { questionId: 'industrializationProspects', value: 4 },
              { questionId: 'contactConsent', value: consent },
            ],
          },
        },
      });
    }
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function exportedEnterprises(actor: Operator, file: string): Promise<string> {
    const target = path.join(dir, file);
    await exportInventory(db.prisma, { institutionId: world.institutionId, actor, path: target });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(target);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const column = rows[0]!.indexOf(t('zh-CN', 'export:column.evaluatingEnterprises'));
    expect(column).toBeGreaterThanOrEqual(0);
    return String(rows[2]![column]);
  }

  it('leaves the declining enterprise unnamed in the coordinator’s inventory export', async () => {
    const cell = await exportedEnterprises(world.coordinator, 'coordinator.xlsx');
    expect(cell).toContain(NAMED);
    expect(cell).toContain(ANONYMOUS);
    expect(cell).not.toContain(DECLINED);
  });

  it('and in the export made at the command line, whose file goes to third parties', async () => {
    const cell = await exportedEnterprises(null, 'operator.xlsx');
    expect(cell).not.toContain(DECLINED);
    expect(cell).toContain(ANONYMOUS);
  });

  it('names both to an administrator', async () => {
    const cell = await exportedEnterprises(admin, 'admin.xlsx');
    expect(cell).toContain(NAMED);
    expect(cell).toContain(DECLINED);
  });

  it('leaves it unnamed in the inventor’s feedback in the chat', async () => {
    const feedback = await chatOf(db.prisma).press(world.userIds.zhangwei!, feedbackAction.to({ patentId }));
    const text = allText(feedback);
    expect(text).toContain(NAMED);
    expect(text).toContain(ANONYMOUS);
    expect(text).not.toContain(DECLINED);
  });
});
