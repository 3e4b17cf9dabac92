// The expert database on both databases: adding (affiliation by institution code, credit code or
// free text; IPC fields checked), editing with the changes said, invitations through core/invites,
// who may do what, and importing a list with row-level errors and idempotent re-import.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../../core/errors.ts';
import { addExpert, editExpertProfile, inviteExpert, listExperts } from '../../../core/experts/experts.ts';
import { parseIpcFields, parseKeywords } from '../../../core/experts/fields.ts';
import { importExperts } from '../../../core/experts/import.ts';
import { renderExpertImportReport } from '../../../core/experts/report.ts';
import { t } from '../../../core/i18n.ts';
import { creditCodeCheckCharacter } from '../../../core/identifiers/credit-code.ts';
import { hashToken } from '../../../core/invites/invites.ts';
import { type Actor, loadActor } from '../../../core/people/actor.ts';
import type { Role } from '../../../prisma/generated/client.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { csv, opener, utf8 } from '../inventory/fixtures.ts';

const creditCode = (body17: string) => body17 + creditCodeCheckCharacter(body17);

describe('IPC fields and keywords', () => {
  it('reads subclasses, main groups and groups in their one written form', () => {
    expect(parseIpcFields('H01M, g06n 3/04；H02J H01L、H01M 10')).toEqual({
      codes: ['H01M', 'G06N 3/04', 'H02J', 'H01L', 'H01M 10/00'],
      invalid: [],
      tooMany: false,
    });
    expect(parseIpcFields(['H01M', 'Z99Z', 'G06N 3/0'])).toMatchObject({
      codes: ['H01M'],
      invalid: ['Z99Z', 'G06N 3/0'],
    });
    expect(parseKeywords('固态电池、储能; 固态电池').keywords).toEqual(['固态电池', '储能']);
  });
});

