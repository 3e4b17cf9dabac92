// Writes one row of a staff list, in one transaction: a new staff number becomes a StaffRecord linked
// to a Person (the one registered with its email when there is one, otherwise a new person); a known
// staff number is updated where the row differs, and the change is returned for the report. The
// person's employment follows the record. A row that cannot be written (its email belongs to someone
// else …) changes nothing.

import type { EmploymentStatus } from '../../prisma/generated/client.ts';
import { Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { type Msg, msg } from '../i18n.ts';
import type { StaffField } from './headers.ts';
import type { StaffInput } from './validate-row.ts';

/** A staff record as the import compares it. */
export interface KnownStaff {
  id: string;
  personId: string;
  staffNumber: string;
  collegeId: string | null;
  employment: EmploymentStatus;
  email: string | null;
  phone: string | null;
  name: string;
}

export type StaffChangeField = 'name' | 'college' | 'employment' | 'email' | 'phone';

/** One field of a staff record that changed; employment as its code, college by name. */
export interface StaffFieldChange {
  field: StaffChangeField;
  before: string | null;
  after: string | null;
}

export type RowOutcome =
  | { kind: 'created'; record: KnownStaff; existingPerson: boolean }
  | { kind: 'updated'; record: KnownStaff; changes: StaffFieldChange[] }
  | { kind: 'unchanged' }
  | { kind: 'rejected'; field: StaffField | null; reason: Msg };

export interface RowContext {
  db: Db;
  institutionId: string;
  actorId: string | null;
  now: Date;
  collegeName(id: string | null): string | null;
}

class Rejected extends Error {
  constructor(
    readonly field: StaffField | null,
    readonly reason: Msg,
  ) {
    super(reason.key);
  }
}

/** Emails are stored as people typed them before the directory: compared without case. */
const personByEmail = (tx: Prisma.TransactionClient, email: string) =>
  tx.person.findFirst({ where: { email: { equals: email, mode: 'insensitive' } }, orderBy: { id: 'asc' } });

/** Names compared as people write them: "张 伟" is "张伟", Latin names ignore case. */
const sameName = (a: string, b: string) => {
  const n = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return n(a) === n(b);
};

/** What the row would change in a known record; empty when nothing. */
export function staffChanges(ctx: RowContext, known: KnownStaff, input: StaffInput): StaffFieldChange[] {
  const changes: StaffFieldChange[] = [];
  const add = (field: StaffChangeField, before: string | null, after: string | null) => {
    if (before !== after) changes.push({ field, before, after });
  };
  add('name', known.name, input.name);
  if (input.college !== undefined)
    add('college', ctx.collegeName(known.collegeId), input.college?.name ?? null);
  add('employment', known.employment, input.employment);
  if (input.email !== undefined) add('email', known.email, input.email);
  if (input.phone !== undefined) add('phone', known.phone, input.phone);
  return changes;
}

export async function applyStaffRow(
  ctx: RowContext,
  known: KnownStaff | undefined,
  input: StaffInput,
): Promise<RowOutcome> {
  try {
    if (!known) return await create(ctx, input);
    const changes = staffChanges(ctx, known, input);
    if (changes.length === 0) return { kind: 'unchanged' };
    return await update(ctx, known, input, changes);
  } catch (error) {
    if (error instanceof Rejected) return { kind: 'rejected', field: error.field, reason: error.reason };
    // Another import wrote the same staff number (or email) meanwhile: this row is not written.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return { kind: 'rejected', field: 'staffNumber', reason: msg('staff:row.conflict') };
    }
    throw error;
  }
}

async function create(ctx: RowContext, input: StaffInput): Promise<RowOutcome> {
  const { now } = ctx;
  return ctx.db.$transaction(async (tx) => {
    let person = input.email ? await personByEmail(tx, input.email) : null;
    const existingPerson = person !== null;
    if (person) {
      if (!sameName(person.name, input.name))
        throw new Rejected(
          'email',
          msg('staff:row.email_other_person', { email: input.email!, name: person.name }),
        );
      const other = await tx.staffRecord.findFirst({
        where: { institutionId: ctx.institutionId, personId: person.id },
      });
      if (other)
        throw new Rejected('email', msg('staff:row.email_other_staff', { staffNumber: other.staffNumber }));
      person = await tx.person.update({
        where: { id: person.id },
        data: {
          employment: input.employment,
          ...(person.mobile === null && input.phone ? { mobile: input.phone } : {}),
          updatedAt: now,
        },
      });
    } else {
      person = await tx.person.create({
        data: {
          name: input.name,
          email: input.email ?? null,
          mobile: input.phone ?? null,
          employment: input.employment,
          createdAt: now,
          updatedAt: now,
        },
      });
    }
    const record = await tx.staffRecord.create({
      data: {
        institutionId: ctx.institutionId,
        staffNumber: input.staffNumber,
        personId: person.id,
        collegeId: input.college?.id ?? null,
        employment: input.employment,
        email: input.email ?? null,
        phone: input.phone ?? null,
        createdAt: now,
        updatedAt: now,
      },
    });
    await audit(tx, {
      actorId: ctx.actorId,
      action: 'staff.added',
      subjectType: 'StaffRecord',
      subjectId: record.id,
      institutionId: ctx.institutionId,
      details: {
        staffNumber: input.staffNumber,
        personId: person.id,
        existingPerson,
        employment: input.employment,
        college: input.college?.name ?? null,
      },
    });
    return {
      kind: 'created',
      existingPerson,
      record: {
        id: record.id,
        personId: person.id,
        staffNumber: record.staffNumber,
        collegeId: record.collegeId,
        employment: record.employment,
        email: record.email,
        phone: record.phone,
        name: input.name,
      },
    } as const;
  });
}

async function update(
  ctx: RowContext,
  known: KnownStaff,
  input: StaffInput,
  changes: StaffFieldChange[],
): Promise<RowOutcome> {
  const { now } = ctx;
  const changed = new Set(changes.map((c) => c.field));
  return ctx.db.$transaction(async (tx) => {
    const person = await tx.person.findUniqueOrThrow({ where: { id: known.personId } });
    const personData: Prisma.PersonUpdateInput = { employment: input.employment, updatedAt: now };
    if (changed.has('name')) personData.name = input.name;
    if (changed.has('email') && input.email) {
      const owner = await personByEmail(tx, input.email);
      if (owner && owner.id !== person.id)
        throw new Rejected(
          'email',
          msg('staff:row.email_other_person', { email: input.email, name: owner.name }),
        );
      // The person's own address follows the directory unless they registered another one.
      if (person.email === null || person.email === known.email) personData.email = input.email;
    }
    if (changed.has('phone') && input.phone && (person.mobile === null || person.mobile === known.phone))
      personData.mobile = input.phone;
    await tx.person.update({ where: { id: person.id }, data: personData });
    const record = await tx.staffRecord.update({
      where: { id: known.id },
      data: {
        employment: input.employment,
        ...(input.college !== undefined ? { collegeId: input.college?.id ?? null } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
        updatedAt: now,
      },
    });
    await audit(tx, {
      actorId: ctx.actorId,
      action: 'staff.updated',
      subjectType: 'StaffRecord',
      subjectId: known.id,
      institutionId: ctx.institutionId,
      details: { staffNumber: known.staffNumber, personId: known.personId, changes } as never,
    });
    return {
      kind: 'updated',
      changes,
      record: {
        ...known,
        collegeId: record.collegeId,
        employment: record.employment,
        email: record.email,
        phone: record.phone,
        name: input.name,
      },
    } as const;
  });
}
