// A small province whose figures are counted by hand in the comments below, for the digest tests.
//
// Campaign 2024 (province 990000 "测试省" is not a GB/T 2260 code, so the fixture is alone in it —
// the tests use 330000, Zhejiang): in scope = valid and granted on or before 2023-12-31.
// Milestones: 2024-06-30 30 %, 2024-12-31 100 %.
//   A 甲大学 (with colleges A1 计算机学院, A2 材料学院): 10 in-scope patents, 3 inventoried (1 IN_POOL,
//     1 SUBMITTED, 1 COLLEGE_APPROVED) → 30 % exactly; plus 1 lapsed and 1 granted 2024-03-01 (out).
//     Types: 6 inventions (2 of them G06N 3/04 → AI), 3 utility models, 1 design.
//     A1 has 4 patents (2 inventoried), A2 has 3 (1 inventoried), 3 belong to no college.
//   B 乙研究院: no patents at all.
//   C 丙大学: 4 in-scope patents, 1 inventoried (IN_POOL) → 25 %.
// Funnel (A): patent a0 pushed to E1 (status VIEWED, opened), evaluated by E1 (SUBMITTED), E1
//   interested via an Introduction CONTACTED (met), a deal TRANSFER 50 万元; patent a1 pushed (SENT)
//   to E1 only; patent a2 pushed to E2, INTERESTED. C: c0 pushed, EVALUATED by E2 (SUBMITTED), a
//   LICENCE deal (exclusive) without an amount.
// Roadshows: A held one (PUBLISHED, started) with 3 invitations, 2 YES; a DRAFT one (not held).
import type { Db } from '../../../core/db/database.ts';
import { formatApplicationNumber } from '../../../core/identifiers/cn-application-number.ts';

export const PROVINCE = '330000';
const YEAR = 2024;

let seq = 0;
/** Valid application numbers (check character computed), distinct across fixtures of a run. */
const appNo = () => {
  seq += 1;
  return formatApplicationNumber(`20201${String(seq).padStart(7, '0')}`);
};

export interface Fixture {
  a: string;
  a1: string;
  a2: string;
  b: string;
  c: string;
  coordinator: string;
  inventor: string;
  officer: string;
  patents: { a0: string; a1: string; a2: string; c0: string };
}

