// Patent lists generated in the test: valid identifiers with computed check characters, and a small
// institution with coordinators, inventors and outsiders to check authorization against.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Db } from '../../../core/db/database.ts';
import { formatApplicationNumber } from '../../../core/identifiers/cn-application-number.ts';
import { type Actor, loadActor } from '../../../core/people/actor.ts';
import { latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import { initialState } from '../../../core/questionnaire/state.ts';
import type { Role } from '../../../prisma/generated/client.ts';
import { TEST_NOW } from '../../support/clock.ts';

export const CNIPA_HEADERS = [
  '申请号',
  '申请日',
  '公开（公告）号',
  '授权公告日',
  '发明名称',
  '摘要',
  '申请（专利权）人',
  '发明人',
  'IPC分类号',
  '主分类号',
  '专利类型',
  '法律状态',
];

/** Application number with its computed check character: year, type digit, serial. */
export const appNo = (year: number, type: 1 | 2 | 3, serial: number) =>
  formatApplicationNumber(`${year}${type}${String(serial).padStart(7, '0')}`);

export function cnipaRow(i: number, overrides: Partial<Record<string, string>> = {}): string[] {
  const values: Record<string, string> = {
    申请号: `CN${appNo(2018, 1, 100000 + i)}`,
    申请日: '2018-03-01',
    '公开（公告）号': `CN1${String(8000000 + i).padStart(8, '0')}B`,
    授权公告日: '2020-05-12',
    发明名称: `一种固态电解质材料及其制备方法${i}`,
    摘要: '本发明公开了一种固态电解质材料。',
    '申请（专利权）人': '测试理工大学',
    发明人: '张伟;李明;王芳',
    IPC分类号: 'H01M 10/0562;H01M 4/62',
    主分类号: 'H01M 10/0562',
    专利类型: '发明',
    法律状态: '有效',
    ...overrides,
  };
  return CNIPA_HEADERS.map((h) => values[h] ?? '');
}

export function csv(rows: string[][]): string {
  return `${rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n')}\r\n`;
}

export const utf8 = (text: string) => Buffer.from(text, 'utf8');
export const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]);
export const gbk = (text: string) => iconv.encode(text, 'gbk');

export function opener(buffer: Buffer, chunkSize = 4096) {
  // Small chunks: multi-byte characters and quoted fields are split across chunk boundaries.
  return async () => {
    const chunks: Buffer[] = [];
    for (let i = 0; i < buffer.length; i += chunkSize) chunks.push(buffer.subarray(i, i + chunkSize));
    return Readable.from(chunks);
  };
}

