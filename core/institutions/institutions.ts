// Institutions and their colleges, from an empty database: an administrator (or the operator at the
// command line) registers a university, research institute or hospital with its colleges, edits,
// deactivates and reactivates it, and adds, edits and deactivates colleges. Every action checks its
// input completely first (fields.ts), then runs in one transaction with its audit entry: a duplicate
// code or credit code is refused with the institution that already has it, and nothing is written.
// A deactivated institution keeps its data; nothing new is imported or invited for it
// (core/inventory/institutions.ts institutionByCode refuses it).
import type { Institution, Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { type Msg, msg } from '../i18n.ts';
import { diffFields, type FieldChange } from '../inventory/diff.ts';
import { authorize, may, type Operator } from '../people/authorize.ts';
import {
  type CollegeData,
  type FieldIssue,
  type InstitutionData,
  normaliseCode,
  type RawInstitution,
  validateCollege,
  validateCollegeEdit,
  validateEdit,
  validateInstitution,
} from './fields.ts';

export type { FieldChange };

/** Refused input: every problem found, the first one as the refusal's message. */
export class InvalidInstitutionInput extends Refusal {
  constructor(readonly issues: FieldIssue[]) {
    super(issues[0]!.reason, issues.map((i) => `${i.field}: ${i.reason.key}`).join('; '));
  }
}

const refuse = (key: string, params: Record<string, string>): never => {
  throw new Refusal(msg(`institutions:refusal.${key}`, params));
};

export type InstitutionWithColleges = Institution & { children: Institution[] };

type Tx = Prisma.TransactionClient;

// ------------------------------------------------------------------------------ lookups

/** Any institution or college by its code, deactivated or not (codes are matched case-insensitively). */
export async function findInstitution(db: Db | Tx, code: string): Promise<Institution | null> {
  return db.institution.findUnique({ where: { code: normaliseCode(code) } });
}

/**
 * The institution the actor may change, by code: unknown codes are named as unknown to those who may
 * see every institution, and refused like any other to the rest (existence is not revealed).
 */
async function editable(db: Db, actor: Operator, code: string): Promise<Institution> {
  const found = await findInstitution(db, code);
  if (!found && may(actor, 'institution.list')) refuse('unknown', { code: normaliseCode(code) });
  return authorize(actor, 'institution.edit', found ? { institutionId: found.id, ...found } : null, code);
}

function topLevel(institution: Institution): Institution {
  if (institution.kind === 'COLLEGE') refuse('is_college', { code: institution.code });
  return institution;
}

function college(institution: Institution): Institution {
  if (institution.kind !== 'COLLEGE') refuse('not_a_college', { code: institution.code });
  return institution;
}

function valid<T>(result: { ok: true; value: T } | { ok: false; issues: FieldIssue[] }): T {
  if (!result.ok) throw new InvalidInstitutionInput(result.issues);
  return result.value;
}

// ------------------------------------------------------------------------------ uniqueness

/** Refuses when the code is taken by another institution than `self`. */
async function codeFree(tx: Db | Tx, code: string, self: string | null = null): Promise<void> {
  const holder = await tx.institution.findUnique({ where: { code } });
  if (holder && holder.id !== self) refuse('code_taken', { code, name: holder.nameZh });
}

async function creditCodeFree(tx: Db | Tx, creditCode: string, self: string | null = null): Promise<void> {
  const holder = await tx.institution.findUnique({ where: { creditCode } });
  if (holder && holder.id !== self) {
    refuse('credit_code_taken', { creditCode, code: holder.code, name: holder.nameZh });
  }
}

/** Two requests at once can both pass the checks; the unique index then decides, with our message. */
async function uniquely<T>(what: { code: string }, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') refuse('taken_meanwhile', { code: what.code });
    throw error;
  }
}

// ------------------------------------------------------------------------------ register

export interface RegisterInput extends RawInstitution {
  colleges?: RawInstitution[];
}