describe.each(DATABASE_KINDS)('experts on %s', (kind) => {
  let db: TestDatabase;
  let dir: string;
  const who = {} as Record<
    'admin' | 'coordinator' | 'otherCoordinator' | 'bureau' | 'otherBureau' | 'inventor',
    Actor
  >;
  const ids = {} as {
    u1: string;
    u1Code: string;
    college: string;
    u2: string;
    enterprise: string;
    enterpriseCode: string;
    uniCode: string;
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'revive-experts-'));
    const uniCode = creditCode('12330000470000001');
    const u1 = await db.prisma.institution.create({
      data: {
        code: 'EXU1',
        nameZh: '专家理工大学',
        nameEn: 'Expert Tech',
        kind: 'UNIVERSITY',
        province: '330000',
        creditCode: uniCode,
      },
    });
    const college = await db.prisma.institution.create({
      data: { code: 'EXU1-MSE', nameZh: '材料学院', kind: 'COLLEGE', province: '330000', parentId: u1.id },
    });
    const u2 = await db.prisma.institution.create({
      data: { code: 'EXU2', nameZh: '北方大学', kind: 'UNIVERSITY', province: '110000' },
    });
    const enterpriseCode = creditCode('91330106MA2B00001');
    const enterprise = await db.prisma.enterprise.create({
      data: {
        name: '杭州储能科技有限公司',
        creditCode: enterpriseCode,
        region: '330106',
        status: 'VERIFIED',
      },
    });
    Object.assign(ids, {
      u1: u1.id,
      u1Code: u1.code,
      college: college.id,
      u2: u2.id,
      enterprise: enterprise.id,
      enterpriseCode,
      uniCode,
    });
    const actor = async (
      key: string,
      role: Role,
      scope: { institutionId?: string; province?: string } = {},
    ) => {
      const p = await db.prisma.person.create({
        data: { name: key, email: `${key}@actors.example.cn`, roles: { create: { role, ...scope } } },
      });
      return (await loadActor(db.prisma, p.id))!;
    };
    who.admin = await actor('admin', 'ADMIN');
    who.coordinator = await actor('coordinator', 'UNIVERSITY_COORDINATOR', { institutionId: u1.id });
    who.otherCoordinator = await actor('other', 'UNIVERSITY_COORDINATOR', { institutionId: u2.id });
    who.bureau = await actor('bureau', 'BUREAU_OFFICER', { province: '330000' });
    who.otherBureau = await actor('bureau-bj', 'BUREAU_OFFICER', { province: '110000' });
    who.inventor = await actor('inventor', 'INVENTOR', { institutionId: u1.id });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const refusalKey = async (run: Promise<unknown>) => {
    try {
      await run;
      return null;
    } catch (error) {
      if (error instanceof Refusal) return error.reason.key;
      throw error;
    }
  };

  it('adds experts with each kind of affiliation, and refuses bad input without creating anything', async () => {
    const a = await addExpert(
      db.prisma,
      who.admin,
      {
        name: '周教授',
        email: 'Zhou@Exp.example.cn',
        title: '教授',
        affiliation: 'exu1',
        ipc: 'H01M, G06N 3/04',
      },
      TEST_NOW,
    );
    expect(a.personCreated).toBe(true);
    expect(a.invitation).toBeNull();
    expect(a.expert).toMatchObject({
      name: '周教授',
      email: 'zhou@exp.example.cn',
      title: '教授',
      institutionId: ids.u1,
      enterpriseId: null,
      affiliationLabel: '专家理工大学',
      province: '330000',
      ipcFields: ['H01M', 'G06N 3/04'],
    });
    const b = await addExpert(
      db.prisma,
      who.admin,
      {
        name: '吴工',
        email: 'wu@exp.example.cn',
        affiliation: ids.enterpriseCode.toLowerCase(),
        ipc: 'H02J',
      },
      TEST_NOW,
    );
    expect(b.expert).toMatchObject({
      enterpriseId: ids.enterprise,
      affiliationLabel: '杭州储能科技有限公司',
    });
    const c = await addExpert(
      db.prisma,
      who.admin,
      {
        name: '郑律师',
        email: 'zheng@exp.example.cn',
        affiliation: '某知识产权律师事务所',
        keywords: '专利许可、评估',
      },
      TEST_NOW,
    );
    expect(c.expert).toMatchObject({
      institutionId: null,
      affiliation: '某知识产权律师事务所',
      keywords: ['专利许可', '评估'],
    });
    // A college stands for its university; an institution's credit code finds it too.
    const d = await addExpert(
      db.prisma,
      who.admin,
      { name: '冯', email: 'feng@exp.example.cn', affiliation: 'EXU1-MSE' },
      TEST_NOW,
    );
    expect(d.expert).toMatchObject({
      institutionId: ids.u1,
      affiliation: '材料学院',
      affiliationLabel: '专家理工大学 · 材料学院',
    });
    const e = await addExpert(
      db.prisma,
      who.admin,
      { name: '陈', email: 'chen@exp.example.cn', affiliation: ids.uniCode },
      TEST_NOW,
    );
    expect(e.expert.institutionId).toBe(ids.u1);
    expect(await db.prisma.auditLog.count({ where: { action: 'expert.added' } })).toBe(5);

    const bad = (input: Parameters<typeof addExpert>[2]) =>
      refusalKey(addExpert(db.prisma, who.admin, input, TEST_NOW));
    expect(await bad({ name: '坏', email: 'bad1@exp.example.cn', ipc: 'H01M, X99' })).toBe(
      'experts:invalid.ipc',
    );
    expect(await bad({ name: '坏', email: 'not-an-email' })).toBe('experts:invalid.email');
    expect(await bad({ name: '坏', email: 'bad2@exp.example.cn', affiliation: '91330106MA2B000010' })).toBe(
      'experts:affiliation.credit_code_invalid',
    );
    expect(
      await bad({ name: '坏', email: 'bad3@exp.example.cn', affiliation: creditCode('91110000MA0000009') }),
    ).toBe('experts:affiliation.credit_code_unknown');
    expect(await bad({ name: '周教授', email: 'zhou@exp.example.cn' })).toBe(
      'experts:refusal.already_expert',
    );
    expect(await db.prisma.person.count({ where: { email: { startsWith: 'bad' } } })).toBe(0);

    // Someone Revive knows becomes an expert; the same email with another name is refused.
    const staff = await db.prisma.person.create({ data: { name: '钱老师', email: 'qian@exp.example.cn' } });
    const f = await addExpert(
      db.prisma,
      who.admin,
      { name: '钱 老师', email: 'QIAN@exp.example.cn' },
      TEST_NOW,
    );
    expect(f).toMatchObject({ personCreated: false, expert: { personId: staff.id } });
    await db.prisma.person.create({ data: { name: '孙老师', email: 'sun@exp.example.cn' } });
    expect(await bad({ name: '别人', email: 'sun@exp.example.cn' })).toBe(
      'experts:refusal.email_other_person',
    );
  });

  it('lets coordinators manage their institution’s experts, bureaus their province’s, and nobody else', async () => {
    const add = (actor: Actor, email: string, affiliation: string) =>
      refusalKey(addExpert(db.prisma, actor, { name: email.split('@')[0]!, email, affiliation }, TEST_NOW));
    const NA = 'experts:refusal.not_allowed';
    expect(await add(who.coordinator, 'p1@scope.example.cn', 'EXU1')).toBeNull();
    expect(await add(who.coordinator, 'p2@scope.example.cn', 'EXU2')).toBe(NA);
    expect(await add(who.coordinator, 'p3@scope.example.cn', '自由职业')).toBe(NA);
    expect(await add(who.otherCoordinator, 'p4@scope.example.cn', 'EXU1')).toBe(NA);
    expect(await add(who.bureau, 'p5@scope.example.cn', ids.enterpriseCode)).toBeNull();
    expect(await add(who.bureau, 'p6@scope.example.cn', '自由职业')).toBeNull();
    expect(await add(who.otherBureau, 'p7@scope.example.cn', 'EXU1')).toBe(NA);
    expect(await add(who.inventor, 'p8@scope.example.cn', 'EXU1')).toBe(NA);
    expect(await add(null as unknown as Actor, 'p9@scope.example.cn', 'EXU1')).toBe(NA);

    const names = async (actor: Actor) =>
      (await listExperts(db.prisma, actor))
        .map((e) => e.email)
        .filter((e) => e?.endsWith('@scope.example.cn'));
    expect(await names(who.coordinator)).toEqual(['p1@scope.example.cn']);
    expect((await names(who.bureau)).sort()).toEqual([
      'p1@scope.example.cn',
      'p5@scope.example.cn',
      'p6@scope.example.cn',
    ]);
    // A free-text expert a bureau officer adds without a region takes the officer's province.
    expect(await names(who.otherBureau)).toEqual([]);
    expect(
      await db.prisma.expert.findFirstOrThrow({ where: { person: { email: 'p6@scope.example.cn' } } }),
    ).toMatchObject({ affiliation: '自由职业', region: '330000' });
    expect(await refusalKey(listExperts(db.prisma, who.inventor))).toBe(NA);

    // Moving an expert out of one's reach is refused; an unknown email reads as not allowed.
    expect(
      await refusalKey(
        editExpertProfile(
          db.prisma,
          who.coordinator,
          { email: 'p1@scope.example.cn', affiliation: 'EXU2' },
          TEST_NOW,
        ),
      ),
    ).toBe(NA);
    expect(
      await refusalKey(
        editExpertProfile(
          db.prisma,
          who.coordinator,
          { email: 'nobody@scope.example.cn', title: 'x' },
          TEST_NOW,
        ),
      ),
    ).toBe(NA);
  });

  it('gives a free-text expert a region: its province’s bureau manages them, another province’s is refused', async () => {
    const NA = 'experts:refusal.not_allowed';
    const added = await addExpert(
      db.prisma,
      who.admin,
      { name: '区律师', email: 'qu@region.example.cn', affiliation: '某律师事务所', region: '杭州' },
      TEST_NOW,
    );
    expect(added.expert).toMatchObject({ region: '330100', province: '330000', institutionId: null });
    const edit = (actor: Actor, input: Partial<Parameters<typeof editExpertProfile>[2]>) =>
      refusalKey(editExpertProfile(db.prisma, actor, { email: 'qu@region.example.cn', ...input }, TEST_NOW));
    expect(await edit(who.otherBureau, { title: '律师' })).toBe(NA);
    expect(await edit(who.bureau, { title: '律师' })).toBeNull();
    // Moving the expert to another province is moving them out of one's reach.
    expect(await edit(who.bureau, { region: '110105' })).toBe(NA);
    expect(await edit(who.bureau, { region: '火星' })).toBe('enterprises:error.region_unknown');
    // A registered affiliation has its own region; becoming one clears the expert's.
    expect(await edit(who.admin, { region: '110000', affiliation: 'EXU1' })).toBe(
      'experts:invalid.region_registered',
    );
    const moved = await editExpertProfile(
      db.prisma,
      who.bureau,
      { email: 'qu@region.example.cn', affiliation: 'EXU1' },
      TEST_NOW,
    );
    expect(moved.changes).toContainEqual({ field: 'region', before: '330100', after: null });
    expect(moved.expert).toMatchObject({ region: null, province: '330000', institutionId: ids.u1 });
    // Without a region, only administrators manage a free-text expert.
    await addExpert(
      db.prisma,
      who.admin,
      { name: '无地区', email: 'none@region.example.cn', affiliation: '个人' },
      TEST_NOW,
    );
    expect(
      await refusalKey(
        editExpertProfile(db.prisma, who.bureau, { email: 'none@region.example.cn', title: 'x' }, TEST_NOW),
      ),
    ).toBe(NA);
  });

  it('edits a profile and says what changed; the expert edits their own', async () => {
    await addExpert(
      db.prisma,
      who.coordinator,
      { name: '蒋教授', email: 'jiang@edit.example.cn', title: '副教授', affiliation: 'EXU1', ipc: 'H01M' },
      TEST_NOW,
    );
    const later = new Date('2026-12-04T01:00:00Z');
    const edited = await editExpertProfile(
      db.prisma,
      who.coordinator,
      { email: 'jiang@edit.example.cn', title: '教授', ipc: 'H01M, H01M 10/0562', keywords: '固态电池' },
      later,
    );
    expect(edited.outcome).toBe('UPDATED');
    expect(edited.changes).toEqual([
      { field: 'title', before: '副教授', after: '教授' },
      { field: 'ipcFields', before: 'H01M', after: 'H01M; H01M 10/0562' },
      { field: 'keywords', before: null, after: '固态电池' },
    ]);
    const stored = await db.prisma.expert.findFirstOrThrow({
      where: { person: { email: 'jiang@edit.example.cn' } },
    });
    expect(stored).toMatchObject({ title: '教授', ipcFields: ['H01M', 'H01M 10/0562'], updatedAt: later });
    const entry = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'expert.edited', subjectId: stored.id },
    });
    expect(JSON.stringify(entry.details)).toContain('副教授');
    const again = await editExpertProfile(
      db.prisma,
      who.coordinator,
      { email: 'jiang@edit.example.cn', title: '教授' },
      later,
    );
    expect(again).toMatchObject({ outcome: 'UNCHANGED', changes: [] });

    const self = (await loadActor(db.prisma, stored.personId))!;
    const own = await editExpertProfile(
      db.prisma,
      self,
      { email: 'jiang@edit.example.cn', keywords: '固态电池, 储能' },
      later,
    );
    expect(own.changes).toEqual([{ field: 'keywords', before: '固态电池', after: '固态电池; 储能' }]);
    expect(
      await refusalKey(
        editExpertProfile(db.prisma, self, { email: 'p1@scope.example.cn', title: 'x' }, later),
      ),
    ).toBe('experts:refusal.not_allowed');
  });

  it('invites an expert through the invitation use case, as role EXPERT at the expert’s institution', async () => {
    const added = await addExpert(
      db.prisma,
      who.coordinator,
      { name: '韩教授', email: 'han@invite.example.cn', affiliation: 'EXU1' },
      TEST_NOW,
      { invite: true },
    );
    expect(added.invitation).toMatchObject({
      role: 'EXPERT',
      institutionId: ids.u1,
      personId: added.expert.personId,
    });
    const stored = await db.prisma.invite.findUniqueOrThrow({
      where: { tokenHash: hashToken(added.invitation!.token) },
    });
    expect(stored).toMatchObject({
      role: 'EXPERT',
      institutionId: ids.u1,
      createdById: who.coordinator.personId,
    });
    // Issuing again replaces the open invitation.
    const again = await inviteExpert(db.prisma, who.coordinator, 'han@invite.example.cn', TEST_NOW);
    expect(again.invitation.replaced).toBe(1);
    expect(
      await refusalKey(inviteExpert(db.prisma, who.otherCoordinator, 'han@invite.example.cn', TEST_NOW)),
    ).toBe('experts:refusal.not_allowed');
  });

  it('imports a list: bad rows reported with their reasons, good rows land, the same file twice changes nothing', async () => {
    const headers = ['姓名', '邮箱', '职称', '工作单位', '技术领域（IPC）', '关键词'];
    const rows = [
      headers,
      ['卫教授', 'wei@import.example.cn', '教授', 'EXU1', 'H01M;G06N 3/04', '电池'],
      ['蔡工', 'cai@import.example.cn', '高级工程师', ids.enterpriseCode, 'H02J', ''],
      ['坏IPC', 'bad@import.example.cn', '', '', 'H01M, 不是分类号', ''],
      ['卫教授', 'WEI@import.example.cn', '', '', '', ''],
      ['外校', 'outside@import.example.cn', '', 'EXU2', '', ''],
      ['', 'noname@import.example.cn', '', '', '', ''],
      ['坏码', 'code@import.example.cn', '', creditCode('91110000MA0000009'), '', ''],
    ];
    const run = (file: Buffer, actor: Actor = who.bureau) =>
      importExperts(db.prisma, {
        actor,
        fileName: 'experts.csv',
        open: opener(file),
        locale: 'zh-CN',
        clock: testClock(),
        errorFileBase: path.join(dir, `experts-errors-${Math.random().toString(36).slice(2)}`),
      });
    const first = await run(utf8(csv(rows)));
    expect(first).toMatchObject({ status: 'COMPLETED', totalRows: 7, created: 2, failed: 5 });
    expect(first.errors.map((e) => [e.row, e.column, e.reason.key])).toEqual([
      [4, '技术领域（IPC）', 'experts:invalid.ipc'],
      [5, '邮箱', 'experts:invalid.duplicate'],
      [6, '工作单位', 'experts:refusal.not_allowed'],
      [7, '姓名', 'experts:invalid.name_required'],
      [8, '工作单位', 'experts:affiliation.credit_code_unknown'],
    ]);
    expect(await readFile(first.errorFile!, 'utf8')).toContain('不是分类号');
    expect(renderExpertImportReport(first, 'experts.csv', 'zh-CN')).toContain(
      '卫教授 <wei@import.example.cn>（专家理工大学）',
    );

    const again = await run(utf8(csv(rows.slice(0, 3))));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });

    const changed = await run(
      utf8(
        csv([
          headers,
          ['卫教授', 'wei@import.example.cn', '讲席教授', 'EXU1', 'H01M;G06N 3/04', '电池'],
          ['蔡 工', 'cai@import.example.cn', '高级工程师', ids.enterpriseCode, 'H02J', ''],
          ['别名', 'wei@import.example.cn'.replace('wei', 'cai'), '', '', '', ''],
        ]),
      ),
    );
    expect(changed).toMatchObject({ updated: 1, unchanged: 1, failed: 1 });
    expect(changed.changed).toEqual([
      {
        row: 2,
        email: 'wei@import.example.cn',
        name: '卫教授',
        changes: [{ field: 'title', before: '教授', after: '讲席教授' }],
      },
    ]);
    expect(changed.errors.map((e) => e.reason.key)).toEqual(['experts:invalid.duplicate']);
    const report = renderExpertImportReport(changed, 'experts.csv', 'en');
    expect(report).toContain(
      t('en', 'experts:report.counts', { total: 3, created: 0, updated: 1, unchanged: 1, failed: 1 }),
    );
    expect(report).toContain('卫教授 <wei@import.example.cn>: title from "教授" to "讲席教授"');

    expect(await refusalKey(run(utf8(csv(rows)), who.inventor))).toBe('experts:refusal.not_allowed');
    // A region column: for free text it places the expert; for a registered affiliation it is ignored.
    const regional = await run(
      utf8(
        csv([
          ['姓名', '邮箱', '工作单位', '地区'],
          ['浙江顾问', 'zj@import.example.cn', '某咨询公司', '330106'],
          ['北京顾问', 'bj@import.example.cn', '某研究会', '北京'],
          ['校内', 'campus@import.example.cn', 'EXU1', '110000'],
          ['坏地区', 'badregion@import.example.cn', '某所', '火星'],
        ]),
      ),
      who.admin,
    );
    expect(regional).toMatchObject({ created: 3, failed: 1 });
    expect(regional.errors.map((e) => [e.row, e.column, e.reason.key])).toEqual([
      [5, '地区', 'enterprises:error.region_unknown'],
    ]);
    const regionOf = async (email: string) =>
      (await db.prisma.expert.findFirstOrThrow({ where: { person: { email } } })).region;
    expect(await regionOf('zj@import.example.cn')).toBe('330100');
    expect(await regionOf('bj@import.example.cn')).toBe('110000');
    expect(await regionOf('campus@import.example.cn')).toBeNull();
    const bjNames = (await listExperts(db.prisma, who.otherBureau)).map((e) => e.email);
    expect(bjNames).toContain('bj@import.example.cn');
    expect(bjNames).not.toContain('zj@import.example.cn');

    const missing = await run(
      utf8(
        csv([
          ['姓名', '职称'],
          ['x', 'y'],
        ]),
      ),
    );
    expect(missing.fatal).toEqual({ key: 'experts:fatal.missing_headers', params: { missing: '邮箱' } });
  });
});
