// Seeds the demo (core/demo/demo-data.ts). Safe to run on every start: each row is looked up by a
// unique key and only created when missing, so a second run neither duplicates rows nor undoes what
// someone did during the demo (answers, screening, a changed inventory status).
import type { Prisma, PrismaClient } from '../../prisma/generated/client.ts';
import { calendarDate, createCampaign } from '../campaigns/default-milestones.ts';
import { DEFAULT_TIME_ZONE, formatLocal } from '../time-format.ts';
import {
  DEMO_COLLEGES,
  DEMO_ENTERPRISE,
  DEMO_INVENTOR,
  DEMO_PATENTEES,
  DEMO_PATENTS,
  DEMO_PERSONA_KEYS,
  DEMO_PERSONS,
  DEMO_PROVINCE,
  DEMO_UNIVERSITY,
  type DemoCollegeCode,
  type DemoPersonaKey,
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
}

export function demoCampaignName(year: number): string {
  return `${year}年存量专利盘活专项行动`;
}

export async function seedDemo(prisma: PrismaClient, options: SeedDemoOptions): Promise<DemoSeedResult> {
  const year = shanghaiYear(options.now);
  const before = await countDemoRows(prisma, year);
  // All or nothing, so that a bot running alongside never sees a half-seeded university.
  const ids = await prisma.$transaction((tx) => seedRows(tx, year, options.now), {
    maxWait: 10_000,
    timeout: 60_000,
  });
  const counts = await countDemoRows(prisma, year);
  const created = { ...counts };
  for (const key of Object.keys(created) as (keyof DemoSeedCounts)[]) created[key] -= before[key];
  return { ...ids, campaignYear: year, personaKeys: [...DEMO_PERSONA_KEYS], counts, created };
}

async function seedRows(tx: Prisma.TransactionClient, year: number, now: Date) {
  const university = await tx.institution.upsert({
    where: { code: DEMO_UNIVERSITY.code },
    update: {},
    create: { ...DEMO_UNIVERSITY, kind: 'UNIVERSITY' },
  });
  const collegeIds = {} as Record<DemoCollegeCode, string>;
  for (const college of DEMO_COLLEGES) {
    const row = await tx.institution.upsert({
      where: { code: college.code },
      update: {},
      create: {
        ...college,
        kind: 'COLLEGE',
        province: DEMO_UNIVERSITY.province,
        parentId: university.id,
      },
    });
    collegeIds[college.code] = row.id;
  }
  const institutionIds: Record<string, string> = { [DEMO_UNIVERSITY.code]: university.id, ...collegeIds };

  const enterprise = await tx.enterprise.upsert({
    where: { creditCode: DEMO_ENTERPRISE.creditCode },
    update: {},
    // The demo enterprise is verified: it receives pushes and invitations (core/enterprises).
    create: { ...DEMO_ENTERPRISE, status: 'VERIFIED', verifiedAt: now },
  });

  const personas = {} as Record<DemoPersonaKey, string>;
  for (const p of DEMO_PERSONS) {
    const person = await tx.person.upsert({
      where: { email: p.email },
      update: {},
      create: { name: p.name, email: p.email, locale: p.locale },
    });
    personas[p.key] = person.id;

    const scope = {
      institutionId: 'institution' in p.scope ? institutionIds[p.scope.institution]! : null,
      enterpriseId: 'enterprise' in p.scope ? enterprise.id : null,
      province: 'province' in p.scope ? p.scope.province : null,
    };
    // NULLs are distinct in the (person, role, scope…) unique index, so it cannot key an upsert.
    const role = await tx.roleAssignment.findFirst({
      where: { personId: person.id, role: p.role, ...scope },
    });
    if (!role) await tx.roleAssignment.create({ data: { personId: person.id, role: p.role, ...scope } });

    await tx.channelIdentity.upsert({
      where: { channel_externalId: { channel: 'TERMINAL', externalId: p.key } },
      update: {},
      create: { personId: person.id, channel: 'TERMINAL', externalId: p.key },
    });
  }

  const campaignName = demoCampaignName(year);
  const campaign =
    (await tx.campaign.findFirst({
      where: { name: campaignName, year, province: DEMO_PROVINCE },
      orderBy: { createdAt: 'asc' },
    })) ?? (await createCampaign(tx, { name: campaignName, year, province: DEMO_PROVINCE }));

  const inventorId = personas[DEMO_INVENTOR.key];
  // Names are not identities in general; in the demo data every 张伟 is the demo inventor.
  const isDemoInventor = (name: string) => name === DEMO_INVENTOR.name;
  for (const p of DEMO_PATENTS) {
    await tx.patent.upsert({
      where: { applicationNumber: p.applicationNumber },
      update: {},
      create: {
        applicationNumber: p.applicationNumber,
        publicationNumber: p.publicationNumber,
        title: p.title,
        abstract: p.abstract,
        type: p.type,
        ipcCodes: p.ipcCodes,
        locarnoClass: p.locarnoClass,
        applicationDate: calendarDate(p.applicationDate),
        grantDate: calendarDate(p.grantDate),
        legalStatus: 'VALID',
        patentees: [...DEMO_PATENTEES],
        // Listed now: self-assessment nudges count from here.
        createdAt: now,
        updatedAt: now,
        institutionId: university.id,
        collegeId: collegeIds[p.college],
        // The first inventor answers the inventory questionnaire.
        responsibleInventorId: isDemoInventor(p.inventors[0]!) ? inventorId : null,
        inventors: {
          create: p.inventors.map((name, i) => ({
            position: i + 1,
            name,
            personId: isDemoInventor(name) ? inventorId : null,
          })),
        },
      },
    });
  }

  return {
    institutionId: university.id,
    collegeIds,
    inventorPersonId: inventorId,
    enterpriseId: enterprise.id,
    campaignId: campaign.id,
    personas,
  };
}

export async function countDemoRows(prisma: PrismaClient, year: number): Promise<DemoSeedCounts> {
  const codes = [DEMO_UNIVERSITY.code, ...DEMO_COLLEGES.map((c) => c.code)];
  const emails = DEMO_PERSONS.map((p) => p.email);
  const applicationNumbers = DEMO_PATENTS.map((p) => p.applicationNumber);
  const campaign = { name: demoCampaignName(year), year, province: DEMO_PROVINCE };
  return {
    institutions: await prisma.institution.count({ where: { code: { in: codes } } }),
    persons: await prisma.person.count({ where: { email: { in: emails } } }),
    roleAssignments: await prisma.roleAssignment.count({ where: { person: { email: { in: emails } } } }),
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
  };
}

function shanghaiYear(now: Date): number {
  return Number(formatLocal(now, DEFAULT_TIME_ZONE, 'yyyy'));
}
