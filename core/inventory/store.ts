// Writes one chunk of validated rows, set-based and in one transaction (a chunk lands whole or not
// at all), in a handful of statements whatever its size: the existing patents (with their
// inventors) are read in one query, the person-linking rules run here on what came back, then new
// patents and inventor links go in with COPY, changed patents are staged with COPY into a
// temporary table and updated by one UPDATE … FROM, and the audit entries are copied in. Changed
// patents are reported with what changed (in values people read), identical ones left alone.

import type { EmploymentStatus } from '../../prisma/generated/client.ts';
import { type Msg, msg } from '../i18n.ts';
import { formatCalendarDate } from '../time-format.ts';
import { type BulkQueries, csvField, csvLine, pgArray } from './bulk-session.ts';
import type { Cell } from './cells.ts';
import { contactPersons } from './contacts.ts';
import { type Comparable, diffFields, type FieldChange } from './diff.ts';
import type { DirectoryPerson } from './people-directory.ts';
import { responsibleInventor } from './responsible.ts';
import type { PendingRow, StagingTables, StoreContext } from './store-context.ts';
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
  displayRow: number;
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
  /** Patents of this chunk left without a responsible inventor (first inventor not linked …). */
  unassigned: number;
  /** Of those, the ones whose inventors include names the directory does not know. */
  missing: MissingInventors[];
}

type Link = { position: number; name: string; personId: string | null; employment: EmploymentStatus | null };

export const collegeKey = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

// ------------------------------------------------------------------------------ staging tables

/** Creates the import's temporary tables; they go with the session or with dropStaging. */
export async function createStaging(
  ctx: Pick<StoreContext, 'session'>,
  tables: StagingTables,
): Promise<void> {
  // The changed patents of a chunk, staged for one UPDATE (on every writing connection).
  await ctx.session.everywhere(
    `CREATE TEMPORARY TABLE ${tables.writes} (id uuid PRIMARY KEY, "publicationNumber" text, "title" text NOT NULL,
      "abstract" text, "type" text NOT NULL, "ipcCodes" text[], "locarnoClass" text, "applicationDate" date NOT NULL,
      "grantDate" date, "legalStatus" text NOT NULL, "patentees" text[], "collegeId" uuid,
      "responsibleInventorId" uuid)`,
  );
}

export async function dropStaging(ctx: Pick<StoreContext, 'session'>, tables: StagingTables): Promise<void> {
  await ctx.session.everywhere(`DROP TABLE IF EXISTS ${tables.writes}`);
}

const day = (d: Date | null) => (d ? formatCalendarDate(d) : null);

/** The columns a patent row is written with (COPY into "Patent" and into the update stage). */
const PATENT_FIELDS = [
  'publicationNumber',
  'title',
  'abstract',
  'type',
  'ipcCodes',
  'locarnoClass',
  'applicationDate',
  'grantDate',
  'legalStatus',
  'patentees',
  'collegeId',
  'responsibleInventorId',
] as const;

interface Written {
  publicationNumber: string | null;
  title: string;
  abstract: string | null;
  type: string;
  ipcCodes: string[];
  locarnoClass: string | null;
  applicationDate: Date;
  grantDate: Date | null;
  legalStatus: string;
  patentees: string[];
  collegeId: string | null;
  responsibleInventorId: string | null;
}

/** The PATENT_FIELDS of a row as CSV fields (built directly: this runs for every row). */
const patentLine = (
  w: Omit<Written, 'collegeId' | 'responsibleInventorId'>,
  collegeId: string | null,
  responsibleInventorId: string | null,
) =>
  `${csvField(w.publicationNumber)},${csvField(w.title)},${csvField(w.abstract)},${w.type},${csvField(pgArray(w.ipcCodes))},` +
  `${csvField(w.locarnoClass)},${csvField(day(w.applicationDate))},${csvField(day(w.grantDate))},${w.legalStatus},` +
  `${csvField(pgArray(w.patentees))},${csvField(collegeId)},${csvField(responsibleInventorId)}`;

