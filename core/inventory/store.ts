// Writes one batch of validated rows: creates new patents, updates changed ones (recording what
// changed), leaves identical ones alone, links inventor names to persons and applies the
// responsible-inventor rule. One transaction per batch, so a batch lands whole or not at all.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../prisma/generated/client.ts';
import { type Msg, msg } from '../i18n.ts';
import { insertInventors, insertPatents, type NewInventorRow, type NewPatentRow } from './bulk-insert.ts';
import type { Cell } from './cells.ts';
import { contactPersons } from './contacts.ts';
import { type Comparable, diffFields, type FieldChange } from './diff.ts';
import type { DirectoryPerson } from './people-directory.ts';
import { responsibleInventor } from './responsible.ts';
import type { PendingRow, StoreContext } from './store-context.ts';
import type { RowIssue } from './validate-row.ts';

export interface RowChange {
  row: number;
  applicationNumber: string;
  changes: FieldChange[];
}

export interface AmbiguousName {
  row: number;
  applicationNumber: string;
  position: number;
  name: string;
  candidates: { personId: string; name: string; email: string | null }[];
}

/** A patent left without a responsible inventor because these names are not in the directory. */
export interface MissingInventors {
  row: number;
  applicationNumber: string;
  /** Who must be added to the staff directory (core/staff), in the patent's order. */
  names: string[];
}

export interface FailedRow {
  rowNumber: number;
  cells: Cell[];
  issues: RowIssue[];
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  failed: FailedRow[];
  changes: RowChange[];
  ambiguous: AmbiguousName[];
  /** Patents of this batch left without a responsible inventor (first inventor not linked …). */
  unassigned: number;
  /** Of those, the ones whose inventors include names the directory does not know. */
  missing: MissingInventors[];
}

type Link = { position: number; name: string; personId: string | null };