/** Registers a university, research institute or hospital, with its colleges, all or nothing. */
export async function registerInstitution(
  db: Db,
  actor: Operator,
  input: RegisterInput,
  now: Date,
): Promise<InstitutionWithColleges> {
  authorize(actor, 'institution.register');
  const data = valid(validateInstitution(input));
  const colleges = collegesOf(input.colleges ?? [], data.code);
  return createInstitution(db, actor, data, colleges, now);
}

/** Writes a validated institution and its colleges in one transaction, refusing taken codes. */
export async function createInstitution(
  db: Db,
  actor: Operator,
  data: InstitutionData,
  colleges: CollegeData[],
  now: Date,
): Promise<InstitutionWithColleges> {
  return uniquely(data, () =>
    db.$transaction(async (tx) => {
      await codeFree(tx, data.code);
      await creditCodeFree(tx, data.creditCode);
      for (const c of colleges) await codeFree(tx, c.code);
      const institution = await tx.institution.create({
        data: { ...data, createdAt: now, updatedAt: now },
      });
      await audit(tx, {
        actorId: actor?.personId ?? null,
        action: 'institution.registered',
        subjectType: 'Institution',
        subjectId: institution.id,
        institutionId: institution.id,
        details: { ...data, colleges: colleges.map((c) => c.code) },
      });
      const children: Institution[] = [];
      for (const c of colleges) children.push(await createCollege(tx, actor, institution, c, now));
      return { ...institution, children };
    }),
  );
}

/** Validates a list of colleges given with an institution: every problem, and no code twice. */
function collegesOf(raws: RawInstitution[], universityCode: string): CollegeData[] {
  const issues: FieldIssue[] = [];
  const colleges: CollegeData[] = [];
  const seen = new Set<string>();
  for (const raw of raws) {
    const result = validateCollege(raw, universityCode);
    if (!result.ok) {
      issues.push(...result.issues);
      continue;
    }
    if (seen.has(result.value.code)) {
      issues.push({
        field: 'code',
        reason: msg('institutions:invalid.college_twice', { value: result.value.code }),
      });
    }
    seen.add(result.value.code);
    colleges.push(result.value);
  }
  if (issues.length > 0) throw new InvalidInstitutionInput(issues);
  return colleges;
}

async function createCollege(
  tx: Tx,
  actor: Operator,
  parent: Institution,
  data: CollegeData,
  now: Date,
): Promise<Institution> {
  const created = await tx.institution.create({
    data: {
      ...data,
      kind: 'COLLEGE',
      province: parent.province,
      city: parent.city,
      parentId: parent.id,
      createdAt: now,
      updatedAt: now,
    },
  });
  await audit(tx, {
    actorId: actor?.personId ?? null,
    action: 'college.added',
    subjectType: 'Institution',
    subjectId: created.id,
    institutionId: created.id,
    details: { ...data, parent: parent.code },
  });
  return created;
}

// ------------------------------------------------------------------------------ edit

export interface EditOutcome {
  institution: Institution;
  /** Field by field, as people read them; empty when the input changed nothing. */
  changes: FieldChange[];
}

const comparable = (i: Institution | InstitutionData | CollegeData) => {
  const record = i as Partial<Institution>;
  return {
    code: record.code ?? null,
    nameZh: record.nameZh ?? null,
    nameEn: record.nameEn ?? null,
    kind: record.kind ?? null,
    creditCode: record.creditCode ?? null,
    province: record.province ?? null,
    city: record.city ?? null,
  };
};

/** What `next` changes on `current`, only over the fields `next` gives. */
export function changesOf(current: Institution, next: Partial<InstitutionData> | Partial<CollegeData>) {
  const before = comparable(current);
  const after = { ...before, ...next } as Record<string, string | null>;
  return diffFields(before, after);
}

