// Bulk data for the digest benchmark, generated inside PostgreSQL (INSERT … SELECT generate_series):
// institutions spread over the 31 mainland provinces, patents with a per-institution inventory
// progress (so that some are behind and some ahead), self-assessments for the inventoried ones,
// pushes to enterprises for part of the pool (opened, evaluated, interested), evaluations,
// introductions, deals, roadshows with invitations. Proportions follow the national figures of
// April 2024 (domain-facts: about two thirds of inventoried patents in pools) and a funnel that
// narrows at each stage.
import type { Db } from '../../core/db/database.ts';
import { provinces } from '../../core/regions/regions.ts';

export interface SeedSize {
  patents: number;
  institutions: number;
}

/** The 31 province-level units of the mainland (Hong Kong, Macao and Taiwan have no campaign here). */
export const MAINLAND = provinces().filter((p) => Number(p.code) < 710000);

const IPCS = [
  'G06N 3/04',
  'G06F 40/30',
  'G06N 5/02',
  'H01M 10/0525',
  'A61K 31/00',
  'C08L 23/06',
  'B23K 26/00',
  'H04L 29/06',
  'G01N 33/00',
  'F24S 10/00',
  'C02F 1/00',
  'B60L 58/00',
  'A01G 9/00',
  'E04B 1/00',
];