export async function xlsx(build: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('专利清单'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface World {
  institutionId: string;
  collegeId: string;
  otherInstitutionId: string;
  coordinator: Actor;
  collegeCoordinator: Actor;
  otherCoordinator: Actor;
  inventor: Actor;
  enterprise: Actor;
  persons: Record<string, string>;
  /** Persona key → TERMINAL channel user id. */
  userIds: Record<string, string>;
}

let counter = 0;

/** A university with one college, its people, and a second university whose coordinator is an outsider. */
export async function createWorld(db: Db): Promise<World> {
  const n = ++counter;
  const tag = `${n}${Math.random().toString(36).slice(2, 6)}`;
  const uni = await db.institution.create({
    data: {
      code: `TU${tag}`,
      nameZh: '测试理工大学',
      nameEn: 'Test University',
      kind: 'UNIVERSITY',
      province: '310000',
    },
  });
  const college = await db.institution.create({
    data: {
      code: `TU${tag}-MSE`,
      nameZh: '材料学院',
      nameEn: 'School of Materials',
      kind: 'COLLEGE',
      province: '310000',
      parentId: uni.id,
    },
  });
  const other = await db.institution.create({
    data: { code: `OU${tag}`, nameZh: '另一所大学', kind: 'UNIVERSITY', province: '320000' },
  });
  const enterprise = await db.enterprise.create({
    data: { name: '测试企业', creditCode: `TEST${tag}`, region: '330100', status: 'VERIFIED' },
  });
  const persons: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  const person = async (
    key: string,
    name: string,
    role: Role,
    scope: { institutionId?: string; enterpriseId?: string },
    employment: 'SERVING' | 'STUDENT' | 'RETIRED' | 'LEFT' = 'SERVING',
  ) => {
    const p = await db.person.create({
      data: { name, email: `${key}.${tag}@test.example.cn`, employment, locale: 'zh-CN' },
    });
    await db.roleAssignment.create({ data: { personId: p.id, role, ...scope } });
    await db.channelIdentity.create({
      data: { personId: p.id, channel: 'TERMINAL', externalId: `${key}-${tag}` },
    });
    persons[key] = p.id;
    userIds[key] = `${key}-${tag}`;
    return (await loadActor(db, p.id))!;
  };
  const coordinator = await person('coordinator', '王强', 'UNIVERSITY_COORDINATOR', {
    institutionId: uni.id,
  });
  const collegeCoordinator = await person('college', '李娜', 'COLLEGE_COORDINATOR', {
    institutionId: college.id,
  });
  const otherCoordinator = await person('other', '赵六', 'UNIVERSITY_COORDINATOR', {
    institutionId: other.id,
  });
  const inventor = await person('zhangwei', '张伟', 'INVENTOR', { institutionId: uni.id });
  await person('liming', '李明', 'INVENTOR', { institutionId: uni.id }, 'STUDENT');
  await person('wangfang', '王芳', 'INVENTOR', { institutionId: college.id });
  const enterpriseActor = await person('enterprise', '陈静', 'ENTERPRISE_STAFF', {
    enterpriseId: enterprise.id,
  });
  return {
    institutionId: uni.id,
    collegeId: college.id,
    otherInstitutionId: other.id,
    coordinator,
    collegeCoordinator,
    otherCoordinator,
    inventor,
    enterprise: enterpriseActor,
    persons,
    userIds,
  };
}

/**
 * A patent whose responsible inventor submitted the self-assessment, waiting for college screening.
 * Its time-stamps are `at` (the test clock's instant unless given), not the machine's time.
 */
export async function submittedPatent(
  db: Db,
  world: World,
  serial: number,
  options: { collegeId?: string | null; at?: Date } = {},
): Promise<string> {
  const def = latestDefinition('self-assessment');
  const at = options.at ?? TEST_NOW;
  const patent = await db.patent.create({
    data: {
      createdAt: at,
      updatedAt: at,
      applicationNumber: appNo(2016, 1, serial),
      title: `一种储能装置${serial}`,
      type: 'INVENTION',
      ipcCodes: ['H01M 10/0562'],
      applicationDate: new Date(Date.UTC(2016, 4, 1)),
      grantDate: new Date(Date.UTC(2019, 1, 1)),
      legalStatus: 'VALID',
      patentees: ['测试理工大学'],
      institutionId: world.institutionId,
      collegeId: options.collegeId === undefined ? world.collegeId : options.collegeId,
      responsibleInventorId: world.inventor.personId,
      inventoryStatus: 'SUBMITTED',
      inventors: { create: [{ position: 1, name: '张伟', personId: world.inventor.personId }] },
    },
  });
  const state = initialState(def.id, def.version, { patentType: 'INVENTION' });
  await db.selfAssessment.create({
    data: {
      patentId: patent.id,
      respondentId: world.inventor.personId,
      questionnaireId: def.id,
      questionnaireVersion: def.version,
      status: 'SUBMITTED',
      submittedAt: at,
      createdAt: at,
      updatedAt: at,
      state: {
        ...state,
        phase: 'submitted',
        current: null,
        answers: { governmentFunded: true, trl: 5, valueGrade: 'good' },
      } as never,
      answers: {
        create: [
          { questionId: 'governmentFunded', value: true, answeredAt: at },
          { questionId: 'trl', value: 5, answeredAt: at },
          { questionId: 'valueGrade', value: 'good', answeredAt: at },
        ],
      },
    },
  });
  return patent.id;
}
