// Seeds the demo (core/demo/demo-data.ts) through the same use cases a real installation is set up
// with (README "Run it for your institution"), so the demo cannot drift from them. The operator (no
// actor) runs each step: the platform administrator (initFirstAdmin, or an invitation when the
// installation has one already), the university and its colleges (registerInstitution, addCollege),
// the coordinators and the bureau officer (inviteToRole + redeemInvite, binding each persona's
// TERMINAL account), the inventor from the staff list (importStaff) and invited, the enterprise
// from a bureau's list of verified enterprises with its contact invited (importEnterprises), this
// year's campaign (createCampaign) and the patent list (importPatents). A few patents then reach the
// transformation resource pool along the path people take (poolPatents): the inventor answers the
// self-assessment a page at a time as a Slack form does and submits it, the college coordinator and
// then the university coordinator approve it (decide), so the enterprise persona is offered patents.
// Safe to run on every start: each step is skipped when its result exists already (institution by
// code, persona by its TERMINAL account, enterprise by credit code, patents by application number, a
// patent in the pool), so a second run creates nothing and never undoes what someone did during the
// demo; a run stopped half-way is taken up where it stopped.
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { EnterpriseType, PrismaClient } from '../../prisma/generated/client.ts';
import { openPage, submitPageStep } from '../assessments/page-submission.ts';
import { applyStep } from '../assessments/response-store.ts';
import { openSelfAssessment, selfAssessmentHooks } from '../assessments/self-assessments.ts';
import { createCampaign } from '../campaigns/default-milestones.ts';
import type { Clock } from '../clock.ts';
import { findByCreditCode } from '../enterprises/enterprises.ts';
import { importEnterprises } from '../enterprises/import.ts';
import { Refusal } from '../errors.ts';
import { addExpert, inviteExpert } from '../experts/experts.ts';
import { addCollege, findInstitution, registerInstitution } from '../institutions/institutions.ts';
import { importPatents } from '../inventory/import.ts';
import { initFirstAdmin } from '../invites/bootstrap.ts';
import { redeemInvite } from '../invites/invites.ts';
import { inviteToRole } from '../invites/role-invites.ts';
import { type Actor, loadActor } from '../people/actor.ts';
import { personByEmail } from '../people/people.ts';
import type { AnswerValue } from '../questionnaire/answers.ts';
import { parseEnvFor } from '../questionnaire/parse-env.ts';
import { parseState } from '../questionnaire/state.ts';
import { decide } from '../screening/decide.ts';
import { importStaff } from '../staff/import.ts';
import { DEFAULT_TIME_ZONE, formatLocal } from '../time-format.ts';
import {
  DEMO_COLLEGES,
  DEMO_ENTERPRISE,
  DEMO_INVENTOR,
  DEMO_PATENTEES,
  DEMO_PATENTS,
  DEMO_PERSONA_KEYS,
  DEMO_PERSONS,
  DEMO_POOLED_PATENTS,
  DEMO_PROVINCE,
  DEMO_UNIVERSITY,
  type DemoCollegeCode,
  type DemoPerson,
  type DemoPersonaKey,
  type DemoSelfAssessmentAnswers,
} from './demo-data.ts';

/** Demo rows in the database (for `created`: rows this run inserted). */
export interface DemoSeedCounts {
  institutions: number;
  persons: number;
  roleAssignments: number;
  channelIdentities: number;
  enterprises: number;
  campaigns: number;
  milestones: number;
  patents: number;
  patentInventors: number;
  selfAssessments: number;
  screeningDecisions: number;
}

export interface DemoSeedResult {
  institutionId: string;
  collegeIds: Record<DemoCollegeCode, string>;
  /** The demo inventor 张伟. */
  inventorPersonId: string;
  enterpriseId: string;
  campaignId: string;
  campaignYear: number;
  /** Persona key (the TERMINAL channel's externalId) → person id. */
  personas: Record<DemoPersonaKey, string>;
  personaKeys: DemoPersonaKey[];
  counts: DemoSeedCounts;
  created: DemoSeedCounts;
}

export interface SeedDemoOptions {
  /** Decides the campaign year (in Asia/Shanghai). */
  now: Date;
  /** Where the imports log (the terminal demo keeps its log in a file); the default logger otherwise. */
  logger?: Logger;
}

export function demoCampaignName(year: number): string {
  return `${year}年存量专利盘活专项行动`;
}