/** A stored patent as the chunk reads it back (dates as ISO days: a date is not an instant). */
interface Existing {
  id: string;
  applicationNumber: string;
  institutionId: string;
  publicationNumber: string | null;
  title: string;
  abstract: string | null;
  type: string;
  ipcCodes: string[] | null;
  locarnoClass: string | null;
  applicationDate: string;
  grantDate: string | null;
  legalStatus: string;
  patentees: string[] | null;
  collegeId: string | null;
  responsibleInventorId: string | null;
  assessed: boolean;
  inventorNames: string[] | null;
  inventorPersons: (string | null)[] | null;
}

// Arrays come back as JSON: JSON.parse is several times faster than the driver's parser of
// PostgreSQL's array text, and a re-import reads four arrays of every stored patent.
const EXISTING = (numbers: string) => `
  SELECT p.id, p."applicationNumber", p."institutionId", p."publicationNumber", p.title, p.abstract,
    p.type::text AS type, to_json(p."ipcCodes") AS "ipcCodes", p."locarnoClass",
    p."applicationDate"::text AS "applicationDate", p."grantDate"::text AS "grantDate",
    p."legalStatus"::text AS "legalStatus", to_json(p.patentees) AS patentees, p."collegeId",
    p."responsibleInventorId",
    EXISTS (SELECT 1 FROM "SelfAssessment" a WHERE a."patentId" = p.id) AS assessed,
    to_json(i.names) AS "inventorNames", to_json(i.persons) AS "inventorPersons"
  FROM json_array_elements_text(${numbers}::json) AS n(number)
  JOIN "Patent" p ON p."applicationNumber" = n.number
  LEFT JOIN LATERAL (
    SELECT array_agg(x.name ORDER BY x.position) AS names, array_agg(x."personId"::text ORDER BY x.position) AS persons
    FROM "PatentInventor" x WHERE x."patentId" = p.id
  ) i ON true`;

/** SQLSTATE of a unique violation: another import created one of the chunk's patents meanwhile. */
const UNIQUE_VIOLATION = '23505';

// ------------------------------------------------------------------------------ one chunk

/** A chunk decided and ready to write: its outcome and the CSV payloads of its statements. */
export interface PreparedChunk {
  rows: PendingRow[];
  outcome: BatchOutcome;
  patents: string;
  inventors: string;
  updates: string;
  relinked: string[];
  audits: string;
  at: string;
}

/**
 * Reads what a chunk needs and decides every row, without writing: the existing patents come from
 * the session's read connection (PostgreSQL), so that the next chunk is prepared while the previous
 * one is still being written (its numbers are never this chunk's: repeats were rejected on reading).
 */
export async function prepareChunk(ctx: StoreContext, rows: PendingRow[]): Promise<PreparedChunk> {
  // Contacts find or create persons through Prisma, outside any transaction of the session (PGlite
  // has one session: a Prisma query inside that transaction would wait for it forever).
  const contacts = await contactPersons(ctx, rows);
  const existingRows =
    rows.length === 0
      ? []
      : await ctx.session.read<Existing>(EXISTING('$1'), [
          JSON.stringify(rows.map((r) => r.record.applicationNumber)),
        ]);
  return decideChunk(ctx, rows, contacts, new Map(existingRows.map((e) => [e.applicationNumber, e])));
}

/**
 * Writes a prepared chunk in one transaction (on PostgreSQL beside the one before it: chunks share
 * no application number); a chunk that raced with another import is prepared again.
 */
export async function commitChunk(ctx: StoreContext, prepared: PreparedChunk): Promise<BatchOutcome> {
  try {
    await ctx.session.transaction((tx) => writeChunk(ctx, tx, prepared));
    return prepared.outcome;
  } catch (error) {
    // Another import created one of these numbers meanwhile: the second attempt sees its patents.
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    const again = await prepareChunk(ctx, prepared.rows);
    await ctx.session.transaction((tx) => writeChunk(ctx, tx, again));
    return again.outcome;
  }
}

/** Both steps, one after the other. */
export async function storeChunk(ctx: StoreContext, rows: PendingRow[]): Promise<BatchOutcome> {
  return commitChunk(ctx, await prepareChunk(ctx, rows));
}

function emptyOutcome(): BatchOutcome {
  return {
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: [],
    changes: [],
    ambiguous: [],
    unassigned: 0,
    missing: [],
  };
}

