import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitPageStep } from '../../../core/assessments/page-submission.ts';
import { openSelfAssessment, selfAssessmentHooks } from '../../../core/assessments/self-assessments.ts';
import {
  DEMO_ENTERPRISE,
  DEMO_PATENTS,
  DEMO_PERSONA_KEYS,
  DEMO_PERSONS,
  DEMO_POOLED_PATENTS,
} from '../../../core/demo/demo-data.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import {
  ipcSubclass,
  parseApplicationNumber,
  parseCreditCode,
  parseIpc,
  parseLocarnoClass,
  parsePublicationNumber,
} from '../../../core/identifiers/index.ts';
import { recommendedPage } from '../../../core/matching/recommended.ts';
import { loadActor } from '../../../core/people/actor.ts';
import { parseEnvFor } from '../../../core/questionnaire/parse-env.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

// 2026-06-01 in Shanghai
const NOW = new Date('2026-06-01T02:00:00Z');
const INVENTOR_ROWS = DEMO_PATENTS.reduce((n, p) => n + p.inventors.length, 0);
const day = (d: Date | null) => d?.toISOString().slice(0, 10);

const POOLED = DEMO_POOLED_PATENTS.map((p) => p.applicationNumber);

describe('seedDemo', () => {
  let db: TestDatabase;
  let first: DemoSeedResult;

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    first = await seedDemo(db.prisma, { now: NOW });
  });
  afterAll(async () => {
    await db?.close();
  });

  const expectedCounts = () => ({
    institutions: 3,
    // the platform administrator persona; 陈静 registered the enterprise, so she administers it too;
    // the bureau's expert 刘洋
    persons: 7,
    roleAssignments: 8,
    channelIdentities: 7,
    enterprises: 1,
    campaigns: 1,
    milestones: 2,
    patents: 24,
    patentInventors: INVENTOR_ROWS,
    // the pooled patents: one self-assessment each, approved by the college then the university
    selfAssessments: POOLED.length,
    screeningDecisions: 2 * POOLED.length,
  });

  it('creates the demo rows and reports them', async () => {
    expect(first.counts).toEqual(expectedCounts());
    expect(first.created).toEqual(expectedCounts());
    expect(await db.prisma.patent.count()).toBe(24);
    expect(await db.prisma.person.count()).toBe(7);
    expect(first.personaKeys).toEqual([...DEMO_PERSONA_KEYS]);
    expect(first.campaignYear).toBe(2026);
  });

  it('seeds the university and its two colleges', async () => {
    const university = await db.prisma.institution.findUniqueOrThrow({ where: { id: first.institutionId } });
    expect(university).toMatchObject({
      code: 'DHUT',
      nameZh: '东海理工大学',
      nameEn: 'Donghai University of Technology',
      kind: 'UNIVERSITY',
      province: '310000',
      parentId: null,
    });
    const colleges = await db.prisma.institution.findMany({
      where: { parentId: university.id },
      orderBy: { code: 'asc' },
    });
    expect(colleges.map((c) => [c.code, c.nameZh, c.kind])).toEqual([
      ['DHUT-IEE', '信息与电子工程学院', 'COLLEGE'],
      ['DHUT-MSE', '材料科学与工程学院', 'COLLEGE'],
    ]);
    expect(first.collegeIds['DHUT-MSE']).toBe(colleges[1]!.id);
  });

  it('gives every patent a valid canonical application number consistent with its type', async () => {
    const patents = await db.prisma.patent.findMany();
    for (const p of patents) {
      const parsed = parseApplicationNumber(p.applicationNumber);
      expect(parsed.ok, p.applicationNumber).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.canonical).toBe(p.applicationNumber);
      expect(parsed.value.type).toBe(p.type);
      expect(parsed.value.pct).toBe(false);
      expect(parsed.value.year).toBeGreaterThanOrEqual(2016);
      expect(parsed.value.year).toBeLessThanOrEqual(2023);
      expect(Number(day(p.applicationDate)!.slice(0, 4))).toBe(parsed.value.year);
    }
  });

  it('gives every patent a granted publication number of its type', async () => {
    const patents = await db.prisma.patent.findMany();
    const kinds = { INVENTION: 'B', UTILITY_MODEL: 'U', DESIGN: 'S' };
    for (const p of patents) {
      const parsed = parsePublicationNumber(p.publicationNumber ?? '');
      expect(parsed, p.publicationNumber ?? '').toMatchObject({
        ok: true,
        value: { canonical: p.publicationNumber, type: p.type, kind: kinds[p.type] },
      });
    }
    expect(new Set(patents.map((p) => p.publicationNumber)).size).toBe(patents.length);
  });

  it('classifies patents with canonical IPC, designs with Locarno only', async () => {
    const patents = await db.prisma.patent.findMany();
    for (const p of patents) {
      if (p.type === 'DESIGN') {
        expect(p.ipcCodes).toEqual([]);
        expect(parseLocarnoClass(p.locarnoClass ?? '')).toEqual({ ok: true, value: p.locarnoClass });
      } else {
        expect(p.ipcCodes.length).toBeGreaterThan(0);
        expect(p.locarnoClass).toBeNull();
        for (const code of p.ipcCodes) expect(parseIpc(code)).toEqual({ ok: true, value: code });
        expect(new Set(p.ipcCodes).size).toBe(p.ipcCodes.length);
      }
    }
  });

  it('has the mix of types, subjects and dates the demo flows need', async () => {
    const patents = await db.prisma.patent.findMany();
    const byType = (t: string) => patents.filter((p) => p.type === t).length;
    expect(byType('UTILITY_MODEL')).toBeGreaterThanOrEqual(4);
    expect(byType('DESIGN')).toBeGreaterThanOrEqual(2);
    expect(byType('INVENTION')).toBeGreaterThan(patents.length / 2);

    const mainSubclass = (p: (typeof patents)[number]) => (p.ipcCodes[0] ? ipcSubclass(p.ipcCodes[0]) : null);
    expect(patents.filter((p) => mainSubclass(p) === 'H01M').length).toBeGreaterThanOrEqual(5);
    expect(
      patents.filter((p) => ['G06N', 'G06V'].includes(mainSubclass(p) ?? '')).length,
    ).toBeGreaterThanOrEqual(3);

    for (const p of patents) {
      expect(p.legalStatus).toBe('VALID');
      expect(p.patentees).toEqual(['东海理工大学']);
      expect(p.institutionId).toBe(first.institutionId);
      expect(p.collegeId).not.toBeNull();
      expect(day(p.grantDate)! <= '2023-12-31').toBe(true);
      expect(day(p.grantDate)! > day(p.applicationDate)!).toBe(true);
      expect(p.title.length).toBeGreaterThan(0);
      const abstractLength = [...(p.abstract ?? '')].length;
      expect(abstractLength, p.title).toBeGreaterThanOrEqual(150);
      expect(abstractLength, p.title).toBeLessThanOrEqual(250);
    }
  });

  it('lists 2–5 inventors per patent and makes 张伟 the responsible first inventor of at least 20', async () => {
    const patents = await db.prisma.patent.findMany({
      include: { inventors: { orderBy: { position: 'asc' } } },
    });
    for (const p of patents) {
      expect(p.inventors.length).toBeGreaterThanOrEqual(2);
      expect(p.inventors.length).toBeLessThanOrEqual(5);
      expect(p.inventors.map((i) => i.position)).toEqual(p.inventors.map((_, i) => i + 1));
    }
    const his = patents.filter((p) => p.responsibleInventorId === first.inventorPersonId);
    expect(his.length).toBeGreaterThanOrEqual(20);
    for (const p of his) {
      expect(p.inventors[0]).toMatchObject({ name: '张伟', personId: first.inventorPersonId });
    }
    const others = patents.filter((p) => p.responsibleInventorId !== first.inventorPersonId);
    for (const p of others) expect(p.inventors[0]!.name).not.toBe('张伟');

    const inventor = await db.prisma.person.findUniqueOrThrow({ where: { id: first.inventorPersonId } });
    expect(inventor).toMatchObject({ name: '张伟', email: 'zhang.wei@dhut.example.cn', locale: 'zh-CN' });
  });

  it('seeds the enterprise with a valid credit code', async () => {
    const enterprise = await db.prisma.enterprise.findUniqueOrThrow({ where: { id: first.enterpriseId } });
    expect(enterprise).toMatchObject({
      name: '杭州储能新材料科技有限公司',
      region: '330100',
      types: ['SPECIALIZED_SME', 'HIGH_TECH'],
      ipcInterests: ['H01M', 'H02J'],
      keywords: ['固态电池', '储能'],
    });
    expect(parseCreditCode(enterprise.creditCode)).toEqual({ ok: true, value: enterprise.creditCode });
    expect(enterprise.creditCode).toBe(DEMO_ENTERPRISE.creditCode);
  });

  it('gives each persona its scoped role and a terminal identity', async () => {
    const people = await db.prisma.person.findMany({ include: { roles: true, identities: true } });
    const byName = Object.fromEntries(people.map((p) => [p.name, p]));
    const role = (name: string) => {
      const roles = byName[name]!.roles;
      expect(roles).toHaveLength(1);
      return roles[0]!;
    };
    expect(role('张伟')).toMatchObject({
      role: 'INVENTOR',
      institutionId: first.institutionId,
      enterpriseId: null,
    });
    expect(role('李娜')).toMatchObject({
      role: 'COLLEGE_COORDINATOR',
      institutionId: first.collegeIds['DHUT-MSE'],
    });
    expect(role('王强')).toMatchObject({
      role: 'UNIVERSITY_COORDINATOR',
      institutionId: first.institutionId,
    });
    // 陈静 registered the enterprise (registerEnterprise): its staff and its administrator.
    expect(byName.陈静!.roles.map((r) => [r.role, r.enterpriseId, r.institutionId]).sort()).toEqual([
      ['ENTERPRISE_ADMIN', first.enterpriseId, null],
      ['ENTERPRISE_STAFF', first.enterpriseId, null],
    ]);
    expect(role('平台管理员')).toMatchObject({
      role: 'ADMIN',
      institutionId: null,
      enterpriseId: null,
      province: null,
    });
    expect(role('赵磊')).toMatchObject({ role: 'BUREAU_OFFICER', province: '310000', institutionId: null });
    // 刘洋: added to the province's expert database by the bureau officer, then invited
    expect(role('刘洋')).toMatchObject({ role: 'EXPERT', institutionId: null, enterpriseId: null });
    const expert = await db.prisma.expert.findUniqueOrThrow({ where: { personId: byName.刘洋!.id } });
    expect(expert).toMatchObject({ affiliation: '上海储能技术研究院', region: '310000', title: '研究员' });
    expect(expert.ipcFields).toEqual(['H01M 10/05', 'H02J']);

    const identities = await db.prisma.channelIdentity.findMany({ include: { person: true } });
    expect(Object.fromEntries(identities.map((i) => [i.externalId, [i.channel, i.person.name]]))).toEqual({
      admin: ['TERMINAL', '平台管理员'],
      inventor: ['TERMINAL', '张伟'],
      enterprise: ['TERMINAL', '陈静'],
      coordinator: ['TERMINAL', '王强'],
      'college-coordinator': ['TERMINAL', '李娜'],
      bureau: ['TERMINAL', '赵磊'],
      expert: ['TERMINAL', '刘洋'],
    });
    for (const p of DEMO_PERSONS) expect(first.personas[p.key]).toBe(byName[p.name]!.id);
    expect(first.personas.inventor).toBe(first.inventorPersonId);
  });

  it('creates this year’s campaign with the default milestones', async () => {
    const campaign = await db.prisma.campaign.findUniqueOrThrow({
      where: { id: first.campaignId },
      include: { milestones: { orderBy: { dueDate: 'asc' } } },
    });
    expect(campaign).toMatchObject({ year: 2026, province: '310000' });
    expect(day(campaign.grantedBefore)).toBe('2025-12-31');
    expect(campaign.milestones.map((m) => [m.metric, day(m.dueDate), m.targetPercent])).toEqual([
      ['INVENTORIED_SHARE', '2026-06-30', 30],
      ['INVENTORIED_SHARE', '2026-12-31', 100],
    ]);
  });

  it('puts a few patents in the resource pool along the real path, leaving the rest to the inventor', async () => {
    expect(POOLED.length).toBeGreaterThanOrEqual(3);
    expect(POOLED.length).toBeLessThanOrEqual(5);
    const pooled = await db.prisma.patent.findMany({
      where: { applicationNumber: { in: POOLED } },
      include: {
        selfAssessments: {
          include: {
            answers: true,
            screeningDecisions: { orderBy: { level: 'asc' }, include: { decider: true } },
          },
        },
      },
    });
    expect(pooled).toHaveLength(POOLED.length);
    for (const patent of pooled) {
      expect(patent.inventoryStatus).toBe('IN_POOL');
      expect(patent.responsibleInventorId).toBe(first.inventorPersonId);
      const [assessment] = patent.selfAssessments;
      expect(assessment).toMatchObject({ status: 'SUBMITTED', respondentId: first.inventorPersonId });
      expect(assessment!.submittedAt).toEqual(NOW);
      expect(assessment!.answers.length).toBeGreaterThanOrEqual(10);
      expect(assessment!.screeningDecisions.map((d) => [d.level, d.outcome, d.decider.name])).toEqual([
        ['COLLEGE', 'APPROVED', '李娜'],
        ['UNIVERSITY', 'APPROVED', '王强'],
      ]);
      const audit = await db.prisma.auditLog.findMany({
        where: { subjectId: patent.id },
        orderBy: { id: 'asc' },
      });
      expect(audit.map((a) => a.action)).toEqual([
        'self-assessment.started',
        'self-assessment.submitted',
        'screening.decided',
        'screening.decided',
      ]);
    }
    // The enterprise persona is offered exactly these, in its fields or with its keywords.
    const offered = await recommendedPage(db.prisma, first.enterpriseId, { page: 0, pageSize: 20 });
    expect(offered.items.map((i) => i.patent.applicationNumber).sort()).toEqual([...POOLED].sort());
    // The inventor still has most of his patents to answer, the first of his list among them.
    const his = await db.prisma.patent.findMany({
      where: { responsibleInventorId: first.inventorPersonId },
      orderBy: [{ applicationDate: 'asc' }, { applicationNumber: 'asc' }],
    });
    expect(his.filter((p) => p.inventoryStatus === 'NOT_STARTED')).toHaveLength(his.length - POOLED.length);
    expect(his[0]!.inventoryStatus).toBe('NOT_STARTED');
  });

  it('changes nothing when run again', async () => {
    const patentsBefore = await db.prisma.patent.findMany({ orderBy: { applicationNumber: 'asc' } });
    const personsBefore = await db.prisma.person.findMany({ orderBy: { email: 'asc' } });
    const second = await seedDemo(db.prisma, { now: NOW });
    expect(second.counts).toEqual(first.counts);
    expect(Object.values(second.created).every((n) => n === 0)).toBe(true);
    const { counts: _c, created: _d, ...ids } = second;
    const { counts: _e, created: _f, ...firstIds } = first;
    expect(ids).toEqual(firstIds);
    expect(await db.prisma.patent.findMany({ orderBy: { applicationNumber: 'asc' } })).toEqual(patentsBefore);
    expect(await db.prisma.person.findMany({ orderBy: { email: 'asc' } })).toEqual(personsBefore);
    expect(await db.prisma.roleAssignment.count()).toBe(8);
    expect(await db.prisma.patentInventor.count()).toBe(INVENTOR_ROWS);
  });

  it('leaves demo progress alone on a later run', async () => {
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: first.inventorPersonId, inventoryStatus: 'NOT_STARTED' },
    });
    await db.prisma.patent.update({ where: { id: patent.id }, data: { inventoryStatus: 'SUBMITTED' } });
    await seedDemo(db.prisma, { now: NOW });
    const after = await db.prisma.patent.findUniqueOrThrow({ where: { id: patent.id } });
    expect(after.inventoryStatus).toBe('SUBMITTED');
  });

  it('takes up a pooling stopped half-way, and leaves a patent someone answered otherwise', async () => {
    const [stopped, drafted, theirs] = await Promise.all(
      POOLED.slice(0, 3).map((applicationNumber) =>
        db.prisma.patent.findUniqueOrThrow({ where: { applicationNumber } }),
      ),
    );
    // Stopped before the university's decision.
    await db.prisma.screeningDecision.deleteMany({
      where: { level: 'UNIVERSITY', assessment: { patentId: stopped!.id } },
    });
    await db.prisma.patent.update({
      where: { id: stopped!.id },
      data: { inventoryStatus: 'COLLEGE_APPROVED' },
    });
    // Stopped after the first page of the seed's answers; and a draft with an answer of someone's own.
    const inventor = (await loadActor(db.prisma, first.inventorPersonId))!;
    const env = parseEnvFor('Asia/Shanghai', NOW);
    for (const [patent, governmentFunded] of [
      [drafted!, DEMO_POOLED_PATENTS[1]!.answers.governmentFunded],
      [theirs!, 'false'],
    ] as const) {
      await db.prisma.selfAssessment.deleteMany({ where: { patentId: patent.id } });
      await db.prisma.patent.update({ where: { id: patent.id }, data: { inventoryStatus: 'NOT_STARTED' } });
      const response = await openSelfAssessment(db.prisma, inventor, patent.id, NOW);
      const page = {
        governmentFunded: governmentFunded as string,
        implementationStatus: ['selfImplemented'],
      };
      await submitPageStep(
        db.prisma,
        'self-assessment',
        response.id,
        'origin',
        page,
        env,
        NOW,
        selfAssessmentHooks(inventor),
      );
    }
    expect(DEMO_POOLED_PATENTS[1]!.answers.implementationStatus).toEqual(['selfImplemented']);
    expect(DEMO_POOLED_PATENTS[2]!.answers.governmentFunded).not.toBe('false');

    const again = await seedDemo(db.prisma, { now: NOW });
    expect(again.created).toMatchObject({ selfAssessments: 0, screeningDecisions: 3 });
    const status = async (id: string) =>
      (await db.prisma.patent.findUniqueOrThrow({ where: { id } })).inventoryStatus;
    expect(await status(stopped!.id)).toBe('IN_POOL');
    expect(await status(drafted!.id)).toBe('IN_POOL');
    expect(await status(theirs!.id)).toBe('IN_PROGRESS');
  });

  it('takes the campaign year from the date in Shanghai, adding only a campaign in a new year', async () => {
    // 16:30 UTC on 31 December is already 1 January in Shanghai
    const next = await seedDemo(db.prisma, { now: new Date('2026-12-31T16:30:00Z') });
    expect(next.campaignYear).toBe(2027);
    expect(next.campaignId).not.toBe(first.campaignId);
    expect(next.created).toMatchObject({ campaigns: 1, milestones: 2, patents: 0, persons: 0 });
    expect(await db.prisma.campaign.count()).toBe(2);
  });
});
