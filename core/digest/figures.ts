// The digest's figures, from SQL aggregates: one statement over the scope's patents (per unit, per
// patent type, per strategic emerging industry and in total, with the conversion funnel), one over
// its roadshows, one for the units' names and one for the campaign — whatever the number of
// institutions. No query per institution and no loop over patents in JavaScript.
//
// Scopes: a province (units: its universities, institutes and hospitals — a bureau officer), an
// institution (units: its colleges, plus the patents of no college — a university coordinator), the
// whole country (units: provinces — an administrator).
import { Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { INVENTORIED_STATUSES } from '../progress/campaign-progress.ts';
import { provinces as allProvinces } from '../regions/regions.ts';
import { DEFAULT_TIME_ZONE } from '../time-format.ts';
import { concordancePatterns } from './concordance.ts';
import {
  type CampaignRef,
  campaignsByProvince,
  campaignToday,
  coveragePercent,
  type MilestoneStatus,
  milestoneStatus,
} from './milestones.ts';

export type DigestScope =
  | { kind: 'province'; province: string }
  | { kind: 'institution'; institutionId: string }
  | { kind: 'country' };

export const scopeKey = (scope: DigestScope): string =>
  scope.kind === 'province'
    ? `province:${scope.province}`
    : scope.kind === 'institution'
      ? `institution:${scope.institutionId}`
      : 'country';

/** The conversion funnel: patents that reached each stage (a patent counts once per stage). */
export interface Funnel {
  pushed: number;
  opened: number;
  evaluated: number;
  interested: number;
  introduced: number;
  deal: number;
}
export const FUNNEL_STAGES: readonly (keyof Funnel)[] = [
  'pushed',
  'opened',
  'evaluated',
  'interested',
  'introduced',
  'deal',
];

/** Counts over a set of in-scope patents (valid, granted by the campaign's cut-off). */
export interface Counts {
  total: number;
  inventoried: number;
  /** Submitted self-assessments waiting for the college's or the university's screening. */
  awaitingScreening: number;
  pooled: number;
  /** Submitted enterprise evaluations. */
  evaluations: number;
  /** Submitted commissioned expert evaluations (core/expert-evaluation). */
  expertEvaluations: number;
  introductions: number;
  deals: number;
  /** Sum of the deals' amounts, in 万元. */
  dealAmount: number;
  funnel: Funnel;
}

export interface UnitFigures extends Counts, MilestoneStatus {
  /** Institution or college id; a province code for the country; null: patents of no college. */
  id: string | null;
  code: string;
  nameZh: string;
  nameEn: string | null;
  percent: number;
  roadshows: number;
  /** Invitations answered "yes" to the roadshows held. */
  attendees: number;
}

export interface DigestFigures {
  scope: DigestScope;
  /** The local date the figures are for. */
  today: string;
  campaign: CampaignRef | null;
  totals: UnitFigures;
  /** Furthest behind first: behind the milestone before on track, then by coverage. */
  units: UnitFigures[];
  byType: (Counts & { type: string })[];
  /** Industries the concordance rows cover, with at least one patent. */
  byIndustry: (Counts & { industry: string })[];
}

interface AggRow {
  part: string;
  dim: 'unit' | 'type' | 'industry' | 'total';
  key: string | null;
  total: number;
  inventoried: number;
  awaiting: number;
  pooled: number;
  evaluations: number;
  experts: number;
  introductions: number;
  deals: number;
  amount: number;
  f_pushed: number;
  f_opened: number;
  f_evaluated: number;
  f_interested: number;
  f_introduced: number;
  f_deal: number;
}

const DEAL_KINDS = ['TRANSFER', 'LICENCE', 'EQUITY', 'OTHER'];

/** Counts over the in-scope patents themselves (`pat`), activity columns left at zero. */
const BASE = Prisma.sql`
  count(*)::int AS total,
  count(*) FILTER (WHERE st::text = ANY(${[...INVENTORIED_STATUSES]}::text[]))::int AS inventoried,
  count(*) FILTER (WHERE st IN ('SUBMITTED', 'COLLEGE_APPROVED'))::int AS awaiting,
  count(*) FILTER (WHERE st = 'IN_POOL')::int AS pooled,
  0 AS evaluations, 0 AS experts, 0 AS introductions, 0 AS deals, 0::float8 AS amount,
  0 AS f_pushed, 0 AS f_opened, 0 AS f_evaluated, 0 AS f_interested, 0 AS f_introduced, 0 AS f_deal`;

/** Counts over the patents with any activity (`pa`), base columns left at zero. */
const ACTIVITY = Prisma.sql`
  0 AS total, 0 AS inventoried, 0 AS awaiting, 0 AS pooled,
  COALESCE(sum(evaluations), 0)::int AS evaluations,
  COALESCE(sum(experts), 0)::int AS experts,
  COALESCE(sum(introductions), 0)::int AS introductions,
  COALESCE(sum(deals), 0)::int AS deals,
  COALESCE(sum(amount), 0)::float8 AS amount,
  count(*) FILTER (WHERE pushed)::int AS f_pushed,
  count(*) FILTER (WHERE opened)::int AS f_opened,
  count(*) FILTER (WHERE evaluations > 0)::int AS f_evaluated,
  count(*) FILTER (WHERE interested)::int AS f_interested,
  count(*) FILTER (WHERE met)::int AS f_introduced,
  count(*) FILTER (WHERE deals > 0)::int AS f_deal`;

/** The grouping's dimension and key (GROUPING SETS of unit, type and the part's total). */
const DIM = Prisma.sql`
  CASE WHEN GROUPING(unit) = 0 THEN 'unit' WHEN GROUPING(type) = 0 THEN 'type' ELSE 'total' END AS dim,
  CASE WHEN GROUPING(unit) = 0 THEN unit::text WHEN GROUPING(type) = 0 THEN type::text END AS key`;

/** What the aggregate statements need: the client or a transaction's. */
type Raw = Pick<Db, '$queryRaw'>;

/** Many provinces in one pass (the weekly run, the benchmark), or one institution, or the country. */
type Spec =
  | { kind: 'provinces'; provinces: string[] }
  | { kind: 'institution'; institutionId: string }
  | { kind: 'country' };

/** SQL pieces per scope: which patents and roadshows, the unit of a row, and the part (the province of a batch). */
function scopeSql(spec: Spec) {
  switch (spec.kind) {
    case 'provinces':
      return {
        patents: Prisma.sql`i."parentId" IS NULL AND i.province = ANY(${spec.provinces}::text[])`,
        unit: Prisma.sql`p."institutionId"`,
        part: Prisma.sql`i.province`,
        // Colleges carry their university's province.
        roadshows: Prisma.sql`i.province = ANY(${spec.provinces}::text[])`,
        roadshowUnit: Prisma.sql`COALESCE(i."parentId", i.id)::text`,
        roadshowPart: Prisma.sql`i.province`,
      };
    case 'institution':
      return {
        patents: Prisma.sql`p."institutionId" = ${spec.institutionId}::uuid`,
        unit: Prisma.sql`p."collegeId"`,
        part: Prisma.sql`''`,
        roadshows: Prisma.sql`(i.id = ${spec.institutionId}::uuid OR i."parentId" = ${spec.institutionId}::uuid)`,
        // A roadshow of the university itself belongs to no college: counted in the totals only.
        roadshowUnit: Prisma.sql`CASE WHEN i."parentId" IS NULL THEN NULL ELSE i.id::text END`,
        roadshowPart: Prisma.sql`''`,
      };
    case 'country':
      return {
        patents: Prisma.sql`TRUE`,
        unit: Prisma.sql`i.province`,
        part: Prisma.sql`''`,
        roadshows: Prisma.sql`TRUE`,
        roadshowUnit: Prisma.sql`i.province`,
        roadshowPart: Prisma.sql`''`,
      };
  }
}

function patentAggregates(db: Raw, spec: Spec, cutoffs: Map<string, CampaignRef | null>) {
  const where = scopeSql(spec);
  const known = [...cutoffs.entries()].filter(([, c]) => c !== null);
  const provinces = known.map(([p]) => p);
  const dates = known.map(([, c]) => c!.grantedBefore);
  const { patterns, industries } = concordancePatterns();
  // An institution's digest reads only its own patents' pushes, evaluations…; a province's or the
  // country's reads those tables whole (cheaper than probing them patent by patent at that size).
  const mine = (column: Prisma.Sql) =>
    spec.kind === 'institution' ? Prisma.sql`AND ${column} IN (SELECT id FROM pat)` : Prisma.empty;
  // Two kinds of rows per group, added up by the caller: counts over the in-scope patents, and
  // counts over the few that had any activity (pushed, evaluated, introduced, dealt) — so that the
  // million patents are grouped once without being joined to anything.
  return db.$queryRaw<AggRow[]>`
    WITH camp AS (
      SELECT * FROM unnest(${provinces}::text[], ${dates}::date[]) AS c(province, cutoff)
    ),
    pat AS (
      SELECT p.id, ${where.part} AS part, ${where.unit} AS unit, p.type, p."inventoryStatus" AS st,
        p."ipcCodes"[1] AS ipc
      FROM "Patent" p
      JOIN "Institution" i ON i.id = p."institutionId"
      LEFT JOIN camp ON camp.province = i.province
      WHERE ${where.patents} AND p."legalStatus" = 'VALID'
        AND (p."grantDate" IS NULL OR camp.cutoff IS NULL OR p."grantDate" <= camp.cutoff)
    ),
    act AS (
      SELECT id, bool_or(pushed) AS pushed, bool_or(opened) AS opened, sum(ev) AS evaluations,
        sum(xp) AS experts,
        bool_or(interested) AS interested, sum(intro) AS introductions, bool_or(met) AS met,
        sum(deal) AS deals, sum(amount) AS amount
      FROM (
        SELECT m."patentId" AS id, (m."pushedAt" IS NOT NULL OR m.status <> 'PENDING') AS pushed,
          (m."openedAt" IS NOT NULL OR m.status IN ('VIEWED', 'EVALUATED', 'DECLINED', 'INTERESTED')) AS opened,
          0 AS ev, m.status = 'INTERESTED' AS interested, 0 AS intro, false AS met, 0 AS deal,
          0::numeric AS amount, 0 AS xp
        FROM "MatchPush" m WHERE TRUE ${mine(Prisma.sql`m."patentId"`)}
        UNION ALL
        SELECT e."patentId", false, false, 1, false, 0, false, 0, 0, 0
        FROM "EnterpriseEvaluation" e WHERE e.status = 'SUBMITTED' ${mine(Prisma.sql`e."patentId"`)}
        UNION ALL
        SELECT r."patentId", false, false, 0, false, 0, false, 0, 0, 1
        FROM "ExpertEvaluationRequest" r WHERE r.status = 'SUBMITTED' ${mine(Prisma.sql`r."patentId"`)}
        UNION ALL
        SELECT x."patentId", false, false, 0, true, 1, x.status IN ('CONTACTED', 'CLOSED'), 0, 0, 0
        FROM "Introduction" x WHERE TRUE ${mine(Prisma.sql`x."patentId"`)}
        UNION ALL
        SELECT d."patentId", false, false, 0, false, 0, false, 1, COALESCE(d."amountWanYuan", 0), 0
        FROM "TransformationRecord" d
        WHERE d.kind::text = ANY(${DEAL_KINDS}::text[]) ${mine(Prisma.sql`d."patentId"`)}
      ) x
      GROUP BY id
    ),
    pa AS (
      SELECT pat.part, pat.unit, pat.type, pat.ipc, act.* FROM act JOIN pat ON pat.id = act.id
    ),
    ind AS (
      SELECT * FROM unnest(${patterns}::text[], ${industries}::text[]) AS c(pattern, industry)
    ),
    -- The concordance is matched on the distinct main classifications, not on every patent.
    ipc_industry AS (
      SELECT DISTINCT d.ipc, ind.industry
      FROM (SELECT DISTINCT ipc FROM pat WHERE ipc IS NOT NULL) d JOIN ind ON d.ipc LIKE ind.pattern
    )
    SELECT part, ${DIM}, ${BASE} FROM pat GROUP BY GROUPING SETS ((part, unit), (part, type), (part))
    UNION ALL
    SELECT part, ${DIM}, ${ACTIVITY} FROM pa GROUP BY GROUPING SETS ((part, unit), (part, type), (part))
    UNION ALL
    SELECT part, 'industry', ii.industry, ${BASE} FROM pat JOIN ipc_industry ii ON ii.ipc = pat.ipc
    GROUP BY part, ii.industry
    UNION ALL
    SELECT part, 'industry', ii.industry, ${ACTIVITY} FROM pa JOIN ipc_industry ii ON ii.ipc = pa.ipc
    GROUP BY part, ii.industry`;
}

/** The two kinds of rows of each group added up into one. */
function mergeRows(rows: AggRow[]): AggRow[] {
  const merged = new Map<string, AggRow>();
  const numeric = [
    'total',
    'inventoried',
    'awaiting',
    'pooled',
    'evaluations',
    'experts',
    'introductions',
    'deals',
    'amount',
    'f_pushed',
    'f_opened',
    'f_evaluated',
    'f_interested',
    'f_introduced',
    'f_deal',
  ] as const;
  for (const row of rows) {
    const id = `${row.part}\u0000${row.dim}\u0000${row.key ?? '\u0001'}`;
    const seen = merged.get(id);
    if (!seen) merged.set(id, { ...row, amount: Number(row.amount) });
    else for (const k of numeric) seen[k] = Number(seen[k]) + Number(row[k]);
  }
  return [...merged.values()];
}

interface RoadshowRow {
  part: string;
  key: string | null;
  /** 1: the part's total row. */
  g: number;
  roadshows: number;
  attendees: number;
}

function roadshowAggregates(db: Raw, spec: Spec, now: Date) {
  const where = scopeSql(spec);
  // Per roadshow first, so that the totals count each roadshow once whatever its unit.
  return db.$queryRaw<RoadshowRow[]>`
    WITH r AS (
      SELECT r.id, ${where.roadshowPart} AS part, ${where.roadshowUnit} AS unit,
        (SELECT count(*) FROM "Invitation" v WHERE v."roadshowId" = r.id AND v.rsvp = 'YES') AS yes
      FROM "Roadshow" r JOIN "Institution" i ON i.id = r."institutionId"
      WHERE r.status IN ('PUBLISHED', 'FINISHED') AND r."startsAt" <= ${now} AND ${where.roadshows}
    )
    SELECT part, unit AS key, GROUPING(unit)::int AS g, count(*)::int AS roadshows,
      COALESCE(sum(yes), 0)::int AS attendees
    FROM r GROUP BY GROUPING SETS ((part, unit), (part))`;
}

interface UnitName {
  id: string | null;
  code: string;
  nameZh: string;
  nameEn: string | null;
  province: string;
}

async function unitNames(db: Db, spec: Spec): Promise<UnitName[]> {
  if (spec.kind === 'country') {
    const present = await db.institution.findMany({
      where: { parentId: null },
      distinct: ['province'],
      select: { province: true },
    });
    const wanted = new Set(present.map((p) => p.province));
    return allProvinces()
      .filter((r) => wanted.has(r.code))
      .map((r) => ({ id: r.code, code: r.code, nameZh: r.zh, nameEn: r.en, province: r.code }));
  }
  return db.institution.findMany({
    where:
      spec.kind === 'provinces'
        ? { parentId: null, province: { in: spec.provinces }, deactivatedAt: null }
        : { parentId: spec.institutionId, deactivatedAt: null },
    select: { id: true, code: true, nameZh: true, nameEn: true, province: true },
    orderBy: { code: 'asc' },
  });
}

const emptyFunnel = (): Funnel => ({
  pushed: 0,
  opened: 0,
  evaluated: 0,
  interested: 0,
  introduced: 0,
  deal: 0,
});

function countsOf(row: AggRow | undefined): Counts {
  if (!row)
    return {
      total: 0,
      inventoried: 0,
      awaitingScreening: 0,
      pooled: 0,
      evaluations: 0,
      expertEvaluations: 0,
      introductions: 0,
      deals: 0,
      dealAmount: 0,
      funnel: emptyFunnel(),
    };
  return {
    total: row.total,
    inventoried: row.inventoried,
    awaitingScreening: row.awaiting,
    pooled: row.pooled,
    evaluations: row.evaluations,
    expertEvaluations: row.experts,
    introductions: row.introductions,
    deals: row.deals,
    dealAmount: Math.round(Number(row.amount) * 100) / 100,
    funnel: {
      pushed: row.f_pushed,
      opened: row.f_opened,
      evaluated: row.f_evaluated,
      interested: row.f_interested,
      introduced: row.f_introduced,
      deal: row.f_deal,
    },
  };
}

/** Furthest behind first: how far below the milestone's share, then lowest coverage, then code. */
export function byFurthestBehind(a: UnitFigures, b: UnitFigures): number {
  const gap = (u: UnitFigures) => (u.milestone ? u.milestone.targetPercent - u.percent : -u.percent);
  return gap(b) - gap(a) || a.percent - b.percent || a.code.localeCompare(b.code);
}

export async function digestFigures(
  db: Db,
  scope: DigestScope,
  options: { now: Date; timeZone?: string },
): Promise<DigestFigures> {
  if (scope.kind === 'province')
    return (await provinceDigestFigures(db, [scope.province], options)).get(scope.province)!;
  let provinceCodes: string[];
  if (scope.kind === 'institution') {
    const inst = await db.institution.findUnique({
      where: { id: scope.institutionId },
      select: { province: true },
    });
    provinceCodes = inst ? [inst.province] : [];
  } else provinceCodes = allProvinces().map((r) => r.code);
  const spec: Spec = scope.kind === 'institution' ? scope : { kind: 'country' };
  const figures = await computeFigures(db, spec, provinceCodes, options);
  return assemble(scope, figures, '', options, provinceCodes[0] ?? '');
}

/**
 * Several provinces' figures in one pass over their patents (the weekly run renders every officer's
 * digest from it; the benchmark times all 31 provinces this way).
 */
export async function provinceDigestFigures(
  db: Db,
  provinces: readonly string[],
  options: { now: Date; timeZone?: string },
): Promise<Map<string, DigestFigures>> {
  const list = [...new Set(provinces)];
  const figures = await computeFigures(db, { kind: 'provinces', provinces: list }, list, options);
  return new Map(
    list.map((province) => [
      province,
      assemble({ kind: 'province', province }, figures, province, options, province),
    ]),
  );
}

interface Computed {
  campaigns: Map<string, CampaignRef | null>;
  aggregates: AggRow[];
  roadshows: RoadshowRow[];
  names: UnitName[];
}

async function computeFigures(
  db: Db,
  spec: Spec,
  provinceCodes: string[],
  options: { now: Date },
): Promise<Computed> {
  const campaigns = await campaignsByProvince(db, provinceCodes);
  // The planner's estimates for the patents' statement are far off (billions of rows from the
  // joined aggregates), which turns on JIT compilation: measured 2.4 s of compiling for a 1 s query
  // at a million patents. Off for these statements only, with room to group without spilling.
  // A national pass takes seconds: longer than Prisma's default 5 s transaction on a busy machine.
  const [[aggregates, roadshows], names] = await Promise.all([
    db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SET LOCAL jit = off`;
        await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
        return [
          await patentAggregates(tx, spec, campaigns),
          await roadshowAggregates(tx, spec, options.now),
        ] as const;
      },
      { timeout: 120_000, maxWait: 30_000 },
    ),
    unitNames(db, spec),
  ]);
  return { campaigns, aggregates: mergeRows(aggregates), roadshows, names };
}

/** One scope's figures out of a pass's rows (`part`: its province in a batch, '' otherwise). */
function assemble(
  scope: DigestScope,
  { campaigns, aggregates, roadshows, names }: Computed,
  part: string,
  options: { now: Date; timeZone?: string },
  province: string,
): DigestFigures {
  const today = campaignToday(options.now, options.timeZone ?? DEFAULT_TIME_ZONE);
  const rows = aggregates.filter((r) => r.part === part);
  const shows = roadshows.filter((r) => r.part === part);
  const byUnit = new Map(rows.filter((r) => r.dim === 'unit').map((r) => [r.key, r]));
  const showsByUnit = new Map(shows.filter((r) => r.g === 0 && r.key !== null).map((r) => [r.key, r]));
  const allShows = shows.find((r) => r.g === 1);
  // The country mixes campaigns: each province against its own, the totals against none.
  const campaign = scope.kind === 'country' ? null : (campaigns.get(province) ?? null);
  const unit = (name: UnitName, row: AggRow | undefined): UnitFigures => {
    const counts = countsOf(row);
    const c = scope.kind === 'country' ? (campaigns.get(name.province) ?? null) : campaign;
    return {
      id: name.id,
      code: name.code,
      nameZh: name.nameZh,
      nameEn: name.nameEn,
      ...counts,
      percent: coveragePercent(counts.inventoried, counts.total),
      ...milestoneStatus(c?.milestones ?? [], today, counts.inventoried, counts.total),
      roadshows: showsByUnit.get(name.id)?.roadshows ?? 0,
      attendees: showsByUnit.get(name.id)?.attendees ?? 0,
    };
  };
  const units = names
    .filter((n) => scope.kind !== 'province' || n.province === scope.province)
    .map((n) => unit(n, byUnit.get(n.id)));
  // Patents of no college (an institution's digest): a unit of their own when there are any.
  const orphan = byUnit.get(null);
  if (scope.kind === 'institution' && orphan)
    units.push(unit({ id: null, code: '—', nameZh: '', nameEn: null, province: '' }, orphan));
  units.sort(byFurthestBehind);
  const totals = unit(
    { id: null, code: '', nameZh: '', nameEn: null, province: '' },
    rows.find((r) => r.dim === 'total'),
  );
  totals.roadshows = allShows?.roadshows ?? 0;
  totals.attendees = allShows?.attendees ?? 0;
  return {
    scope,
    today,
    campaign,
    totals,
    units,
    byType: rows
      .filter((r) => r.dim === 'type')
      .map((r) => ({ type: r.key!, ...countsOf(r) }))
      .sort((a, b) => a.type.localeCompare(b.type)),
    byIndustry: rows
      .filter((r) => r.dim === 'industry')
      .map((r) => ({ industry: r.key!, ...countsOf(r) }))
      .sort((a, b) => a.industry.localeCompare(b.industry)),
  };
}

/** A unit's display name in a language (the English one when there is one). */
export const unitName = (u: Pick<UnitFigures, 'nameZh' | 'nameEn'>, locale: string): string =>
  locale === 'en' && u.nameEn ? u.nameEn : u.nameZh;
