// Which experts Revive proposes for a patent: those whose IPC fields agree with the patent's IPC,
// most specific agreement first (subgroup > main group > subclass > class), at most five, without
// conflicts of interest. Nobody is proposed who
//   - works at the patent's institution (an expert of the institution, or of one of its colleges),
//   - is one of the patent's inventors (linked to the patent, or of the same name as one listed),
//   - belongs to the requesting enterprise (its staff, or an expert from that enterprise),
//   - works for one of the patent's co-applicants (a patentee matched against the expert's
//     affiliation: the registered institution's or enterprise's name, or the free text),
//   - is the requester themself, or was already asked for this patent,
//   - cannot be reached in a chat (no chat account yet).
import type { Db } from '../db/database.ts';

export const MAX_PROPOSED = 5;

export const IPC_DEPTHS = ['subgroup', 'group', 'subclass', 'class'] as const;
export type IpcDepth = (typeof IPC_DEPTHS)[number];

interface IpcSymbol {
  cls: string;
  subclass: string | null;
  group: string | null;
  /** Digits after "/", null for a main group ("/00"). */
  subgroup: string | null;
}

const LOOSE = /^([A-H]\d{2})([A-Z])?(?:(\d{1,4})(?:\/(\d{1,6}))?)?$/;

function parse(code: string): IpcSymbol | null {
  const m = LOOSE.exec(code.normalize('NFKC').toUpperCase().replace(/\s+/g, ''));
  if (!m) return null;
  const subclass = m[2] ? `${m[1]}${m[2]}` : null;
  const group = subclass && m[3] ? m[3].replace(/^0+(?=\d)/, '') : null;
  const subgroup = group && m[4] && !/^0+$/.test(m[4]) ? m[4] : null;
  return { cls: m[1]!, subclass, group, subgroup };
}

/**
 * How deep the patent's symbol lies inside an expert's field, or null when they share no class. A
 * field is never credited deeper than it is written: "H01M" agrees at most at the subclass.
 */
export function fieldAgreement(patentCode: string, field: string): IpcDepth | null {
  const p = parse(patentCode);
  const f = parse(field);
  if (!p || !f || p.cls !== f.cls) return null;
  if (!f.subclass || p.subclass !== f.subclass) return 'class';
  if (!f.group || p.group !== f.group) return 'subclass';
  if (f.subgroup && p.subgroup?.startsWith(f.subgroup)) return 'subgroup';
  return f.subgroup ? 'subclass' : 'group';
}

const rank = (depth: IpcDepth) => IPC_DEPTHS.indexOf(depth);

/** The deepest agreement between any of the patent's codes and any of the expert's fields. */
export function bestAgreement(
  patentCodes: readonly string[],
  fields: readonly string[],
): { depth: IpcDepth; field: string } | null {
  let best: { depth: IpcDepth; field: string } | null = null;
  for (const code of patentCodes) {
    for (const field of fields) {
      const depth = fieldAgreement(code, field);
      if (depth && (!best || rank(depth) < rank(best.depth))) best = { depth, field };
    }
  }
  return best;
}

/** Names compared loosely: width, spaces and case do not count. */
export const normalName = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** An affiliation names a co-applicant when either contains the other ("某大学" in "某大学材料学院"). */
function names(affiliation: string | null | undefined, patentee: string): boolean {
  if (!affiliation) return false;
  const a = normalName(affiliation);
  const p = normalName(patentee);
  if (a.length < 2 || p.length < 2) return false;
  return a.includes(p) || p.includes(a);
}

export interface Proposal {
  expertId: string;
  personId: string;
  name: string;
  title: string | null;
  affiliation: string | null;
  depth: IpcDepth;
  field: string;
}

export interface ProposalContext {
  patentId: string;
  /** Who asks (never proposed to themself). */
  requesterPersonId: string;
  /** The requesting enterprise; null for the patent's institution. */
  requesterEnterpriseId: string | null;
}

/** Up to five experts for this patent and requester, best agreement first, then by name. */
export async function proposeExperts(db: Db, context: ProposalContext): Promise<Proposal[]> {
  const ranked = await rankedExperts(db, context);
  return ranked.slice(0, MAX_PROPOSED);
}

/** Every expert without a conflict whose fields agree with the patent's IPC, best first. */
export async function rankedExperts(db: Db, context: ProposalContext): Promise<Proposal[]> {
  const patent = await db.patent.findUniqueOrThrow({
    where: { id: context.patentId },
    select: {
      institutionId: true,
      ipcCodes: true,
      patentees: true,
      responsibleInventorId: true,
      inventors: { select: { name: true, personId: true } },
      expertRequests: { select: { expertId: true } },
    },
  });
  if (patent.ipcCodes.length === 0) return [];
  const experts = await db.expert.findMany({
    include: {
      person: {
        select: {
          id: true,
          name: true,
          deactivatedAt: true,
          identities: { select: { channel: true } },
          roles: { select: { role: true, enterpriseId: true } },
        },
      },
      institution: { select: { nameZh: true, nameEn: true } },
    },
  });
  const enterpriseIds = [...new Set(experts.map((e) => e.enterpriseId).filter((id): id is string => !!id))];
  const enterpriseNames = new Map(
    (
      await db.enterprise.findMany({ where: { id: { in: enterpriseIds } }, select: { id: true, name: true } })
    ).map((e) => [e.id, e.name]),
  );
  const inventorPeople = new Set(
    [patent.responsibleInventorId, ...patent.inventors.map((i) => i.personId)].filter(
      (id): id is string => !!id,
    ),
  );
  const inventorNames = new Set(patent.inventors.map((i) => normalName(i.name)));
  const asked = new Set(patent.expertRequests.map((r) => r.expertId));

  const proposals: Proposal[] = [];
  for (const expert of experts) {
    const person = expert.person;
    if (person.deactivatedAt !== null || person.identities.length === 0) continue;
    if (asked.has(expert.id) || person.id === context.requesterPersonId) continue;
    if (expert.institutionId === patent.institutionId) continue;
    if (inventorPeople.has(person.id) || inventorNames.has(normalName(person.name))) continue;
    const enterprise = context.requesterEnterpriseId;
    if (
      enterprise !== null &&
      (expert.enterpriseId === enterprise || person.roles.some((r) => r.enterpriseId === enterprise))
    )
      continue;
    const affiliations = [
      expert.affiliation,
      expert.institution?.nameZh,
      expert.institution?.nameEn,
      expert.enterpriseId ? enterpriseNames.get(expert.enterpriseId) : null,
    ];
    if (patent.patentees.some((patentee) => affiliations.some((a) => names(a, patentee)))) continue;
    const best = bestAgreement(patent.ipcCodes, expert.ipcFields);
    if (!best) continue;
    const label = expert.institution
      ? expert.affiliation
        ? `${expert.institution.nameZh} · ${expert.affiliation}`
        : expert.institution.nameZh
      : ((expert.enterpriseId ? enterpriseNames.get(expert.enterpriseId) : null) ?? expert.affiliation);
    proposals.push({
      expertId: expert.id,
      personId: person.id,
      name: person.name,
      title: expert.title,
      affiliation: label ?? null,
      ...best,
    });
  }
  return proposals.sort(
    (a, b) =>
      rank(a.depth) - rank(b.depth) ||
      a.name.localeCompare(b.name, 'zh-CN') ||
      a.expertId.localeCompare(b.expertId),
  );
}
