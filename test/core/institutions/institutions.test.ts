// Registering, editing, deactivating institutions and their colleges, on both databases: every bad
// input refused with its reason and nothing written, every change audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../../core/errors.ts';
import { t } from '../../../core/i18n.ts';
import {
  addCollege,
  deactivateCollege,
  deactivateInstitution,
  editCollege,
  editInstitution,
  InvalidInstitutionInput,
  listInstitutions,
  reactivateInstitution,
  registerInstitution,
} from '../../../core/institutions/institutions.ts';
import { renderInstitution, renderInstitutionList } from '../../../core/institutions/report.ts';
import { importPatents } from '../../../core/inventory/import.ts';
import { institutionByCode } from '../../../core/inventory/institutions.ts';
import type { Actor } from '../../../core/people/actor.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { opener, utf8 } from '../inventory/fixtures.ts';
import { actorWithRole, badCreditCode, creditCode } from './fixtures.ts';

async function refusalOf(run: () => Promise<unknown>): Promise<Refusal> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const ZJ = {
  code: 'zjut',
  nameZh: '浙江工业测试大学',
  nameEn: 'Zhejiang Test University of Technology',
  kind: '高校',
  creditCode: creditCode(1),
  province: '浙江',
  city: '杭州',
};

describe.each(DATABASE_KINDS)('institutions on %s', (kind) => {
  let db: TestDatabase;
  let admin: Actor;
  const clock = testClock();
  const now = () => clock.now();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    admin = await actorWithRole(db.prisma, '管理员', 'ADMIN');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('registers a university with its colleges, in codes, audited', async () => {
    const registered = await registerInstitution(
      db.prisma,
      admin,
      {
        ...ZJ,
        colleges: [
          { code: 'cs', nameZh: '计算机学院', nameEn: 'College of Computer Science' },
          { code: 'ZJUT-ME', nameZh: '机械工程学院' },
        ],
      },
      now(),
    );
    expect(registered).toMatchObject({
      code: 'ZJUT',
      kind: 'UNIVERSITY',
      province: '330000',
      city: '330100',
      creditCode: creditCode(1),
      deactivatedAt: null,
    });
    expect(registered.createdAt).toEqual(now());
    expect(registered.children.map((c) => [c.code, c.kind, c.province, c.city, c.nameEn])).toEqual([
      ['ZJUT-CS', 'COLLEGE', '330000', '330100', 'College of Computer Science'],
      ['ZJUT-ME', 'COLLEGE', '330000', '330100', null],
    ]);
    const audits = await db.prisma.auditLog.findMany({
      where: { action: { in: ['institution.registered', 'college.added'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(audits.map((a) => a.action).sort()).toEqual([
      'college.added',
      'college.added',
      'institution.registered',
    ]);
    expect(audits.every((a) => a.actorId === admin.personId)).toBe(true);
  });

  it('refuses a duplicate code or credit code, naming who has it, and writes nothing', async () => {
    const before = await db.prisma.institution.count();
    const taken = await refusalOf(() =>
      registerInstitution(db.prisma, admin, { ...ZJ, creditCode: creditCode(2) }, now()),
    );
    expect(t('zh-CN', taken.reason.key, taken.reason.params)).toBe(
      '代码 ZJUT 已被“浙江工业测试大学”使用，请换一个代码。',
    );
    const credit = await refusalOf(() =>
      registerInstitution(db.prisma, admin, { ...ZJ, code: 'OTHER' }, now()),
    );
    expect(credit.reason).toMatchObject({
      key: 'institutions:refusal.credit_code_taken',
      params: { code: 'ZJUT', creditCode: creditCode(1) },
    });
    // a college whose code is taken: the institution is not created either
    await registerInstitution(
      db.prisma,
      admin,
      { ...ZJ, code: 'NEWU-A', creditCode: creditCode(3), colleges: [] },
      now(),
    );
    const college = await refusalOf(() =>
      registerInstitution(
        db.prisma,
        admin,
        {
          ...ZJ,
          code: 'NEWU',
          creditCode: creditCode(4),
          colleges: [
            { code: 'B', nameZh: '乙学院' },
            { code: 'A', nameZh: '甲学院' },
          ],
        },
        now(),
      ),
    );
    expect(college.reason).toMatchObject({
      key: 'institutions:refusal.code_taken',
      params: { code: 'NEWU-A' },
    });
    expect(await db.prisma.institution.findUnique({ where: { code: 'NEWU' } })).toBeNull();
    expect(await db.prisma.institution.findUnique({ where: { code: 'NEWU-B' } })).toBeNull();
    expect(await db.prisma.institution.count()).toBe(before + 1); // NEWU-A only
    // the same college twice in one registration
    const twice = await refusalOf(() =>
      registerInstitution(
        db.prisma,
        admin,
        {
          ...ZJ,
          code: 'NEWU',
          creditCode: creditCode(4),
          colleges: [
            { code: 'C', nameZh: '丙学院' },
            { code: 'newu-c', nameZh: '丙学院' },
          ],
        },
        now(),
      ),
    );
    expect(twice.reason).toEqual({ key: 'institutions:invalid.college_twice', params: { value: 'NEWU-C' } });
  });

  it('refuses bad input with every reason at once', async () => {
    const refusal = await refusalOf(() =>
      registerInstitution(
        db.prisma,
        admin,
        {
          code: 'x',
          nameZh: '',
          nameEn: 'Bad',
          kind: '学院',
          creditCode: badCreditCode(9),
          province: '浙江',
          city: '南京',
        },
        now(),
      ),
    );
    expect(refusal).toBeInstanceOf(InvalidInstitutionInput);
    const issues = (refusal as InvalidInstitutionInput).issues.map((i) => [i.field, i.reason.key]);
    expect(issues).toEqual([
      ['code', 'institutions:invalid.code'],
      ['nameZh', 'institutions:missing.nameZh'],
      ['kind', 'institutions:invalid.kind_college'],
      ['creditCode', 'institutions:invalid.credit_code.check_digit'],
      ['city', 'regions:error.city_not_in_province'],
    ]);
    const city = (refusal as InvalidInstitutionInput).issues.at(-1)!.reason;
    expect(t('en', city.key, city.params)).toBe('南京市 320100 is not in 浙江省 330000');
    for (const [input, key] of [
      [{ province: 'Atlantis' }, 'regions:error.unknown_province'],
      [{ city: '999900' }, 'regions:error.unknown_city'],
      [{ city: '' }, 'regions:error.city_required'],
      [{ creditCode: '12345' }, 'institutions:invalid.credit_code.length'],
      [{ kind: 'bank' }, 'institutions:invalid.kind'],
      [{ nameEn: undefined }, 'institutions:missing.nameEn'],
    ] as const) {
      const r = await refusalOf(() =>
        registerInstitution(
          db.prisma,
          admin,
          { ...ZJ, code: 'ZZ', creditCode: creditCode(5), ...input },
          now(),
        ),
      );
      expect(r.reason.key, JSON.stringify(input)).toBe(key);
    }
    // a municipality is its own city
    const beijing = await registerInstitution(
      db.prisma,
      null,
      { ...ZJ, code: 'BJT', creditCode: creditCode(6, '110000'), province: '北京', city: undefined },
      now(),
    );
    expect([beijing.province, beijing.city]).toEqual(['110000', '110000']);
  });

  it('lets only administrators and the operator register and manage', async () => {
    const uni = await db.prisma.institution.findUniqueOrThrow({ where: { code: 'ZJUT' } });
    const coordinator = await actorWithRole(db.prisma, '联络人', 'UNIVERSITY_COORDINATOR', uni.id);
    const key = 'institutions:refusal.admin_only';
    expect((await refusalOf(() => registerInstitution(db.prisma, coordinator, ZJ, now()))).reason.key).toBe(
      key,
    );
    expect(
      (await refusalOf(() => editInstitution(db.prisma, coordinator, 'ZJUT', { nameZh: '改名' }, now())))
        .reason.key,
    ).toBe(key);
    // an unknown code looks the same as a foreign one to them, and is named to an administrator
    expect(
      (await refusalOf(() => editInstitution(db.prisma, coordinator, 'NOPE', { nameZh: '改名' }, now())))
        .reason.key,
    ).toBe(key);
    expect(
      (await refusalOf(() => editInstitution(db.prisma, admin, 'NOPE', { nameZh: '改名' }, now()))).reason,
    ).toEqual({ key: 'institutions:refusal.unknown', params: { code: 'NOPE' } });
    expect((await refusalOf(() => listInstitutions(db.prisma, coordinator))).reason.key).toBe(key);
  });

  it('edits any field, reports what changed, and carries the colleges along', async () => {
    clock.advance(60_000);
    const outcome = await editInstitution(
      db.prisma,
      admin,
      'zjut',
      { code: 'ZJUT2', nameZh: '浙江工业测试大学（新）', city: '宁波' },
      now(),
    );
    expect(outcome.changes).toEqual([
      { field: 'code', before: 'ZJUT', after: 'ZJUT2' },
      { field: 'nameZh', before: '浙江工业测试大学', after: '浙江工业测试大学（新）' },
      { field: 'city', before: '330100', after: '330200' },
    ]);
    expect(outcome.institution.updatedAt).toEqual(now());
    const colleges = await db.prisma.institution.findMany({
      where: { parentId: outcome.institution.id },
      orderBy: { code: 'asc' },
    });
    expect(colleges.map((c) => [c.code, c.city])).toEqual([
      ['ZJUT2-CS', '330200'],
      ['ZJUT2-ME', '330200'],
    ]);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'institution.edited' } });
    expect(audit.details).toMatchObject({ code: 'ZJUT2', changes: outcome.changes });
    // the same edit again changes nothing and writes nothing
    const again = await editInstitution(
      db.prisma,
      admin,
      'ZJUT2',
      { nameZh: '浙江工业测试大学（新）' },
      now(),
    );
    expect(again.changes).toEqual([]);
    expect(await db.prisma.auditLog.count({ where: { action: 'institution.edited' } })).toBe(1);
    // a new province needs its own city; a credit code of another institution is refused
    expect(
      (await refusalOf(() => editInstitution(db.prisma, admin, 'ZJUT2', { province: '江苏' }, now()))).reason
        .key,
    ).toBe('regions:error.city_required');
    const moved = await editInstitution(db.prisma, admin, 'ZJUT2', { province: '江苏', city: '南京' }, now());
    expect(moved.institution).toMatchObject({ province: '320000', city: '320100' });
    expect(
      (
        await refusalOf(() =>
          editInstitution(db.prisma, admin, 'ZJUT2', { creditCode: creditCode(3) }, now()),
        )
      ).reason.key,
    ).toBe('institutions:refusal.credit_code_taken');
    expect(
      (await refusalOf(() => editInstitution(db.prisma, admin, 'ZJUT2-CS', { nameZh: '改名' }, now()))).reason
        .key,
    ).toBe('institutions:refusal.is_college');
  });

  it('adds, edits and deactivates colleges', async () => {
    const added = await addCollege(
      db.prisma,
      admin,
      'ZJUT2',
      { code: 'ee', nameZh: '电气学院', nameEn: 'EE' },
      now(),
    );
    expect(added).toMatchObject({ code: 'ZJUT2-EE', kind: 'COLLEGE', province: '320000', city: '320100' });
    expect(
      (await refusalOf(() => addCollege(db.prisma, admin, 'ZJUT2', { code: 'EE', nameZh: '又一个' }, now())))
        .reason.key,
    ).toBe('institutions:refusal.code_taken');
    expect(
      (
        await refusalOf(() =>
          addCollege(db.prisma, admin, 'ZJUT2-EE', { code: 'X', nameZh: '子学院' }, now()),
        )
      ).reason.key,
    ).toBe('institutions:refusal.is_college');
    const edited = await editCollege(
      db.prisma,
      admin,
      'ZJUT2-EE',
      { code: 'EEE', nameEn: 'Electrical' },
      now(),
    );
    expect(edited.changes.map((c) => c.field)).toEqual(['code', 'nameEn']);
    expect(edited.institution.code).toBe('ZJUT2-EEE');
    expect((await deactivateCollege(db.prisma, admin, 'ZJUT2-EEE', now())).changed).toBe(true);
    expect((await deactivateCollege(db.prisma, admin, 'ZJUT2-EEE', now())).changed).toBe(false);
    expect((await refusalOf(() => deactivateCollege(db.prisma, admin, 'ZJUT2', now()))).reason.key).toBe(
      'institutions:refusal.not_a_college',
    );
    expect(await db.prisma.auditLog.count({ where: { action: 'college.deactivated' } })).toBe(1);
  });

  it('deactivates: imports and invitations are refused for it, with a clear message; reactivates', async () => {
    const outcome = await deactivateInstitution(db.prisma, admin, 'ZJUT2', now());
    expect(outcome.changed).toBe(true);
    expect(outcome.institution.deactivatedAt).toEqual(now());
    expect((await deactivateInstitution(db.prisma, admin, 'ZJUT2', now())).changed).toBe(false);
    const refusal = await refusalOf(() => institutionByCode(db.prisma, 'ZJUT2'));
    expect(t('zh-CN', refusal.reason.key, refusal.reason.params)).toContain(
      '浙江工业测试大学（新）（ZJUT2）已停用',
    );
    expect(t('en', refusal.reason.key, refusal.reason.params)).toContain('is deactivated');
    expect((await institutionByCode(db.prisma, 'ZJUT2', { allowDeactivated: true })).code).toBe('ZJUT2');
    // the chat's upload goes by id, not code: refused there too, before anything is written
    await expect(
      importPatents(db.prisma, {
        institutionId: outcome.institution.id,
        actor: admin,
        fileName: 'list.csv',
        open: opener(utf8('申请号,申请日,发明名称,发明人\r\n')),
        locale: 'zh-CN',
        clock,
      }),
    ).rejects.toMatchObject({ reason: { key: 'institutions:refusal.deactivated' } });
    expect(await db.prisma.importRun.count()).toBe(0);
    expect(
      (await refusalOf(() => addCollege(db.prisma, admin, 'ZJUT2', { code: 'NEW', nameZh: '新学院' }, now())))
        .reason.key,
    ).toBe('institutions:refusal.deactivated');
    expect((await listInstitutions(db.prisma, admin)).map((i) => i.code)).not.toContain('ZJUT2');
    expect(
      (await listInstitutions(db.prisma, admin, { includeDeactivated: true })).map((i) => i.code),
    ).toContain('ZJUT2');
    expect((await reactivateInstitution(db.prisma, admin, 'ZJUT2', now())).changed).toBe(true);
    expect((await institutionByCode(db.prisma, 'ZJUT2')).deactivatedAt).toBeNull();
    expect(
      await db.prisma.auditLog.count({ where: { action: { startsWith: 'institution.' } } }),
    ).toBeGreaterThan(3);
  });

  it('lists and shows institutions in both languages', async () => {
    const list = await listInstitutions(db.prisma, null);
    const zh = renderInstitutionList(list, 'zh-CN');
    expect(zh).toContain('ZJUT2  浙江工业测试大学（新）  高校 · 江苏省南京市 · 学院 2 个');
    expect(renderInstitutionList(list, 'en')).toContain(
      'ZJUT2  Zhejiang Test University of Technology  University · Nanjing, Jiangsu',
    );
    const card = renderInstitution(list.find((i) => i.code === 'ZJUT2')!, 'en');
    expect(card).toContain(creditCode(1));
    expect(card).toContain('ZJUT2-CS');
  });
});