function decideChunk(
  ctx: StoreContext,
  rows: PendingRow[],
  contacts: Map<number, DirectoryPerson>,
  existing: Map<string, Existing>,
): PreparedChunk {
  const outcome = emptyOutcome();
  const fail = (row: PendingRow, field: RowIssue['field'], reason: Msg) =>
    outcome.failed.push({
      rowNumber: row.rowNumber,
      displayRow: row.displayRow,
      cells: row.cells,
      issues: [{ field, reason }],
    });

  // Repeated application numbers were rejected as the rows were read (import.ts).
  const accepted = rows;
  const now = ctx.now();
  const at = now.toISOString();
  let patents = '';
  let updates = '';
  let inventors = '';
  const relinked: string[] = [];
  let audits = '';
  for (const row of accepted) {
    const r = row.record;
    const current = existing.get(r.applicationNumber);
    if (current && current.institutionId !== ctx.institutionId) {
      fail(row, 'applicationNumber', msg('inventory:row.other_institution'));
      continue;
    }
    const collegeId = row.collegeId;
    const contact = contacts.get(row.rowNumber) ?? null;
    const currentNames = current?.inventorNames ?? [];
    const currentPersons = current?.inventorPersons ?? [];
    const sameNames = current !== undefined && sameList(currentNames, r.inventors);
    const links: Link[] = r.inventors.map((name, i) => {
      const keptLink = sameNames ? (currentPersons[i] ?? null) : null;
      const personId = keptLink ?? linkName(ctx, row, name, i + 1, contact, collegeId, outcome);
      return { position: i + 1, name, personId, employment: employment(ctx, personId) };
    });
    const linksChanged = !sameNames || links.some((l, i) => l.personId !== (currentPersons[i] ?? null));
    const responsibleId = current?.assessed
      ? current.responsibleInventorId
      : current && !linksChanged && current.responsibleInventorId
        ? current.responsibleInventorId
        : responsibleInventor(links);
    if (!responsibleId) {
      outcome.unassigned++;
      // Say who must be added to the staff directory for the rule to find someone.
      const names = links
        .filter((l) => l.personId === null && ctx.directory.match(l.name).kind === 'none')
        .map((l) => l.name);
      if (names.length > 0) {
        outcome.missing.push({ row: row.displayRow, applicationNumber: r.applicationNumber, names });
      }
    }

    if (!current) {
      const id = ctx.newId();
      patents += `${id},${r.applicationNumber},${patentLine(r, collegeId, responsibleId)},${ctx.institutionId},${at},${at}\n`;
      for (const l of links) inventors += `${id},${l.position},${csvField(l.name)},${csvField(l.personId)}\n`;
      outcome.created++;
      continue;
    }
    const written = writtenValues(row, current, collegeId, responsibleId);
    const changes = diffFields(storedComparable(current), writtenComparable(written));
    changes.push(
      ...diffFields(
        comparableLinks(ctx, currentNames, currentPersons, current.collegeId, current.responsibleInventorId),
        comparableLinks(
          ctx,
          r.inventors,
          links.map((l) => l.personId),
          collegeId,
          responsibleId,
        ),
      ),
    );
    if (changes.length === 0) {
      outcome.unchanged++;
      continue;
    }
    updates += `${current.id},${patentLine(written, written.collegeId, written.responsibleInventorId)}\n`;
    if (linksChanged) {
      relinked.push(current.id);
      for (const l of links)
        inventors += `${current.id},${l.position},${csvField(l.name)},${csvField(l.personId)}\n`;
    }
    outcome.updated++;
    outcome.changes.push({ row: row.displayRow, applicationNumber: r.applicationNumber, changes });
    audits += csvLine([
      ctx.actorId,
      'patent.updated-by-import',
      'Patent',
      current.id,
      ctx.institutionId,
      JSON.stringify({ importRunId: ctx.importRunId, row: row.displayRow, changes }),
      at,
    ]);
  }

  return { rows, outcome, patents, inventors, updates, relinked, audits, at };
}