export async function seedFixture(db: Db): Promise<Fixture> {
  const campaign = await db.campaign.create({
    data: {
      name: '测试盘点',
      year: YEAR,
      province: PROVINCE,
      grantedBefore: new Date('2023-12-31'),
      milestones: {
        create: [
          { dueDate: new Date('2024-06-30'), targetPercent: 30 },
          { dueDate: new Date('2024-12-31'), targetPercent: 100 },
        ],
      },
    },
  });
  void campaign;
  const inst = (code: string, nameZh: string, extra: object = {}) =>
    db.institution.create({
      data: { code, nameZh, kind: 'UNIVERSITY', province: PROVINCE, ...extra },
    });
  const a = await inst('FX-A', '甲大学', { nameEn: 'University A' });
  const a1 = await inst('FX-A1', '计算机学院', { kind: 'COLLEGE', parentId: a.id });
  const a2 = await inst('FX-A2', '材料学院', { kind: 'COLLEGE', parentId: a.id });
  const b = await inst('FX-B', '乙研究院', { kind: 'RESEARCH_INSTITUTE' });
  const c = await inst('FX-C', '丙大学');
  const person = (name: string, extra: object = {}) => db.person.create({ data: { name, ...extra } });
  const inventor = await person('发明人甲');
  const coordinator = await person('协调人甲', {
    roles: { create: { role: 'UNIVERSITY_COORDINATOR', institutionId: a.id } },
    identities: { create: { channel: 'TERMINAL', externalId: 'fx-coord', address: 'fx-coord' } },
  });
  const officer = await person('省局甲', {
    roles: { create: { role: 'BUREAU_OFFICER', province: PROVINCE } },
    identities: { create: { channel: 'TERMINAL', externalId: 'fx-bureau', address: 'fx-bureau' } },
  });
  const patent = (
    institutionId: string,
    opts: {
      college?: string;
      type?: 'INVENTION' | 'UTILITY_MODEL' | 'DESIGN';
      status?: 'NOT_STARTED' | 'SUBMITTED' | 'COLLEGE_APPROVED' | 'IN_POOL' | 'RETURNED';
      legal?: 'VALID' | 'LAPSED';
      granted?: string;
      ipc?: string;
    } = {},
  ) =>
    db.patent.create({
      data: {
        applicationNumber: appNo(),
        title: `专利${seq}`,
        type: opts.type ?? 'INVENTION',
        ipcCodes: [opts.ipc ?? 'H01M 10/0562'],
        applicationDate: new Date('2020-01-01'),
        grantDate: new Date(opts.granted ?? '2022-05-01'),
        legalStatus: opts.legal ?? 'VALID',
        institutionId,
        collegeId: opts.college ?? null,
        responsibleInventorId: inventor.id,
        inventoryStatus: opts.status ?? 'NOT_STARTED',
      },
    });
  // A: A1 × 4 (2 inventoried), A2 × 3 (1 inventoried), none × 3
  const a0 = await patent(a.id, { college: a1.id, status: 'IN_POOL', ipc: 'G06N 3/04' });
  const pa1 = await patent(a.id, { college: a1.id, status: 'SUBMITTED', ipc: 'G06N 3/04' });
  await patent(a.id, { college: a1.id });
  await patent(a.id, { college: a1.id, type: 'UTILITY_MODEL' });
  const pa2 = await patent(a.id, { college: a2.id, status: 'COLLEGE_APPROVED' });
  await patent(a.id, { college: a2.id, type: 'UTILITY_MODEL' });
  await patent(a.id, { college: a2.id, type: 'UTILITY_MODEL', status: 'RETURNED' });
  await patent(a.id, {});
  await patent(a.id, {});
  await patent(a.id, { type: 'DESIGN' });
  await patent(a.id, { legal: 'LAPSED', status: 'IN_POOL' });
  await patent(a.id, { granted: '2024-03-01', status: 'IN_POOL' });
  // C: 4, 1 inventoried
  const c0 = await patent(c.id, { status: 'IN_POOL' });
  await patent(c.id, {});
  await patent(c.id, {});
  await patent(c.id, {});
  const enterprise = (name: string, creditCode: string) =>
    db.enterprise.create({ data: { name, creditCode, region: PROVINCE, status: 'VERIFIED' } });
  const e1 = await enterprise('企业一', '91330000FX0000001A');
  const e2 = await enterprise('企业二', '91330000FX0000002A');
  const staff = await person('企业员工');
  const pushed = new Date('2024-05-01T02:00:00Z');
  await db.matchPush.createMany({
    data: [
      {
        patentId: a0.id,
        enterpriseId: e1.id,
        score: 1,
        reasons: [],
        status: 'VIEWED',
        pushedAt: pushed,
        openedAt: pushed,
      },
      { patentId: pa1.id, enterpriseId: e1.id, score: 1, reasons: [], status: 'SENT', pushedAt: pushed },
      {
        patentId: pa2.id,
        enterpriseId: e2.id,
        score: 1,
        reasons: [],
        status: 'INTERESTED',
        pushedAt: pushed,
      },
      { patentId: c0.id, enterpriseId: e2.id, score: 1, reasons: [], status: 'EVALUATED', pushedAt: pushed },
    ],
  });
  const evaluation = (patentId: string, enterpriseId: string) =>
    db.enterpriseEvaluation.create({
      data: {
        patentId,
        enterpriseId,
        evaluatorId: staff.id,
        questionnaireId: 'enterprise-evaluation',
        questionnaireVersion: 1,
        status: 'SUBMITTED',
        state: {},
        submittedAt: pushed,
      },
    });
  await evaluation(a0.id, e1.id);
  await evaluation(c0.id, e2.id);
  // Commissioned expert evaluations of a0: one submitted (counted), one still accepted (not).
  for (const [name, status] of [
    ['专家甲', 'SUBMITTED'],
    ['专家乙', 'ACCEPTED'],
  ] as const) {
    const expert = await db.expert.create({
      data: { person: { create: { name, locale: 'zh-CN' } }, ipcFields: [], keywords: [] },
    });
    await db.expertEvaluationRequest.create({
      data: {
        patentId: a0.id,
        expertId: expert.id,
        requestedById: staff.id,
        status,
        dueAt: pushed,
        ...(status === 'SUBMITTED' ? { submittedAt: pushed, valueGrade: 'B' } : {}),
      },
    });
  }
  await db.introduction.create({ data: { patentId: a0.id, requesterId: staff.id, status: 'CONTACTED' } });
  await db.transformationRecord.create({
    data: { patentId: a0.id, kind: 'TRANSFER', amountWanYuan: '50', enterpriseId: e1.id },
  });
  await db.transformationRecord.create({
    data: { patentId: c0.id, kind: 'LICENCE', licenceType: 'exclusive' },
  });
  const show = await db.roadshow.create({
    data: {
      institutionId: a.id,
      title: '路演',
      startsAt: new Date('2024-05-10T02:00:00Z'),
      status: 'PUBLISHED',
      createdById: coordinator.id,
    },
  });
  await db.roadshow.create({
    data: {
      institutionId: a.id,
      title: '草稿',
      startsAt: new Date('2024-05-10T02:00:00Z'),
      createdById: coordinator.id,
    },
  });
  const guests = await Promise.all([person('来宾1'), person('来宾2'), person('来宾3')]);
  await db.invitation.createMany({
    data: guests.map((g, i) => ({ roadshowId: show.id, personId: g.id, rsvp: i < 2 ? 'YES' : 'NO' })),
  });
  return {
    a: a.id,
    a1: a1.id,
    a2: a2.id,
    b: b.id,
    c: c.id,
    coordinator: coordinator.id,
    inventor: inventor.id,
    officer: officer.id,
    patents: { a0: a0.id, a1: pa1.id, a2: pa2.id, c0: c0.id },
  };
}
