// The parts of the data model most likely to differ between PGlite and PostgreSQL, or between
// Prisma's driver adapters: arrays, enum arrays, Json, BigInt, @db.Date, unique violations and
// interactive transactions.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../../prisma/generated/client.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

const unique = () => randomUUID().slice(0, 8);

/** Prisma turns a unique violation into this error on every database it supports. */
const uniqueViolation = { name: 'PrismaClientKnownRequestError', code: 'P2002' };

describe.each(DATABASE_KINDS)('persistence on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.close());

  // Error codes and enum arrays must behave the same on both: core/db/pglite-adapter.ts closes the
  // gaps pglite-prisma-adapter leaves (P2002 on duplicates, enum-array filters).

  async function createUniversity() {
    const code = `U${unique()}`;
    return db.prisma.institution.create({
      data: {
        code,
        nameZh: '浙江大学',
        nameEn: 'Zhejiang University',
        kind: 'UNIVERSITY',
        province: '330000',
        children: {
          create: { code: `${code}-MSE`, nameZh: '材料科学与工程学院', kind: 'COLLEGE', province: '330000' },
        },
      },
      include: { children: true },
    });
  }

  async function createPerson(name = '张三') {
    return db.prisma.person.create({ data: { name, email: `${unique()}@example.edu.cn` } });
  }

  async function createPatent(
    institutionId: string,
    overrides: Partial<Prisma.PatentUncheckedCreateInput> = {},
  ) {
    return db.prisma.patent.create({
      data: {
        applicationNumber: `2017${unique()}.3`,
        title: '一种固态电解质及其制备方法',
        type: 'INVENTION',
        ipcCodes: ['H01M 10/0562', 'H01M 4/13'],
        applicationDate: new Date('2017-07-25'),
        legalStatus: 'VALID',
        patentees: ['浙江大学'],
        institutionId,
        ...overrides,
      },
    });
  }

  it('creates an institution with a college child', async () => {
    const university = await createUniversity();
    expect(university.children).toHaveLength(1);
    const college = await db.prisma.institution.findUniqueOrThrow({
      where: { id: university.children[0]!.id },
      include: { parent: true },
    });
    expect(college.kind).toBe('COLLEGE');
    expect(college.nameZh).toBe('材料科学与工程学院');
    expect(college.parent?.id).toBe(university.id);
    expect(college.createdAt).toBeInstanceOf(Date);
  });

  it('creates a person with a role assignment and a channel identity', async () => {
    const university = await createUniversity();
    const person = await db.prisma.person.create({
      data: {
        name: '李四',
        roles: { create: { role: 'INVENTOR', institutionId: university.children[0]!.id } },
        identities: { create: { channel: 'TELEGRAM', externalId: `${Date.now()}`, address: '42' } },
      },
      include: { roles: true, identities: true },
    });
    expect(person.locale).toBe('zh-CN');
    expect(person.timeZone).toBe('Asia/Shanghai');
    expect(person.employment).toBe('SERVING');
    expect(person.roles).toMatchObject([{ role: 'INVENTOR', institutionId: university.children[0]!.id }]);
    expect(person.identities).toMatchObject([{ channel: 'TELEGRAM', address: '42' }]);

    const found = await db.prisma.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'TELEGRAM', externalId: person.identities[0]!.externalId } },
      include: { person: true },
    });
    expect(found.person.name).toBe('李四');
    await expect(
      db.prisma.channelIdentity.create({
        data: { personId: person.id, channel: 'TELEGRAM', externalId: found.externalId },
      }),
    ).rejects.toThrow(/unique constraint/i);
  });

  it('reports a duplicate channel identity as P2002', async () => {
    const person = await createPerson();
    const data = { personId: person.id, channel: 'SLACK' as const, externalId: `T1:U${unique()}` };
    await db.prisma.channelIdentity.create({ data });
    await expect(db.prisma.channelIdentity.create({ data })).rejects.toMatchObject(uniqueViolation);
  });

  it('stores a patent with String[] IPC codes and its inventors', async () => {
    const university = await createUniversity();
    const inventor = await createPerson('王五');
    const patent = await createPatent(university.id, {
      collegeId: university.children[0]!.id,
      responsibleInventorId: inventor.id,
      patentees: [],
    });
    await db.prisma.patentInventor.createMany({
      data: [
        { patentId: patent.id, position: 1, name: '王五', personId: inventor.id },
        { patentId: patent.id, position: 2, name: 'Zhao "Liu", Jr.' },
      ],
    });

    const loaded = await db.prisma.patent.findUniqueOrThrow({
      where: { id: patent.id },
      include: { inventors: { orderBy: { position: 'asc' } } },
    });
    expect(loaded.ipcCodes).toEqual(['H01M 10/0562', 'H01M 4/13']);
    expect(loaded.patentees).toEqual([]);
    expect(loaded.inventoryStatus).toBe('NOT_STARTED');
    expect(loaded.inventors.map((i) => [i.position, i.name, i.personId])).toEqual([
      [1, '王五', inventor.id],
      [2, 'Zhao "Liu", Jr.', null],
    ]);
    const byIpc = await db.prisma.patent.findMany({
      where: { id: patent.id, ipcCodes: { has: 'H01M 4/13' } },
    });
    expect(byIpc).toHaveLength(1);
    await expect(
      db.prisma.patentInventor.create({ data: { patentId: patent.id, position: 1, name: 'duplicate' } }),
    ).rejects.toThrow(/unique constraint/i);
  });

  it('round-trips Patent.applicationDate (@db.Date) as the same calendar date in any process time zone', async () => {
    const university = await createUniversity();
    const savedTz = process.env.TZ;
    try {
      for (const tz of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles']) {
        // Node applies a changed TZ immediately; a local-time conversion anywhere would shift the date.
        process.env.TZ = tz;
        const patent = await createPatent(university.id, {
          applicationDate: new Date('2017-07-25T00:00:00Z'),
          grantDate: new Date('2019-12-31T00:00:00Z'),
        });
        const loaded = await db.prisma.patent.findUniqueOrThrow({ where: { id: patent.id } });
        expect(loaded.applicationDate.toISOString(), tz).toBe('2017-07-25T00:00:00.000Z');
        expect(loaded.grantDate?.toISOString(), tz).toBe('2019-12-31T00:00:00.000Z');
        const [raw] = await db.prisma.$queryRaw<{ d: string }[]>`
          SELECT "applicationDate"::text AS d FROM "Patent" WHERE id = ${patent.id}::uuid`;
        expect(raw?.d, tz).toBe('2017-07-25');
        const onDate = await db.prisma.patent.count({
          where: { id: patent.id, applicationDate: new Date('2017-07-25') },
        });
        expect(onDate, tz).toBe(1);
      }
    } finally {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    }
  });

  it('stores a self-assessment with Json state and its answers', async () => {
    const university = await createUniversity();
    const respondent = await createPerson();
    const patent = await createPatent(university.id);
    const state = {
      version: 1,
      cursor: 'trl',
      history: ['intro', 'trl'],
      context: { patentType: 'INVENTION', granted: true, claims: 10, score: 0.75, note: null },
      comment: '可用于固态电池 "quoted" \\ backslash',
    };
    const assessment = await db.prisma.selfAssessment.create({
      data: {
        patentId: patent.id,
        respondentId: respondent.id,
        questionnaireId: 'self-assessment',
        questionnaireVersion: 3,
        state,
        answers: {
          create: [
            { questionId: 'trl', value: 6 },
            { questionId: 'fields', value: ['energy', 'materials'] },
            { questionId: 'licensed', value: false },
            { questionId: 'summary', value: '适合中试' },
            { questionId: 'price', value: { min: 10, max: 50, unit: '万元' } },
          ],
        },
      },
      include: { answers: { orderBy: { questionId: 'asc' } } },
    });
    expect(assessment.status).toBe('DRAFT');
    const loaded = await db.prisma.selfAssessment.findUniqueOrThrow({
      where: { patentId: patent.id },
      include: { answers: { orderBy: { questionId: 'asc' } } },
    });
    expect(loaded.state).toEqual(state);
    expect(Object.fromEntries(loaded.answers.map((a) => [a.questionId, a.value]))).toEqual({
      fields: ['energy', 'materials'],
      licensed: false,
      price: { min: 10, max: 50, unit: '万元' },
      summary: '适合中试',
      trl: 6,
    });
    const byJsonPath = await db.prisma.selfAssessment.count({
      where: { id: assessment.id, state: { path: ['context', 'patentType'], equals: 'INVENTION' } },
    });
    expect(byJsonPath).toBe(1);
  });

  async function createEnterprise() {
    return db.prisma.enterprise.create({
      data: {
        name: '杭州某某新能源科技有限公司',
        creditCode: `91330100${unique().toUpperCase()}X`,
        region: '330100',
        types: ['SPECIALIZED_SME', 'HIGH_TECH'],
        ipcInterests: ['H01M', 'G06N 3/04'],
        keywords: ['固态电池'],
      },
    });
  }

  it('stores an enterprise with an EnterpriseType[] enum array', async () => {
    const enterprise = await createEnterprise();
    const loaded = await db.prisma.enterprise.findUniqueOrThrow({ where: { id: enterprise.id } });
    expect(loaded.types).toEqual(['SPECIALIZED_SME', 'HIGH_TECH']);
    expect(loaded.ipcInterests).toEqual(['H01M', 'G06N 3/04']);
    expect(loaded.keywords).toEqual(['固态电池']);
    const exact = await db.prisma.enterprise.count({
      where: { id: enterprise.id, types: { equals: ['SPECIALIZED_SME', 'HIGH_TECH'] } },
    });
    expect(exact).toBe(1);
    const replaced = await db.prisma.enterprise.update({
      where: { id: enterprise.id },
      data: { types: ['STATE_OWNED'] },
    });
    expect(replaced.types).toEqual(['STATE_OWNED']);
  });

  it('filters and pushes on an EnterpriseType[] enum array', async () => {
    const enterprise = await createEnterprise();
    const where = (types: Prisma.EnumEnterpriseTypeNullableListFilter<'Enterprise'>) => ({
      id: enterprise.id,
      types,
    });
    expect(await db.prisma.enterprise.count({ where: where({ has: 'HIGH_TECH' }) })).toBe(1);
    expect(await db.prisma.enterprise.count({ where: where({ has: 'STATE_OWNED' }) })).toBe(0);
    expect(await db.prisma.enterprise.count({ where: where({ hasSome: ['OTHER', 'HIGH_TECH'] }) })).toBe(1);
    expect(await db.prisma.enterprise.count({ where: where({ hasEvery: ['OTHER', 'HIGH_TECH'] }) })).toBe(0);
    const updated = await db.prisma.enterprise.update({
      where: { id: enterprise.id },
      data: { types: { push: 'STATE_OWNED' } },
    });
    expect(updated.types).toEqual(['SPECIALIZED_SME', 'HIGH_TECH', 'STATE_OWNED']);
  });

  it('rejects a second delivery with the same idempotency key and keeps the first', async () => {
    const person = await createPerson();
    const idempotencyKey = `roadshow:${randomUUID()}:person:${person.id}`;
    const data = {
      idempotencyKey,
      personId: person.id,
      channel: 'TELEGRAM' as const,
      kind: 'invitation',
      payload: { roadshowId: 'r1' },
    };
    const first = await db.prisma.delivery.create({ data });
    expect(first.status).toBe('PENDING');
    expect(first.attempts).toBe(0);

    await expect(db.prisma.delivery.create({ data: { ...data, kind: 'reminder' } })).rejects.toThrow(
      /unique constraint/i,
    );
    expect(await db.prisma.delivery.count({ where: { idempotencyKey } })).toBe(1);
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { idempotencyKey } })).kind).toBe(
      'invitation',
    );
  });

  it('reports a duplicate delivery idempotency key as P2002, with the field', async () => {
    const person = await createPerson();
    const data = {
      idempotencyKey: `digest:${randomUUID()}`,
      personId: person.id,
      channel: 'SLACK' as const,
      kind: 'digest',
      payload: {},
    };
    await db.prisma.delivery.create({ data });
    const duplicate = db.prisma.delivery.create({ data });
    await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(duplicate).rejects.toMatchObject(uniqueViolation);
    await expect(duplicate).rejects.toThrow(/idempotencyKey/);
  });

  it('gives AuditLog BigInt ids, exact beyond 2^53', async () => {
    const a = await db.prisma.auditLog.create({ data: { action: 'test.first', subjectType: 'Test' } });
    const b = await db.prisma.auditLog.create({
      data: { action: 'test.second', subjectType: 'Test', details: { n: 1 } },
    });
    expect(typeof a.id).toBe('bigint');
    expect(b.id).toBeGreaterThan(a.id);
    expect(a.details).toEqual({});

    const big = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a JS number
    await db.prisma.auditLog.create({ data: { id: big, action: 'test.big', subjectType: 'Test' } });
    const loaded = await db.prisma.auditLog.findUniqueOrThrow({ where: { id: big } });
    expect(loaded.id).toBe(big);
  });

  describe('interactive transactions', () => {
    const codes: string[] = [];
    afterEach(async () => {
      await db.prisma.institution.deleteMany({ where: { code: { in: codes.splice(0) } } });
    });

    it('roll back everything when the callback throws', async () => {
      const code = `TX${unique()}`;
      codes.push(code);
      await expect(
        db.prisma.$transaction(async (tx) => {
          await tx.institution.create({
            data: { code, nameZh: '回滚大学', kind: 'UNIVERSITY', province: '110000' },
          });
          expect(await tx.institution.count({ where: { code } })).toBe(1);
          await tx.auditLog.create({
            data: { action: 'test.tx', subjectType: 'Institution', subjectId: code },
          });
          throw new Error('abort on purpose');
        }),
      ).rejects.toThrow('abort on purpose');
      expect(await db.prisma.institution.count({ where: { code } })).toBe(0);
      expect(await db.prisma.auditLog.count({ where: { subjectId: code } })).toBe(0);
    });

    it('commit when the callback succeeds', async () => {
      const code = `TX${unique()}`;
      codes.push(code);
      await db.prisma.$transaction(async (tx) => {
        await tx.institution.create({
          data: { code, nameZh: '提交大学', kind: 'UNIVERSITY', province: '110000' },
        });
      });
      expect(await db.prisma.institution.count({ where: { code } })).toBe(1);
    });
  });
});