export const collegeKey = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export async function storeBatch(ctx: StoreContext, rows: PendingRow[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = {
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: [],
    changes: [],
    ambiguous: [],
    unassigned: 0,
    missing: [],
  };
  const fail = (row: PendingRow, field: RowIssue['field'], reason: Msg) =>
    outcome.failed.push({ rowNumber: row.rowNumber, cells: row.cells, issues: [{ field, reason }] });

  const existing = await ctx.db.patent.findMany({
    where: { applicationNumber: { in: rows.map((r) => r.record.applicationNumber) } },
    include: { inventors: { orderBy: { position: 'asc' } }, selfAssessments: { select: { id: true } } },
  });
  const byNumber = new Map(existing.map((p) => [p.applicationNumber, p]));
  const contacts = await contactPersons(ctx, rows);

  const creates: NewPatentRow[] = [];
  const inventorCreates: NewInventorRow[] = [];
  const updates: { id: string; data: Prisma.PatentUncheckedUpdateInput; links: Link[] | null }[] = [];
  const audits: Prisma.AuditLogCreateManyInput[] = [];

  for (const row of rows) {
    const r = row.record;
    const current = byNumber.get(r.applicationNumber);
    if (current && current.institutionId !== ctx.institutionId) {
      fail(row, 'applicationNumber', msg('inventory:row.other_institution'));
      continue;
    }
    let collegeId: string | null = null;
    if (r.college) {
      collegeId = ctx.colleges.get(collegeKey(r.college)) ?? null;
      if (!collegeId) {
        fail(row, 'college', msg('inventory:row.college_unknown', { value: r.college }));
        continue;
      }
    }
    const contact = contacts.get(row.rowNumber) ?? null;
    const sameNames =
      current !== undefined &&
      sameList(
        current.inventors.map((i) => i.name),
        r.inventors,
      );
    const links: Link[] = r.inventors.map((name, i) => {
      const kept = sameNames ? current!.inventors[i]!.personId : null;
      return {
        position: i + 1,
        name,
        personId: kept ?? linkName(ctx, row, name, i + 1, contact, collegeId, outcome),
      };
    });
    const linksChanged = !sameNames || links.some((l, i) => l.personId !== current!.inventors[i]!.personId);
    const assessed = (current?.selfAssessments.length ?? 0) > 0;
    const responsibleId =
      current && assessed
        ? current.responsibleInventorId
        : current && !linksChanged && current.responsibleInventorId
          ? current.responsibleInventorId
          : responsibleInventor(links.map((l) => ({ ...l, employment: employment(ctx, l.personId) })));
    if (!responsibleId) {
      outcome.unassigned++;
      // Say who must be added to the staff directory for the rule to find someone.
      const names = links
        .filter((l) => l.personId === null && ctx.directory.match(l.name).kind === 'none')
        .map((l) => l.name);
      if (names.length > 0)
        outcome.missing.push({ row: row.rowNumber, applicationNumber: r.applicationNumber, names });
    }

    const fields = {
      title: r.title,
      abstract: r.abstract,
      type: r.type,
      publicationNumber: r.publicationNumber,
      ipcCodes: r.ipcCodes,
      locarnoClass: r.locarnoClass,
      applicationDate: r.applicationDate,
      grantDate: r.grantDate,
      legalStatus: r.legalStatus,
      patentees: r.patentees,
      collegeId,
    };
    if (!current) {
      const id = randomUUID();
      creates.push({
        id,
        applicationNumber: r.applicationNumber,
        institutionId: ctx.institutionId,
        ...fields,
        responsibleInventorId: responsibleId,
      });
      for (const l of links) inventorCreates.push({ patentId: id, ...l });
      outcome.created++;
      continue;
    }
    const changes = diffFields(
      comparable(ctx, current, current.inventors, current.responsibleInventorId),
      comparable(ctx, fields, links, responsibleId),
    );
    if (changes.length === 0) {
      outcome.unchanged++;
      continue;
    }
    updates.push({
      id: current.id,
      data: { ...fields, responsibleInventorId: responsibleId },
      links: linksChanged ? links : null,
    });
    outcome.updated++;
    outcome.changes.push({ row: row.rowNumber, applicationNumber: r.applicationNumber, changes });
    audits.push({
      actorId: ctx.actorId,
      action: 'patent.updated-by-import',
      subjectType: 'Patent',
      subjectId: current.id,
      institutionId: ctx.institutionId,
      details: {
        importRunId: ctx.importRunId,
        row: row.rowNumber,
        changes,
      } as unknown as Prisma.InputJsonValue,
    });
  }

  const now = ctx.now();
  await ctx.db.$transaction(
    async (tx) => {
      await insertPatents(tx, creates, now);
      await insertInventors(tx, inventorCreates);
      for (const u of updates) {
        await tx.patent.update({ where: { id: u.id }, data: { ...u.data, updatedAt: now } });
        if (u.links) {
          await tx.patentInventor.deleteMany({ where: { patentId: u.id } });
          await tx.patentInventor.createMany({ data: u.links.map((l) => ({ patentId: u.id, ...l })) });
        }
      }
      if (audits.length > 0)
        await tx.auditLog.createMany({ data: audits.map((a) => ({ ...a, createdAt: now })) });
    },
    { maxWait: 20_000, timeout: 120_000 },
  );
  return outcome;
}

function linkName(
  ctx: StoreContext,
  row: PendingRow,
  name: string,
  position: number,
  contact: DirectoryPerson | null,
  collegeId: string | null,
  outcome: BatchOutcome,
): string | null {
  // The national template's contact columns belong to the first inventor: an e-mail address is
  // an identity, so it wins over a name lookup when the names agree.
  if (position === 1 && contact && sameName(contact.name, name)) return contact.id;
  const match = ctx.directory.match(name, collegeId);
  if (match.kind === 'unique') return match.person.id;
  if (match.kind === 'ambiguous') {
    outcome.ambiguous.push({
      row: row.rowNumber,
      applicationNumber: row.record.applicationNumber,
      position,
      name,
      candidates: match.candidates.map((c) => ({ personId: c.id, name: c.name, email: c.email })),
    });
  }
  return null;
}

function employment(ctx: StoreContext, personId: string | null) {
  return personId ? (ctx.directory.get(personId)?.employment ?? null) : null;
}

const sameName = (a: string, b: string) =>
  a.normalize('NFKC').replace(/\s+/g, '') === b.normalize('NFKC').replace(/\s+/g, '');

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// Ids are shown as names: the report is read by people.
function comparable(
  ctx: StoreContext,
  p: {
    title: string;
    abstract: string | null;
    type: string;
    publicationNumber: string | null;
    ipcCodes: string[];
    locarnoClass: string | null;
    applicationDate: Date;
    grantDate: Date | null;
    legalStatus: string;
    patentees: string[];
    collegeId: string | null;
  },
  inventors: { name: string; personId: string | null }[],
  responsibleId: string | null,
): Record<string, Comparable> {
  return {
    title: p.title,
    abstract: p.abstract,
    type: p.type,
    publicationNumber: p.publicationNumber,
    ipcCodes: p.ipcCodes,
    locarnoClass: p.locarnoClass,
    applicationDate: p.applicationDate,
    grantDate: p.grantDate,
    legalStatus: p.legalStatus,
    patentees: p.patentees,
    college: p.collegeId ? (ctx.collegeNames.get(p.collegeId) ?? p.collegeId) : null,
    inventors: inventors.map((i) => i.name),
    inventorLinks: inventors.map((i) => `${i.name}${i.personId ? '✓' : '?'}`),
    responsibleInventor: responsibleId ? (ctx.directory.get(responsibleId)?.name ?? responsibleId) : null,
  };
}