export async function seedDemo(prisma: PrismaClient, options: SeedDemoOptions): Promise<DemoSeedResult> {
  const year = shanghaiYear(options.now);
  const before = await countDemoRows(prisma, year);
  const ids = await seedSteps(prisma, year, options.now, options.logger);
  const counts = await countDemoRows(prisma, year);
  const created = { ...counts };
  for (const key of Object.keys(created) as (keyof DemoSeedCounts)[]) created[key] -= before[key];
  return { ...ids, campaignYear: year, personaKeys: [...DEMO_PERSONA_KEYS], counts, created };
}

const persona = (key: DemoPersonaKey): DemoPerson => DEMO_PERSONS.find((p) => p.key === key)!;

/** The person bound to a persona's TERMINAL account, or null before it is bound. */
async function boundPerson(db: PrismaClient, key: DemoPersonaKey): Promise<string | null> {
  const identity = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel: 'TERMINAL', externalId: key } },
  });
  return identity?.personId ?? null;
}

/** Binds the persona's TERMINAL account with an invitation token, as `invite redeem --terminal` does. */
async function redeemAs(db: PrismaClient, key: DemoPersonaKey, token: string, now: Date): Promise<string> {
  const redeemed = await redeemInvite(db, token, { channel: 'TERMINAL', externalId: key }, now);
  if (redeemed.outcome !== 'BOUND' && redeemed.outcome !== 'ALREADY_BOUND')
    throw new Error(`demo persona ${key}: invitation ${redeemed.outcome}`);
  return redeemed.personId;
}

/** Invites a persona to its role (the operator invites) and binds its TERMINAL account; skipped once bound. */
async function invitePersona(
  db: PrismaClient,
  key: DemoPersonaKey,
  scope: { institutionId?: string; enterpriseId?: string; province?: string },
  now: Date,
): Promise<string> {
  const bound = await boundPerson(db, key);
  if (bound) return bound;
  const p = persona(key);
  const known = await personByEmail(db, p.email);
  const invitee = known
    ? { personId: known.id }
    : { name: p.name, email: p.email, locale: p.locale as 'zh-CN' };
  const invitation = await inviteToRole(db, null, { role: p.role, ...scope, invitee }, now);
  return redeemAs(db, key, invitation.token, now);
}

/** The platform administrator: the first one of an empty installation, or one more invited. */
async function seedAdmin(db: PrismaClient, now: Date): Promise<string> {
  const bound = await boundPerson(db, 'admin');
  if (bound) return bound;
  const p = persona('admin');
  if ((await db.roleAssignment.count({ where: { role: 'ADMIN' } })) > 0)
    return invitePersona(db, 'admin', {}, now);
  const first = await initFirstAdmin(db, { email: p.email, name: p.name, locale: p.locale as 'zh-CN' }, now);
  return redeemAs(db, 'admin', first.token, now);
}

async function seedInstitution(db: PrismaClient, now: Date) {
  const university =
    (await findInstitution(db, DEMO_UNIVERSITY.code)) ??
    (await registerInstitution(db, null, { ...DEMO_UNIVERSITY, kind: 'UNIVERSITY' }, now));
  const collegeIds = {} as Record<DemoCollegeCode, string>;
  for (const c of DEMO_COLLEGES) {
    const college =
      (await findInstitution(db, c.code)) ??
      (await addCollege(db, null, DEMO_UNIVERSITY.code, { ...c }, now));
    collegeIds[c.code] = college.id;
  }
  return { university, collegeIds };
}

/** The expert: added to the province's expert database by its bureau officer, then invited. */
async function seedExpert(db: PrismaClient, bureauPersonId: string, now: Date): Promise<string> {
  const bound = await boundPerson(db, 'expert');
  if (bound) return bound;
  const p = persona('expert');
  if (!('expert' in p.scope)) throw new Error('the demo expert has no expert profile');
  const bureau = await loadActor(db, bureauPersonId);
  const profile = p.scope.expert;
  const input = { name: p.name, email: p.email, ...profile };
  const known = await personByEmail(db, p.email);
  const invitation = known
    ? (await inviteExpert(db, bureau, p.email, now)).invitation
    : (await addExpert(db, bureau, input, now, { invite: true })).invitation!;
  return redeemAs(db, 'expert', invitation.token, now);
}

/** A CSV file in memory, as the imports read an upload. */
function csvFile(rows: readonly (readonly string[])[]): () => Promise<NodeJS.ReadableStream> {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = rows.map((r) => r.map(cell).join(',')).join('\r\n');
  const buffer = Buffer.from(`${text}\r\n`, 'utf8');
  return async () => Readable.from([buffer]);
}

const STAFF_NUMBER = 'DHUT-T0001';