/** Edits an institution: any of code, names, kind, credit code, province and city. */
export async function editInstitution(
  db: Db,
  actor: Operator,
  code: string,
  input: RawInstitution,
  now: Date,
): Promise<EditOutcome> {
  const current = topLevel(await editable(db, actor, code));
  const next = valid(validateEdit(input, current));
  return applyEdit(db, actor, current, next, now);
}

/** Writes an edit (validated) with its audit entry; colleges follow a new code and place. */
export async function applyEdit(
  db: Db,
  actor: Operator,
  current: Institution,
  next: Partial<InstitutionData>,
  now: Date,
): Promise<EditOutcome> {
  const changes = changesOf(current, next);
  if (changes.length === 0) return { institution: current, changes };
  const run = async (tx: Tx) => {
    if (next.code && next.code !== current.code) await codeFree(tx, next.code, current.id);
    if (next.creditCode && next.creditCode !== current.creditCode) {
      await creditCodeFree(tx, next.creditCode, current.id);
    }
    const institution = await tx.institution.update({
      where: { id: current.id },
      data: { ...next, updatedAt: now },
    });
    if (institution.code !== current.code) await renameColleges(tx, current, institution.code, now);
    if (institution.province !== current.province || institution.city !== current.city) {
      await tx.institution.updateMany({
        where: { parentId: current.id },
        data: { province: institution.province, city: institution.city, updatedAt: now },
      });
    }
    await audit(tx, {
      actorId: actor?.personId ?? null,
      action: 'institution.edited',
      subjectType: 'Institution',
      subjectId: current.id,
      institutionId: current.id,
      details: { code: institution.code, changes: changes.map((c) => ({ ...c })) },
    });
    return { institution, changes };
  };
  return uniquely(next.code ? { code: next.code } : current, () => db.$transaction(run));
}

/** A college's code carries its university's: "OLD-CS" becomes "NEW-CS" with the university. */
async function renameColleges(tx: Tx, current: Institution, code: string, now: Date): Promise<void> {
  const colleges = await tx.institution.findMany({ where: { parentId: current.id } });
  for (const c of colleges) {
    if (!c.code.startsWith(`${current.code}-`)) continue;
    const renamed = `${code}${c.code.slice(current.code.length)}`;
    await codeFree(tx, renamed, c.id);
    await tx.institution.update({ where: { id: c.id }, data: { code: renamed, updatedAt: now } });
  }
}

// ------------------------------------------------------------------------------ (de)activate

export interface ActivationOutcome {
  institution: Institution;
  /** False when it already was in that state (nothing written). */
  changed: boolean;
}

async function setActive(
  db: Db,
  actor: Operator,
  institution: Institution,
  active: boolean,
  now: Date,
): Promise<ActivationOutcome> {
  if ((institution.deactivatedAt === null) === active) return { institution, changed: false };
  const isCollege = institution.kind === 'COLLEGE';
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.institution.update({
      where: { id: institution.id },
      data: { deactivatedAt: active ? null : now, updatedAt: now },
    });
    await audit(tx, {
      actorId: actor?.personId ?? null,
      action: `${isCollege ? 'college' : 'institution'}.${active ? 'reactivated' : 'deactivated'}`,
      subjectType: 'Institution',
      subjectId: institution.id,
      institutionId: institution.id,
      details: { code: institution.code },
    });
    return row;
  });
  return { institution: updated, changed: true };
}

/** Deactivates an institution: its data stays, nothing new is imported or invited for it. */
export async function deactivateInstitution(db: Db, actor: Operator, code: string, now: Date) {
  return setActive(db, actor, topLevel(await editable(db, actor, code)), false, now);
}

export async function reactivateInstitution(db: Db, actor: Operator, code: string, now: Date) {
  return setActive(db, actor, topLevel(await editable(db, actor, code)), true, now);
}

// ------------------------------------------------------------------------------ colleges