async function writeChunk(ctx: StoreContext, tx: BulkQueries, prepared: PreparedChunk): Promise<void> {
  const T = ctx.tables;
  const { patents, inventors, updates, relinked, audits, at } = prepared;
  // New patents go straight into the table (none of their numbers exists: checked above, in this
  // transaction; a concurrent import's is a unique violation, and the chunk is tried again).
  await tx.copy(
    `"Patent" ("id", "applicationNumber", ${PATENT_FIELDS.map((f) => `"${f}"`).join(', ')}, "institutionId", "createdAt", "updatedAt")`,
    patents,
  );
  if (updates !== '') {
    await tx.query(`DELETE FROM ${T.writes}`);
    await tx.copy(`${T.writes} ("id", ${PATENT_FIELDS.map((f) => `"${f}"`).join(', ')})`, updates);
    await tx.query(
      `UPDATE "Patent" p SET ${PATENT_FIELDS.map((f) =>
        f === 'type'
          ? `"type" = w."type"::"PatentType"`
          : f === 'legalStatus'
            ? `"legalStatus" = w."legalStatus"::"LegalStatus"`
            : `"${f}" = w."${f}"`,
      ).join(', ')}, "updatedAt" = $1::timestamp(3)
       FROM ${T.writes} w WHERE p.id = w.id`,
      [at],
    );
  }
  if (relinked.length > 0) {
    await tx.query(
      `DELETE FROM "PatentInventor" WHERE "patentId" IN (SELECT (json_array_elements_text($1::json))::uuid)`,
      [JSON.stringify(relinked)],
    );
  }
  await tx.copy(`"PatentInventor" ("patentId", "position", "name", "personId")`, inventors);
  await tx.copy(
    `"AuditLog" ("actorId", "action", "subjectType", "subjectId", "institutionId", "details", "createdAt")`,
    audits,
  );
}

/** What an update writes: the row's values, the stored one for each secondary field it rejected. */
function writtenValues(
  row: PendingRow,
  stored: Existing,
  collegeId: string | null,
  responsibleInventorId: string | null,
): Written {
  const r = row.record;
  const skip = new Set<string>(r.skipped);
  return {
    publicationNumber: skip.has('publicationNumber') ? stored.publicationNumber : r.publicationNumber,
    title: r.title,
    abstract: skip.has('abstract') ? stored.abstract : r.abstract,
    type: r.type,
    ipcCodes: r.ipcCodes,
    locarnoClass: skip.has('locarno') ? stored.locarnoClass : r.locarnoClass,
    applicationDate: r.applicationDate,
    grantDate: skip.has('grantDate') ? dateOf(stored.grantDate) : r.grantDate,
    legalStatus: r.legalStatus,
    patentees: skip.has('patentees') ? (stored.patentees ?? []) : r.patentees,
    collegeId,
    responsibleInventorId,
  };
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
      row: row.displayRow,
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

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// What the change report compares, in values people read (ids shown as names). Enum codes stay
// codes here (the audit log keeps them); the report words them in the reader's language.

const dateOf = (iso: string | null) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

function storedComparable(f: Existing): Record<string, Comparable> {
  return {
    title: f.title,
    abstract: f.abstract,
    type: f.type,
    publicationNumber: f.publicationNumber,
    ipcCodes: f.ipcCodes ?? [],
    locarnoClass: f.locarnoClass,
    applicationDate: dateOf(f.applicationDate),
    grantDate: dateOf(f.grantDate),
    legalStatus: f.legalStatus,
    patentees: f.patentees ?? [],
  };
}

function writtenComparable(w: Written): Record<string, Comparable> {
  return {
    title: w.title,
    abstract: w.abstract,
    type: w.type,
    publicationNumber: w.publicationNumber,
    ipcCodes: w.ipcCodes,
    locarnoClass: w.locarnoClass,
    applicationDate: w.applicationDate,
    grantDate: w.grantDate,
    legalStatus: w.legalStatus,
    patentees: w.patentees,
  };
}

function comparableLinks(
  ctx: StoreContext,
  names: readonly string[],
  persons: readonly (string | null)[],
  collegeId: string | null,
  responsibleId: string | null,
): Record<string, Comparable> {
  return {
    college: collegeId ? (ctx.collegeNames.get(collegeId) ?? collegeId) : null,
    inventors: [...names],
    inventorLinks: names.map((name, i) => `${name}${persons[i] ? LINKED : UNLINKED}`),
    responsibleInventor: responsibleId ? (ctx.directory.get(responsibleId)?.name ?? responsibleId) : null,
  };
}

/** Marks of a linked and an unlinked inventor name in `inventorLinks` (the report words them). */
export const LINKED = '✓';
export const UNLINKED = '?';