/** The inventor: a serving member of staff from the personnel office's list, then invited. */
async function seedInventor(
  db: PrismaClient,
  institutionId: string,
  clock: Clock,
  logger: Logger | undefined,
): Promise<string> {
  const bound = await boundPerson(db, 'inventor');
  if (bound) return bound;
  const p = DEMO_INVENTOR;
  const inMse = DEMO_COLLEGES.find((c) => c.code === 'DHUT-MSE')!;
  if (!(await db.staffRecord.findFirst({ where: { institutionId, staffNumber: STAFF_NUMBER } }))) {
    const staff = await importStaff(db, {
      institutionId,
      actor: null,
      fileName: 'demo-staff.csv',
      open: csvFile([
        ['姓名', '工号', '邮箱', '学院', '状态'],
        [p.name, STAFF_NUMBER, p.email, inMse.nameZh, '在职'],
      ]),
      locale: 'zh-CN',
      clock,
      ...(logger ? { logger } : {}),
    });
    if (staff.failed > 0 || staff.fatal)
      throw new Error(`demo staff list refused: ${JSON.stringify(staff.errors)}`);
  }
  return invitePersona(db, 'inventor', { institutionId }, clock.now());
}

/**
 * The enterprise, from a bureau's list of verified enterprises (importEnterprises: the register of
 * high-tech enterprises), its contact invited as its administrator and bound to the persona's account.
 * Not registered from the persona's chat account (registerEnterprise): that person would have no
 * email, and the Slack bot binds the demo personas by their email.
 */
async function seedEnterprise(
  db: PrismaClient,
  now: Date,
): Promise<{ enterpriseId: string; personId: string }> {
  const existing = await findByCreditCode(db, DEMO_ENTERPRISE.creditCode);
  const bound = await boundPerson(db, 'enterprise');
  if (existing && bound) return { enterpriseId: existing.id, personId: bound };
  if (existing) throw new Error('the demo enterprise exists without its persona');
  const p = persona('enterprise');
  const result = await importEnterprises(db, null, {
    open: csvFile([
      ['企业名称', '统一社会信用代码', '所在地区', '企业类型', '关注IPC', '关键词', '联系人', '联系人邮箱'],
      [
        DEMO_ENTERPRISE.name,
        DEMO_ENTERPRISE.creditCode,
        DEMO_ENTERPRISE.region,
        DEMO_ENTERPRISE.types.map((type) => ENTERPRISE_TYPE_NAMES[type]).join(';'),
        DEMO_ENTERPRISE.ipcInterests.join(';'),
        DEMO_ENTERPRISE.keywords.join(';'),
        p.name,
        p.email,
      ],
    ]),
    now,
  });
  const invitation = result.invitations[0];
  if (result.failed > 0 || result.fatal || !invitation)
    throw new Error(
      `demo enterprise refused: ${JSON.stringify([result.fatal, result.errors, result.inviteProblems])}`,
    );
  const personId = await redeemAs(db, 'enterprise', invitation.token, now);
  return { enterpriseId: invitation.enterpriseId, personId };
}

const ENTERPRISE_TYPE_NAMES: Partial<Record<EnterpriseType, string>> = {
  SPECIALIZED_SME: '专精特新中小企业',
  HIGH_TECH: '高新技术企业',
};

const PATENT_TYPES = { INVENTION: '发明', UTILITY_MODEL: '实用新型', DESIGN: '外观设计' } as const;

/** The 24 patents as a CNIPA export lists them; imported only when some are not listed yet. */
async function seedPatents(
  db: PrismaClient,
  institutionId: string,
  clock: Clock,
  logger: Logger | undefined,
): Promise<void> {
  const numbers = DEMO_PATENTS.map((p) => p.applicationNumber);
  const listed = await db.patent.count({ where: { applicationNumber: { in: numbers } } });
  if (listed === numbers.length) return;
  const collegeName = Object.fromEntries(DEMO_COLLEGES.map((c) => [c.code, c.nameZh]));
  const rows = DEMO_PATENTS.map((p) => [
    `CN${p.applicationNumber}`,
    p.applicationDate,
    p.publicationNumber,
    p.grantDate,
    p.title,
    p.abstract,
    DEMO_PATENTEES.join(';'),
    p.inventors.join(';'),
    p.ipcCodes.join(';'),
    p.ipcCodes[0] ?? '',
    p.locarnoClass ?? '',
    PATENT_TYPES[p.type],
    '有效',
    collegeName[p.college]!,
  ]);
  const summary = await importPatents(db, {
    institutionId,
    actor: null,
    fileName: 'demo-cnipa.csv',
    open: csvFile([
      [
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
        '洛迦诺分类号',
        '专利类型',
        '法律状态',
        '学院',
      ],
      ...rows,
    ]),
    locale: 'zh-CN',
    clock,
    ...(logger ? { logger } : {}),
  });
  if (summary.failed > 0 || summary.fatal)
    throw new Error(
      `demo patent list refused: ${JSON.stringify(summary.errors.concat().slice(0, 3))} ${JSON.stringify(summary.fatal)}`,
    );
}