/** The university a college is added to or belongs to, checked as the object of the action. */
async function universityOf(db: Db, collegeRow: Institution): Promise<Institution> {
  const parent = collegeRow.parentId
    ? await db.institution.findUnique({ where: { id: collegeRow.parentId } })
    : null;
  if (!parent) return refuse('not_a_college', { code: collegeRow.code });
  return parent;
}

/** Adds a college (kind COLLEGE, the university's province and city) to a university. */
export async function addCollege(
  db: Db,
  actor: Operator,
  universityCode: string,
  input: RawInstitution,
  now: Date,
): Promise<Institution> {
  const university = topLevel(await editable(db, actor, universityCode));
  const data = valid(validateCollege(input, university.code));
  return insertCollege(db, actor, university, data, now);
}

/** Writes a validated college under its university in one transaction, refusing a taken code. */
export async function insertCollege(
  db: Db,
  actor: Operator,
  university: Institution,
  data: CollegeData,
  now: Date,
): Promise<Institution> {
  if (university.deactivatedAt) refuse('deactivated', { code: university.code, name: university.nameZh });
  return uniquely(data, () =>
    db.$transaction(async (tx) => {
      await codeFree(tx, data.code);
      return createCollege(tx, actor, university, data, now);
    }),
  );
}

/** Edits a college's code or names. */
export async function editCollege(
  db: Db,
  actor: Operator,
  code: string,
  input: RawInstitution,
  now: Date,
): Promise<EditOutcome> {
  const current = college(await editable(db, actor, code));
  const university = await universityOf(db, current);
  const next = valid(validateCollegeEdit(input, university.code));
  return applyCollegeEdit(db, actor, current, university, next, now);
}

/** Writes a college's edit (validated) with its audit entry. */
export async function applyCollegeEdit(
  db: Db,
  actor: Operator,
  current: Institution,
  university: Institution,
  next: Partial<CollegeData>,
  now: Date,
): Promise<EditOutcome> {
  const changes = changesOf(current, next);
  if (changes.length === 0) return { institution: current, changes };
  return uniquely(next.code ? { code: next.code } : current, () =>
    db.$transaction(async (tx) => {
      if (next.code && next.code !== current.code) await codeFree(tx, next.code, current.id);
      const institution = await tx.institution.update({
        where: { id: current.id },
        data: { ...next, updatedAt: now },
      });
      await audit(tx, {
        actorId: actor?.personId ?? null,
        action: 'college.edited',
        subjectType: 'Institution',
        subjectId: current.id,
        institutionId: current.id,
        details: { code: institution.code, parent: university.code, changes: changes.map((c) => ({ ...c })) },
      });
      return { institution, changes };
    }),
  );
}

export async function deactivateCollege(db: Db, actor: Operator, code: string, now: Date) {
  return setActive(db, actor, college(await editable(db, actor, code)), false, now);
}

export async function reactivateCollege(db: Db, actor: Operator, code: string, now: Date) {
  return setActive(db, actor, college(await editable(db, actor, code)), true, now);
}

// ------------------------------------------------------------------------------ list

export interface ListOptions {
  includeDeactivated?: boolean;
  /** Only this province (GB/T 2260 code). */
  province?: string;
}

/** Every institution with its colleges, by province and code. */
export async function listInstitutions(
  db: Db,
  actor: Operator,
  options: ListOptions = {},
): Promise<InstitutionWithColleges[]> {
  authorize(actor, 'institution.list');
  const active = options.includeDeactivated ? {} : { deactivatedAt: null };
  return db.institution.findMany({
    where: { parentId: null, ...active, ...(options.province ? { province: options.province } : {}) },
    include: { children: { where: active, orderBy: { code: 'asc' } } },
    orderBy: [{ province: 'asc' }, { code: 'asc' }],
  });
}

/** A refusal's message for an institution that has been deactivated (imports, invitations). */
export const deactivatedMessage = (institution: Pick<Institution, 'code' | 'nameZh'>): Msg =>
  msg('institutions:refusal.deactivated', { code: institution.code, name: institution.nameZh });