export async function seedDigestBench(db: Db, size: SeedSize, log: (line: string) => void): Promise<void> {
  const step = async (name: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    log(`  ${name.padEnd(28)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const codes = MAINLAND.map((p) => p.code);
  const names = MAINLAND.map((p) => p.zh.replace(/(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)$/, ''));
  await step('campaign, people', async () => {
    await db.campaign.create({
      data: {
        name: '存量专利盘活 2024',
        year: 2024,
        province: null,
        grantedBefore: new Date('2023-12-31'),
        milestones: {
          create: [
            { dueDate: new Date('2024-06-30'), targetPercent: 30 },
            { dueDate: new Date('2024-12-31'), targetPercent: 100 },
          ],
        },
      },
    });
    await db.$executeRaw`
      INSERT INTO "Person" (id, name, "updatedAt")
      SELECT gen_random_uuid(), '人员' || g, now() FROM generate_series(1, 200) g`;
  });
  await step(
    `${size.institutions} institutions`,
    () =>
      db.$executeRaw`
      INSERT INTO "Institution" (id, code, "nameZh", kind, province)
      SELECT gen_random_uuid(), 'B' || g,
        (${names}::text[])[1 + g % ${codes.length}] || (ARRAY['理工','师范','医科','农业','科技','工业','财经','交通'])[1 + g % 8]
          || '大学' || CASE WHEN g > ${codes.length * 8} THEN '（第' || g || '校区）' ELSE '' END,
        (ARRAY['UNIVERSITY','UNIVERSITY','RESEARCH_INSTITUTE','HOSPITAL']::"InstitutionKind"[])[1 + g % 4],
        (${codes}::text[])[1 + g % ${codes.length}]
      FROM generate_series(1, ${size.institutions}) g`,
  );
  await step(
    `${size.patents} patents`,
    () =>
      db.$executeRaw`
      WITH inst AS (SELECT id, (row_number() OVER (ORDER BY code))::int AS rn FROM "Institution"),
      g AS (
        SELECT g, 1 + g % ${size.institutions} AS rn,
          (hashint4(g) & 2147483647) % 1000 AS h, (hashint4(g * 31 + 7) & 2147483647) % 100 AS h2
        FROM generate_series(1, ${size.patents}) g
      )
      INSERT INTO "Patent" (id, "applicationNumber", title, type, "ipcCodes", "applicationDate", "grantDate",
        "legalStatus", "institutionId", "inventoryStatus", "updatedAt")
      SELECT gen_random_uuid(), 'BENCH' || g.g, '专利' || g.g,
        (CASE WHEN g.h2 < 70 THEN 'INVENTION' WHEN g.h2 < 95 THEN 'UTILITY_MODEL' ELSE 'DESIGN' END)::"PatentType",
        ARRAY[(${IPCS}::text[])[1 + g.g % ${IPCS.length}]],
        DATE '2012-01-01' + (g.g % 4000), DATE '2014-01-01' + (g.g % 3800),
        (CASE WHEN g.h2 < 95 THEN 'VALID' ELSE 'LAPSED' END)::"LegalStatus",
        inst.id,
        -- Each institution inventories its own share (5 %–94 %): some behind, some ahead.
        (CASE
          WHEN g.h / 10.0 < (inst.rn * 37) % 90 + 5 THEN
            CASE WHEN g.h2 < 60 THEN 'IN_POOL' WHEN g.h2 < 85 THEN 'SUBMITTED'
                 WHEN g.h2 < 95 THEN 'COLLEGE_APPROVED' ELSE 'SCREENED_OUT' END
          WHEN g.h2 < 10 THEN 'IN_PROGRESS' WHEN g.h2 < 13 THEN 'RETURNED' ELSE 'NOT_STARTED' END
        )::"InventoryStatus",
        now()
      FROM g JOIN inst ON inst.rn = g.rn`,
  );
  await step(
    'self-assessments',
    () =>
      db.$executeRaw`
      INSERT INTO "SelfAssessment" (id, "patentId", "respondentId", "questionnaireId", "questionnaireVersion",
        status, state, "submittedAt", "updatedAt")
      SELECT gen_random_uuid(), p.id, (SELECT id FROM "Person" LIMIT 1), 'self-assessment', 1,
        'SUBMITTED', '{}', now(), now()
      FROM "Patent" p
      WHERE p."inventoryStatus" IN ('SUBMITTED', 'COLLEGE_APPROVED', 'IN_POOL', 'SCREENED_OUT')`,
  );
  await step(
    'enterprises',
    () =>
      db.$executeRaw`
      INSERT INTO "Enterprise" (id, name, "creditCode", region, status)
      SELECT gen_random_uuid(), '企业' || g, 'BENCH' || g, (${codes}::text[])[1 + g % ${codes.length}], 'VERIFIED'
      FROM generate_series(1, 5000) g`,
  );
  await step(
    'match pushes',
    () =>
      db.$executeRaw`
      WITH e AS (SELECT id, (row_number() OVER (ORDER BY "creditCode"))::int AS rn FROM "Enterprise"),
      p AS (
        SELECT id, (hashint4(hashtext(id::text)) & 2147483647) AS h FROM "Patent" WHERE "inventoryStatus" = 'IN_POOL'
      )
      INSERT INTO "MatchPush" (id, "patentId", "enterpriseId", score, reasons, status, "pushedAt", "openedAt", "updatedAt")
      SELECT gen_random_uuid(), p.id, e.id, 1, '[]',
        (CASE WHEN p.h % 100 < 40 THEN 'SENT' WHEN p.h % 100 < 70 THEN 'VIEWED' WHEN p.h % 100 < 85 THEN 'EVALUATED'
              WHEN p.h % 100 < 95 THEN 'DECLINED' ELSE 'INTERESTED' END)::"MatchStatus",
        now(), CASE WHEN p.h % 100 >= 40 THEN now() END, now()
      FROM p JOIN e ON e.rn = 1 + p.h % 5000
      WHERE (p.h / 1000) % 10 < 4`,
  );
  await step('evaluations, introductions', async () => {
    await db.$executeRaw`
      INSERT INTO "EnterpriseEvaluation" (id, "patentId", "enterpriseId", "evaluatorId", "questionnaireId",
        "questionnaireVersion", status, state, "submittedAt", "updatedAt")
      SELECT gen_random_uuid(), m."patentId", m."enterpriseId", (SELECT id FROM "Person" LIMIT 1),
        'enterprise-evaluation', 1, 'SUBMITTED', '{}', now(), now()
      FROM "MatchPush" m WHERE m.status IN ('EVALUATED', 'INTERESTED')`;
    await db.$executeRaw`
      INSERT INTO "Introduction" (id, "patentId", "requesterId", status, "updatedAt")
      SELECT gen_random_uuid(), m."patentId", (SELECT id FROM "Person" LIMIT 1),
        (CASE WHEN hashtext(m.id::text) % 2 = 0 THEN 'CONTACTED' ELSE 'REQUESTED' END)::"IntroductionStatus", now()
      FROM "MatchPush" m WHERE m.status = 'INTERESTED'`;
  });
  await step(
    'deals',
    () =>
      db.$executeRaw`
      INSERT INTO "TransformationRecord" (id, "patentId", kind, "licenceType", "amountWanYuan", "contractDate", "enterpriseId")
      SELECT gen_random_uuid(), x."patentId",
        (ARRAY['TRANSFER','LICENCE','LICENCE','EQUITY']::"TransformationKind"[])[1 + abs(hashtext(x.id::text)) % 4],
        CASE WHEN abs(hashtext(x.id::text)) % 4 IN (1, 2) THEN (ARRAY['exclusive','ordinary','open'])[1 + abs(hashtext(x.id::text)) % 3] END,
        (abs(hashtext(x.id::text)) % 50000) / 100.0, DATE '2024-05-01', x."enterpriseId"
      FROM "MatchPush" x WHERE x.status = 'INTERESTED' AND abs(hashtext(x.id::text)) % 10 < 4`,
  );
  await step('roadshows, invitations', async () => {
    await db.$executeRaw`
      INSERT INTO "Roadshow" (id, "institutionId", title, "startsAt", status, "createdById")
      SELECT gen_random_uuid(), i.id, '路演' || k, TIMESTAMP '2024-05-01 02:00' + k * INTERVAL '7 days',
        'PUBLISHED', (SELECT id FROM "Person" LIMIT 1)
      FROM "Institution" i CROSS JOIN generate_series(1, 2) k`;
    await db.$executeRaw`
      WITH people AS (SELECT id, (row_number() OVER (ORDER BY id))::int AS rn FROM "Person")
      INSERT INTO "Invitation" (id, "roadshowId", "personId", rsvp)
      SELECT gen_random_uuid(), r.id, people.id,
        (CASE WHEN people.rn % 3 = 0 THEN 'NO' ELSE 'YES' END)::"Rsvp"
      FROM "Roadshow" r JOIN people ON people.rn <= 10`;
  });
  // What autovacuum does to a table loaded once: statistics, and the hint bits and visibility map,
  // without which the first reader of a million fresh rows pays for writing them.
  await step('vacuum analyze', () => db.$executeRawUnsafe('VACUUM ANALYZE'));
}