/** A stored answer as a form field sends it, to compare with the seed's answers. */
function asField(value: AnswerValue | readonly string[] | string | null | undefined): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/**
 * Whether a patent's self-assessment is on the seed's own path: every answer given so far is the
 * seed's. Only then is it taken further (a run stopped half-way); a patent someone answered
 * otherwise during the demo is theirs, and left as it is.
 */
function onSeedPath(given: Record<string, AnswerValue>, answers: DemoSelfAssessmentAnswers): boolean {
  return Object.entries(given).every(([id, value]) => asField(value) === asField(answers[id]));
}

/** The inventor answers a page at a time, as a Slack form sends it, then submits from the review. */
async function answerAndSubmit(
  db: PrismaClient,
  inventor: Actor,
  patentId: string,
  answers: DemoSelfAssessmentAnswers,
  now: Date,
): Promise<void> {
  const env = parseEnvFor(DEFAULT_TIME_ZONE, now);
  const hooks = selfAssessmentHooks(inventor);
  const response = await openSelfAssessment(db, inventor, patentId, now);
  if (response.status !== 'DRAFT' || !onSeedPath(response.state.answers, answers)) return;
  let { page } = await openPage(response, hooks);
  // A page may reveal a follow-up that comes as a page of its own: bounded by the questions.
  for (let pages = 0; page; pages++) {
    if (pages > 20) throw new Error(`demo self-assessment ${patentId}: the pages never end`);
    const values = Object.fromEntries(
      page.questions.map((q) => {
        const value = answers[q.id] ?? null;
        return [q.id, Array.isArray(value) ? [...value] : (value as string | null)];
      }),
    );
    const result = await submitPageStep(
      db,
      'self-assessment',
      response.id,
      page.section.id,
      values,
      env,
      now,
      hooks,
    );
    if (result.outcome === 'INVALID')
      throw new Error(`demo self-assessment ${patentId} refused: ${JSON.stringify(result.errors)}`);
    if (result.outcome === 'CLOSED') return;
    page = result.outcome === 'NEXT_PAGE' ? result.page : null;
  }
  await applyStep(db, 'self-assessment', response.id, { type: 'submit' }, env, now, hooks);
}

/**
 * DEMO_POOLED_PATENTS into the resource pool along the real path, each from where it stands: not
 * started or a draft of the seed's answers → answered and submitted; submitted → approved by the
 * college coordinator; college-approved → approved by the university coordinator (IN_POOL). Patents
 * in the pool, returned, screened out or answered by someone else are left alone.
 */
async function poolPatents(db: PrismaClient, personas: Record<DemoPersonaKey, string>, now: Date) {
  const answersOf = new Map(DEMO_POOLED_PATENTS.map((p) => [p.applicationNumber, p.answers]));
  const patents = await db.patent.findMany({
    where: {
      applicationNumber: { in: [...answersOf.keys()] },
      inventoryStatus: { in: ['NOT_STARTED', 'IN_PROGRESS', 'SUBMITTED', 'COLLEGE_APPROVED'] },
    },
    orderBy: { applicationNumber: 'asc' },
    select: {
      id: true,
      applicationNumber: true,
      inventoryStatus: true,
      selfAssessments: { select: { state: true } },
    },
  });
  if (patents.length === 0) return;
  const actors = new Map<DemoPersonaKey, Actor>();
  const actor = async (key: DemoPersonaKey): Promise<Actor> => {
    const found = actors.get(key) ?? (await loadActor(db, personas[key]));
    // Someone deactivated the persona during the demo: like any refusal, the patent stays put.
    if (!found) throw new Refusal({ key: 'screening:refusal.not_allowed' }, `demo persona ${key}`);
    actors.set(key, found);
    return found;
  };
  for (const patent of patents) {
    const answers = answersOf.get(patent.applicationNumber)!;
    const stored = patent.selfAssessments[0];
    if (stored && !onSeedPath(parseState(stored.state).answers, answers)) continue;
    try {
      let status = patent.inventoryStatus;
      if (status === 'NOT_STARTED' || status === 'IN_PROGRESS') {
        await answerAndSubmit(db, await actor('inventor'), patent.id, answers, now);
        status = (await db.patent.findUniqueOrThrow({ where: { id: patent.id } })).inventoryStatus;
      }
      if (status === 'SUBMITTED') {
        const approve = { patentId: patent.id, outcome: 'APPROVED' as const };
        status = (await decide(db, await actor('college-coordinator'), approve, now)).status;
      }
      if (status === 'COLLEGE_APPROVED') {
        await decide(db, await actor('coordinator'), { patentId: patent.id, outcome: 'APPROVED' }, now);
      }
    } catch (error) {
      // A persona's role removed during the demo refuses its step: the demo starts all the same.
      if (!(error instanceof Refusal)) throw error;
    }
  }
}

