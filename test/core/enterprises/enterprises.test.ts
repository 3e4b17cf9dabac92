// Registering, verifying and editing enterprises on both databases: what is stored, who is told,
// what is refused (and that nothing is stored then), and who may decide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listEnterprises,
  registerEnterprise,
  rejectEnterprise,
  updateProfile,
  verifyEnterprise,
} from '../../../core/enterprises/enterprises.ts';
import {
  enterpriseDecided,
  enterpriseDuplicate,
  enterprisePending,
} from '../../../core/enterprises/messages.ts';
import { Refusal } from '../../../core/errors.ts';
import { t } from '../../../core/i18n.ts';
import { loadActor } from '../../../core/people/actor.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { creditCode, type Officials, officials, personWithRole, withWrongCheck } from './fixtures.ts';

async function refusalOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.reason.key;
    throw error;
  }
}

describe.each(DATABASE_KINDS)('enterprises on %s', (kind) => {
  let db: TestDatabase;
  let people: Officials;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    people = await officials(db.prisma);
  });
  afterAll(() => db?.close());

  const input = (over: Record<string, unknown> = {}) => ({
    name: '杭州固能电池有限公司',
    creditCode: creditCode(),
    region: '330106',
    types: ['HIGH_TECH', 'SPECIALIZED_SME'],
    industries: ['新材料', 'new_energy'],
    ipcInterests: 'H01M, G06N 3/04',
    keywords: '固态电池、储能',
    needs: '寻找高离子电导率固态电解质的量产工艺。',
    ...over,
  });

  const countRows = async () => ({
    enterprises: await db.prisma.enterprise.count(),
    roles: await db.prisma.roleAssignment.count(),
    deliveries: await db.prisma.delivery.count(),
  });

  describe('registration', () => {
    it('creates the enterprise pending, makes the registrant its administrator and tells the bureau', async () => {
      const registrant = await personWithRole(db.prisma, '注册人', null);
      const given = input();
      const { enterprise, notified } = await registerEnterprise(
        db.prisma,
        { personId: registrant.personId, name: '李经理' },
        given,
        TEST_NOW,
      );
      expect(enterprise).toMatchObject({
        name: '杭州固能电池有限公司',
        creditCode: given.creditCode,
        region: '330100', // 西湖区 330106 stands for its city, 杭州市
        status: 'PENDING',
        types: ['SPECIALIZED_SME', 'HIGH_TECH'],
        industries: ['new_materials', 'new_energy'],
        ipcInterests: ['H01M', 'G06N 3/04'],
        keywords: ['固态电池', '储能'],
        createdAt: TEST_NOW,
      });
      const roles = await db.prisma.roleAssignment.findMany({ where: { personId: registrant.personId } });
      expect(roles.map((r) => [r.role, r.enterpriseId]).sort()).toEqual([
        ['ENTERPRISE_ADMIN', enterprise.id],
        ['ENTERPRISE_STAFF', enterprise.id],
      ]);
      expect((await db.prisma.person.findUniqueOrThrow({ where: { id: registrant.personId } })).name).toBe(
        '李经理',
      );
      // The Zhejiang bureau, not Beijing's, nor the administrator (Zhejiang has an officer).
      expect(notified).toBe(1);
      const deliveries = await db.prisma.delivery.findMany({ where: { kind: 'enterprise.pending' } });
      expect(deliveries.map((d) => d.personId)).toEqual([people.zhejiang.personId]);
      const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'enterprise.registered' } });
      expect(audit).toMatchObject({ actorId: registrant.personId, subjectId: enterprise.id });

      // The bureau's message: the credit-code check and a Verify button carrying the id only.
      const message = (await enterprisePending.renderStored(db.prisma, {
        locale: 'zh-CN',
        payload: { enterpriseId: enterprise.id },
        personId: people.zhejiang.personId,
        now: TEST_NOW,
      }))!;
      expect(message.text).toContain(
        t('zh-CN', 'enterprises:describe.credit_code_ok', { code: given.creditCode }),
      );
      expect(message.text).toContain('浙江省杭州市');
      expect(message.text).toContain('李经理');
      expect(message.buttons!.flat().map((b) => b.action)).toEqual([
        `env:${enterprise.id}`,
        `enr:${enterprise.id}`,
      ]);
      // Not for an officer of another province.
      expect(
        await enterprisePending.renderStored(db.prisma, {
          locale: 'zh-CN',
          payload: { enterpriseId: enterprise.id },
          personId: people.beijing.personId,
          now: TEST_NOW,
        }),
      ).toBeNull();
    });

    it('asks the administrators when the province has no bureau officer yet', async () => {
      const registrant = await personWithRole(db.prisma, '广东注册人', null);
      const { enterprise, notified } = await registerEnterprise(
        db.prisma,
        { personId: registrant.personId },
        input({ name: '广州某公司', region: '440100' }),
        TEST_NOW,
      );
      expect(notified).toBe(1);
      const rows = await db.prisma.delivery.findMany({
        where: { kind: 'enterprise.pending', payload: { equals: { enterpriseId: enterprise.id } } },
      });
      expect(rows.map((d) => d.personId)).toEqual([people.admin.personId]);
    });

    it.each([
      [
        'a wrong check character',
        { creditCode: withWrongCheck(creditCode()) },
        'enterprises:error.credit_code.check_digit',
      ],
      [
        'a code of 17 characters',
        { creditCode: '91330100MA2700000' },
        'enterprises:error.credit_code.length',
      ],
      ['an unknown region', { region: '339999' }, 'enterprises:error.region_unknown'],
      ['a region that is no code', { region: '火星' }, 'enterprises:error.region_unknown'],
      ['a bad IPC symbol', { ipcInterests: 'H01M, 电池' }, 'enterprises:error.ipc'],
      ['an unknown industry', { industries: ['纺织'] }, 'enterprises:error.industry_unknown'],
      ['a name of one character', { name: '某' }, 'enterprises:error.name_short'],
      ['needs over 2000 characters', { needs: '需'.repeat(2001) }, 'enterprises:error.needs_long'],
    ])('refuses %s and stores nothing', async (_what, over, key) => {
      const registrant = await personWithRole(db.prisma, '填错的人', null);
      const before = await countRows();
      expect(await refusalOf(() => registerEnterprise(db.prisma, registrant, input(over), TEST_NOW))).toBe(
        key,
      );
      expect(await countRows()).toEqual(before);
    });

    it('refuses a credit code already registered and tells that enterprise’s administrators, once', async () => {
      const first = await personWithRole(db.prisma, '第一位', null);
      const given = input();
      const { enterprise } = await registerEnterprise(db.prisma, first, given, TEST_NOW);
      const colleague = await personWithRole(db.prisma, '王同事', null);
      const before = await countRows();
      const again = () =>
        registerEnterprise(
          db.prisma,
          colleague,
          input({ creditCode: given.creditCode.toLowerCase() }),
          TEST_NOW,
        );
      expect(await refusalOf(again)).toBe('enterprises:refusal.already_registered');
      expect(await refusalOf(again)).toBe('enterprises:refusal.already_registered');
      const notices = await db.prisma.delivery.findMany({
        where: { kind: 'enterprise.duplicate-registration' },
      });
      expect(notices.map((d) => d.personId)).toEqual([first.personId]);
      expect(await countRows()).toEqual({ ...before, deliveries: before.deliveries + 1 });
      const text = (await enterpriseDuplicate.renderStored(db.prisma, {
        locale: 'zh-CN',
        payload: notices[0]!.payload as { enterpriseId: string; registrantId: string },
        personId: first.personId,
        now: TEST_NOW,
      }))!.text;
      expect(text).toBe(
        t('zh-CN', 'enterprises:duplicate.notice', { name: '王同事', enterprise: enterprise.name }),
      );
      expect(t('en', 'enterprises:refusal.already_registered')).toContain('ask a colleague');
    });
  });

  describe('verification', () => {
    async function pending(region = '330106') {
      const registrant = await personWithRole(db.prisma, '企业管理员', null);
      const { enterprise } = await registerEnterprise(db.prisma, registrant, input({ region }), TEST_NOW);
      return { enterprise, registrant };
    }
    const actor = async (personId: string) => (await loadActor(db.prisma, personId))!;

    it('refuses an officer of another province, and anyone who is not bureau or administrator', async () => {
      const { enterprise, registrant } = await pending();
      expect(
        await refusalOf(async () =>
          verifyEnterprise(db.prisma, await actor(people.beijing.personId), enterprise.id, TEST_NOW),
        ),
      ).toBe('enterprises:refusal.not_your_province');
      expect(
        await refusalOf(async () =>
          verifyEnterprise(db.prisma, await actor(registrant.personId), enterprise.id, TEST_NOW),
        ),
      ).toBe('enterprises:refusal.not_your_province');
      expect(
        await refusalOf(async () =>
          rejectEnterprise(db.prisma, await actor(people.beijing.personId), enterprise.id, TEST_NOW),
        ),
      ).toBe('enterprises:refusal.not_your_province');
      expect((await db.prisma.enterprise.findUniqueOrThrow({ where: { id: enterprise.id } })).status).toBe(
        'PENDING',
      );
    });

    it('verifies once for an officer of its province, tells its administrators, audits', async () => {
      const { enterprise, registrant } = await pending();
      const officer = await actor(people.zhejiang.personId);
      const first = await verifyEnterprise(db.prisma, officer, enterprise.id, TEST_NOW);
      expect(first.changed).toBe(true);
      expect(first.enterprise).toMatchObject({
        status: 'VERIFIED',
        verifiedAt: TEST_NOW,
        verifiedById: people.zhejiang.personId,
      });
      expect((await verifyEnterprise(db.prisma, officer, enterprise.id, TEST_NOW)).changed).toBe(false);
      const told = await db.prisma.delivery.findMany({
        where: { kind: 'enterprise.decided', personId: registrant.personId },
      });
      expect(told).toHaveLength(1);
      const text = (await enterpriseDecided.renderStored(db.prisma, {
        locale: 'en',
        payload: told[0]!.payload as { enterpriseId: string; decision: 'VERIFIED' },
        personId: registrant.personId,
        now: TEST_NOW,
      }))!.text;
      expect(text).toBe(t('en', 'enterprises:decided.verified', { enterprise: enterprise.name }));
      expect(
        await db.prisma.auditLog.count({
          where: { action: 'enterprise.verified', subjectId: enterprise.id },
        }),
      ).toBe(1);
      // A late "reject" on the old message does not undo it.
      expect(await refusalOf(() => rejectEnterprise(db.prisma, officer, enterprise.id, TEST_NOW))).toBe(
        'enterprises:refusal.already_verified',
      );
      // The bureau's message is obsolete once decided.
      expect(
        await enterprisePending.renderStored(db.prisma, {
          locale: 'zh-CN',
          payload: { enterpriseId: enterprise.id },
          personId: people.zhejiang.personId,
          now: TEST_NOW,
        }),
      ).toBeNull();
    });

    it('lets an administrator verify anywhere, and reject', async () => {
      const admin = await actor(people.admin.personId);
      const beijing = await pending('110105');
      expect(
        (await verifyEnterprise(db.prisma, admin, beijing.enterprise.id, TEST_NOW)).enterprise.status,
      ).toBe('VERIFIED');
      const other = await pending('110105');
      expect(
        (await rejectEnterprise(db.prisma, admin, other.enterprise.id, TEST_NOW)).enterprise.status,
      ).toBe('REJECTED');
    });

    it('lists pending enterprises of the officer’s own province only', async () => {
      await pending('110105');
      const zj = await listEnterprises(db.prisma, await actor(people.zhejiang.personId), {
        status: 'PENDING',
      });
      expect(zj.length).toBeGreaterThan(0);
      expect(zj.every((e) => e.region.startsWith('33') && e.status === 'PENDING')).toBe(true);
      const all = await listEnterprises(db.prisma, null, { status: 'PENDING' });
      expect(all.some((e) => e.region.startsWith('11'))).toBe(true);
      const someone = await personWithRole(db.prisma, '路人', 'INVENTOR');
      expect(await refusalOf(async () => listEnterprises(db.prisma, await actor(someone.personId)))).toBe(
        'enterprises:refusal.bureau_only',
      );
    });
  });

  describe('profile', () => {
    it('is changed by the enterprise’s administrator only, field by field, audited', async () => {
      const registrant = await personWithRole(db.prisma, '资料管理员', null);
      const { enterprise } = await registerEnterprise(db.prisma, registrant, input(), TEST_NOW);
      const admin = (await loadActor(db.prisma, registrant.personId))!;
      const changed = await updateProfile(
        db.prisma,
        admin,
        enterprise.id,
        { keywords: '钠离子电池', ipcInterests: ['H01M 10'], types: ['HIGH_TECH'] },
        TEST_NOW,
      );
      expect(changed.changed.sort()).toEqual(['ipcInterests', 'keywords', 'types']);
      expect(changed.enterprise).toMatchObject({ keywords: ['钠离子电池'], ipcInterests: ['H01M 10/00'] });
      expect(
        (await updateProfile(db.prisma, admin, enterprise.id, { keywords: ['钠离子电池'] }, TEST_NOW))
          .changed,
      ).toEqual([]);
      expect(
        await refusalOf(() =>
          updateProfile(db.prisma, admin, enterprise.id, { ipcInterests: 'battery' }, TEST_NOW),
        ),
      ).toBe('enterprises:error.ipc');
      const staff = await personWithRole(db.prisma, '普通员工', 'ENTERPRISE_STAFF', {
        enterpriseId: enterprise.id,
      });
      expect(
        await refusalOf(async () =>
          updateProfile(
            db.prisma,
            (await loadActor(db.prisma, staff.personId))!,
            enterprise.id,
            { keywords: 'x' },
            TEST_NOW,
          ),
        ),
      ).toBe('enterprises:refusal.not_enterprise_admin');
      expect(
        await db.prisma.auditLog.count({
          where: { action: 'enterprise.profile-updated', subjectId: enterprise.id },
        }),
      ).toBe(1);
    });
  });
});