async function seedSteps(db: PrismaClient, year: number, now: Date, logger: Logger | undefined) {
  const clock: Clock = { now: () => now };
  const personas = {} as Record<DemoPersonaKey, string>;
  personas.admin = await seedAdmin(db, now);
  const { university, collegeIds } = await seedInstitution(db, now);
  personas.coordinator = await invitePersona(db, 'coordinator', { institutionId: university.id }, now);
  personas['college-coordinator'] = await invitePersona(
    db,
    'college-coordinator',
    { institutionId: collegeIds['DHUT-MSE'] },
    now,
  );
  personas.bureau = await invitePersona(db, 'bureau', { province: DEMO_PROVINCE }, now);
  personas.expert = await seedExpert(db, personas.bureau, now);
  personas.inventor = await seedInventor(db, university.id, clock, logger);
  const enterprise = await seedEnterprise(db, now);
  personas.enterprise = enterprise.personId;

  const campaignName = demoCampaignName(year);
  const campaign =
    (await db.campaign.findFirst({
      where: { name: campaignName, year, province: DEMO_PROVINCE },
      orderBy: { createdAt: 'asc' },
    })) ?? (await createCampaign(db, { name: campaignName, year, province: DEMO_PROVINCE }));

  await seedPatents(db, university.id, clock, logger);
  await poolPatents(db, personas, now);

  return {
    institutionId: university.id,
    collegeIds,
    inventorPersonId: personas.inventor,
    enterpriseId: enterprise.enterpriseId,
    campaignId: campaign.id,
    personas,
  };
}

export async function countDemoRows(prisma: PrismaClient, year: number): Promise<DemoSeedCounts> {
  const codes = [DEMO_UNIVERSITY.code, ...DEMO_COLLEGES.map((c) => c.code)];
  const emails = DEMO_PERSONS.map((p) => p.email);
  const applicationNumbers = DEMO_PATENTS.map((p) => p.applicationNumber);
  const campaign = { name: demoCampaignName(year), year, province: DEMO_PROVINCE };
  // The enterprise's persona registered from its account, without an email.
  const demoPerson = {
    OR: [
      { email: { in: emails } },
      { identities: { some: { channel: 'TERMINAL' as const, externalId: { in: [...DEMO_PERSONA_KEYS] } } } },
    ],
  };
  return {
    institutions: await prisma.institution.count({ where: { code: { in: codes } } }),
    persons: await prisma.person.count({ where: demoPerson }),
    roleAssignments: await prisma.roleAssignment.count({ where: { person: demoPerson } }),
    channelIdentities: await prisma.channelIdentity.count({
      where: { channel: 'TERMINAL', externalId: { in: [...DEMO_PERSONA_KEYS] } },
    }),
    enterprises: await prisma.enterprise.count({ where: { creditCode: DEMO_ENTERPRISE.creditCode } }),
    campaigns: await prisma.campaign.count({ where: campaign }),
    milestones: await prisma.milestone.count({ where: { campaign } }),
    patents: await prisma.patent.count({ where: { applicationNumber: { in: applicationNumbers } } }),
    patentInventors: await prisma.patentInventor.count({
      where: { patent: { applicationNumber: { in: applicationNumbers } } },
    }),
    selfAssessments: await prisma.selfAssessment.count({
      where: { patent: { applicationNumber: { in: applicationNumbers } } },
    }),
    screeningDecisions: await prisma.screeningDecision.count({
      where: { assessment: { patent: { applicationNumber: { in: applicationNumbers } } } },
    }),
  };
}

function shanghaiYear(now: Date): number {
  return Number(formatLocal(now, DEFAULT_TIME_ZONE, 'yyyy'));
}
