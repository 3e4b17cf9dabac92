// The expert database (the Working Plan's third database): people who judge patents, each with an
// affiliation kept for conflicts of interest (a registered institution or enterprise, or free text),
// a title, IPC fields and keywords. Experts are known by their email. An expert of free-text (or no)
// affiliation may be given a region (GB/T 2260): their province then is that region's.
//
//   addExpert(db, actor, input, now, { invite })   a new expert (a new person, or the person already
//                                                  registered with that email); with `invite`, also
//                                                  their invitation (role EXPERT, core/invites) in
//                                                  the same transaction
//   editExpertProfile(db, actor, input, now)       changes what is given, says what changed
//   inviteExpert(db, actor, email, now)            an invitation for an expert already added
//   listExperts(db, actor)                         the experts the actor manages
//   saveExpertIn(tx, actor, checked, now, mode)    the one write path (add, edit, a row of an import)
//
// Who may add, invite and edit (core/people/authorize.ts 'expert.*'): administrators; the university
// coordinators of the expert's institution; bureau officers of the expert's province (the registered
// affiliation's, or the region's); an expert edits their own profile. An expert with neither is
// managed by administrators only, so a bureau officer who adds or edits one without a region gives
// them the officer's own province (Revive keeps no "added by": the province stands for the bureau).
// Every change is audited, one transaction per action; bad input is refused with an experts:*
// message and creates nothing.
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { checkRegion } from '../enterprises/fields.ts';
import { Refusal, refuseWith } from '../errors.ts';
import { type Msg, msg } from '../i18n.ts';
import { inviteToRoleIn, type RoleInvitation } from '../invites/role-invites.ts';
import { hasRole } from '../people/actor.ts';
import { authorize, type ExpertObject, may, type Operator } from '../people/authorize.ts';
import {
  type Affiliation,
  expertProvince,
  isRegistered,
  NO_AFFILIATION,
  resolveAffiliation,
  storedAffiliation,
} from './affiliation.ts';
import { IPC_FIELDS_MAX, KEYWORD_MAX_LENGTH, KEYWORDS_MAX, parseIpcFields, parseKeywords } from './fields.ts';

type Tx = Prisma.TransactionClient;

export const TITLE_MAX = 100;
export const NAME_MAX = 100;

/** What a person types for an expert; `undefined` leaves a field as it is (editing). */
export const ExpertInputSchema = z.object({
  name: z.string().optional(),
  email: z.string(),
  title: z.string().nullish(),
  affiliation: z.string().nullish(),
  /** GB/T 2260 code or place name; for a free-text (or no) affiliation only. */
  region: z.string().nullish(),
  ipc: z.union([z.string(), z.array(z.string())]).nullish(),
  keywords: z.union([z.string(), z.array(z.string())]).nullish(),
});
export type ExpertInput = z.input<typeof ExpertInputSchema>;

export type ExpertField = 'name' | 'email' | 'title' | 'affiliation' | 'region' | 'ipc' | 'keywords';

export interface ExpertProblem {
  field: ExpertField;
  reason: Msg;
}

/** Checked input: `undefined` fields were not given. */
export interface CheckedExpert {
  name: string | undefined;
  email: string;
  title: string | null | undefined;
  affiliation: Affiliation | undefined;
  /** Six-digit code; null clears it. */
  region: string | null | undefined;
  ipcFields: string[] | undefined;
  keywords: string[] | undefined;
}

const emailSchema = z.email().max(254);
const clean = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();
/** "张 伟" is "张伟"; Latin names ignore case. */
const sameName = (a: string, b: string) => {
  const n = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return n(a) === n(b);
};

/** Checks every field (an import reports all problems of a row); looks affiliations up. */
export async function checkExpert(
  db: Db | Tx,
  raw: ExpertInput,
): Promise<{ ok: true; value: CheckedExpert } | { ok: false; problems: ExpertProblem[] }> {
  const input = ExpertInputSchema.parse(raw);
  const problems: ExpertProblem[] = [];
  const fail = (field: ExpertField, key: string, params?: Record<string, string | number>) =>
    problems.push({ field, reason: msg(`experts:invalid.${key}`, params) });

  const email = input.email.trim().toLowerCase();
  if (email === '') fail('email', 'email_required');
  else if (!emailSchema.safeParse(email).success) fail('email', 'email', { value: email });

  let name: string | undefined;
  if (input.name !== undefined) {
    name = clean(input.name);
    if (name === '') fail('name', 'name_required');
    else if (name.length > NAME_MAX) fail('name', 'too_long', { max: NAME_MAX });
  }
  let title: string | null | undefined;
  if (input.title !== undefined) {
    title = input.title === null ? null : clean(input.title) || null;
    if (title && title.length > TITLE_MAX) fail('title', 'too_long', { max: TITLE_MAX });
  }
  let ipcFields: string[] | undefined;
  if (input.ipc !== undefined) {
    const parsed = parseIpcFields(input.ipc ?? []);
    if (parsed.invalid.length > 0) fail('ipc', 'ipc', { value: parsed.invalid.join(', ') });
    else if (parsed.tooMany) fail('ipc', 'ipc_too_many', { max: IPC_FIELDS_MAX });
    ipcFields = parsed.codes;
  }
  let keywords: string[] | undefined;
  if (input.keywords !== undefined) {
    const parsed = parseKeywords(input.keywords ?? []);
    if (parsed.tooLong.length > 0)
      fail('keywords', 'keyword_too_long', { value: parsed.tooLong[0]!, max: KEYWORD_MAX_LENGTH });
    else if (parsed.tooMany) fail('keywords', 'keywords_too_many', { max: KEYWORDS_MAX });
    keywords = parsed.keywords;
  }
  let region: string | null | undefined;
  if (input.region !== undefined) {
    const text = (input.region ?? '').normalize('NFKC').trim();
    const checked = text === '' ? null : checkRegion(text);
    if (checked === null) region = null;
    else if (checked.ok) region = checked.value;
    else problems.push({ field: 'region', reason: checked.error });
  }
  let affiliation: Affiliation | undefined;
  if (input.affiliation !== undefined) {
    const resolved = await resolveAffiliation(db, input.affiliation);
    if (resolved.ok) affiliation = resolved.value;
    else problems.push({ field: 'affiliation', reason: resolved.error });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { name, email, title, affiliation, region, ipcFields, keywords } };
}

async function checked(db: Db | Tx, input: ExpertInput): Promise<CheckedExpert> {
  const result = await checkExpert(db, input);
  if (!result.ok) throw new Refusal(result.problems[0]!.reason);
  return result.value;
}

export interface ExpertView {
  id: string;
  personId: string;
  name: string;
  email: string | null;
  title: string | null;
  institutionId: string | null;
  enterpriseId: string | null;
  /** Free text, or the college within the institution. */
  affiliation: string | null;
  /** The affiliation as it reads: institution (· college), enterprise, or the free text. */
  affiliationLabel: string | null;
  /** GB/T 2260 code given for a free-text (or no) affiliation; null for a registered one. */
  region: string | null;
  /** The province the expert is managed in (see expertProvince); null when none. */
  province: string | null;
  ipcFields: string[];
  keywords: string[];
}

type StoredExpert = Prisma.ExpertGetPayload<{ include: { person: true } }>;

async function view(db: Db | Tx, expert: StoredExpert): Promise<ExpertView> {
  const aff = await storedAffiliation(db, expert);
  return {
    id: expert.id,
    personId: expert.personId,
    name: expert.person.name,
    email: expert.person.email,
    title: expert.title,
    institutionId: expert.institutionId,
    enterpriseId: expert.enterpriseId,
    affiliation: expert.affiliation,
    affiliationLabel: aff.label,
    region: expert.region,
    province: aff.province,
    ipcFields: expert.ipcFields,
    keywords: expert.keywords,
  };
}

const scopeOf = (personId: string | null, aff: Affiliation, region: string | null) =>
  ({
    personId,
    institutionId: aff.institutionId,
    province: expertProvince(aff, region),
  }) satisfies ExpertObject;

/**
 * The region of an expert after a write: none for a registered affiliation (its own counts), else
 * the one given, else the one kept; still none, and written by a bureau officer (not an
 * administrator) of one province: that province, so that they can go on managing the expert.
 */
function regionAfter(
  actor: Operator,
  aff: Affiliation,
  given: string | null | undefined,
  kept: string | null,
) {
  if (isRegistered(aff)) return null;
  const region = given !== undefined ? given : kept;
  if (region !== null || actor === null || hasRole(actor, 'ADMIN')) return region;
  const provinces = new Set(
    actor.roles.flatMap((r) => (r.role === 'BUREAU_OFFICER' && r.province ? [r.province] : [])),
  );
  return provinces.size === 1 ? [...provinces][0]! : null;
}

export type ExpertChangeField = 'name' | 'title' | 'affiliation' | 'region' | 'ipcFields' | 'keywords';
export interface ExpertChange {
  field: ExpertChangeField;
  before: string | null;
  after: string | null;
}

export type SaveOutcome =
  | { outcome: 'CREATED'; expert: ExpertView; personCreated: boolean }
  | { outcome: 'UPDATED'; expert: ExpertView; changes: ExpertChange[] }
  | { outcome: 'UNCHANGED'; expert: ExpertView };

/**
 * The one write path. `add`: the email must not be an expert yet; `edit`: it must be; `upsert` (an
 * import row): either, without renaming anyone (a different name for a known email is refused). A
 * region given with a registered affiliation is refused, except in an import, where a list's region
 * column may be filled for everyone: there the registered affiliation's region counts.
 */
export async function saveExpertIn(
  tx: Tx,
  actor: Operator,
  input: CheckedExpert,
  now: Date,
  mode: 'add' | 'edit' | 'upsert',
): Promise<SaveOutcome> {
  const person = await tx.person.findFirst({
    where: { email: { equals: input.email, mode: 'insensitive' } },
    include: { expert: true },
    orderBy: { id: 'asc' },
  });
  const existing = person?.expert ?? null;
  const actorId = actor?.personId ?? null;

  if (!existing) {
    if (mode === 'edit') {
      // Not revealed: the same refusal as an expert one may not edit.
      authorize(actor, 'expert.edit', null, input.email);
      throw new Error('unreachable: a missing expert is refused');
    }
    const aff = input.affiliation ?? NO_AFFILIATION;
    const region = regionAfter(actor, aff, input.region, null);
    authorize(actor, 'expert.invite', scopeOf(person?.id ?? null, aff, region), input.email);
    if (isRegistered(aff) && input.region && mode !== 'upsert')
      return refuseWith('experts:invalid.region_registered');
    if (input.name === undefined) return refuseWith('experts:invalid.name_required');
    if (person && !sameName(person.name, input.name))
      return refuseWith('experts:refusal.email_other_person', input.email);
    const personId =
      person?.id ??
      (
        await tx.person.create({
          data: { name: input.name, email: input.email, createdAt: now, updatedAt: now },
        })
      ).id;
    const created = await tx.expert.create({
      data: {
        personId,
        institutionId: aff.institutionId,
        enterpriseId: aff.enterpriseId,
        affiliation: aff.affiliation,
        region,
        title: input.title ?? null,
        ipcFields: input.ipcFields ?? [],
        keywords: input.keywords ?? [],
        createdAt: now,
        updatedAt: now,
      },
      include: { person: true },
    });
    await audit(tx, {
      actorId,
      action: 'expert.added',
      subjectType: 'Expert',
      subjectId: created.id,
      institutionId: aff.institutionId,
      details: {
        personId,
        personCreated: !person,
        enterpriseId: aff.enterpriseId,
        affiliation: aff.label,
        region,
        title: created.title,
        ipcFields: created.ipcFields,
        keywords: created.keywords,
      },
    });
    return { outcome: 'CREATED', expert: await view(tx, created), personCreated: !person };
  }

  if (mode === 'add') {
    // An administrator or manager of that expert learns why; anyone else gets the usual refusal.
    const current = await storedAffiliation(tx, existing);
    authorize(actor, 'expert.edit', scopeOf(existing.personId, current, existing.region), input.email);
    return refuseWith('experts:refusal.already_expert', input.email);
  }
  const current = await storedAffiliation(tx, existing);
  authorize(actor, 'expert.edit', scopeOf(existing.personId, current, existing.region), input.email);
  const next = input.affiliation ?? current;
  if (isRegistered(next) && input.region && mode !== 'upsert')
    return refuseWith('experts:invalid.region_registered');
  const nextRegion = regionAfter(actor, next, input.region, existing.region);
  // Not moving the expert out of one's own reach (to another institution or province).
  authorize(actor, 'expert.edit', scopeOf(existing.personId, next, nextRegion), input.email);

  const changes: ExpertChange[] = [];
  const add = (field: ExpertChangeField, before: string | null, after: string | null) => {
    if (before !== after) changes.push({ field, before, after });
  };
  const list = (items: string[]) => (items.length === 0 ? null : items.join('; '));
  const personName = person!.name;
  if (input.name !== undefined && input.name !== personName) {
    // An import row does not rename anyone: a different name is someone else's email.
    if (mode !== 'upsert') add('name', personName, input.name);
    else if (!sameName(personName, input.name))
      return refuseWith('experts:refusal.email_other_person', input.email);
  }
  if (input.title !== undefined) add('title', existing.title, input.title);
  if (
    input.affiliation !== undefined &&
    (next.institutionId !== existing.institutionId ||
      next.enterpriseId !== existing.enterpriseId ||
      next.affiliation !== existing.affiliation)
  ) {
    changes.push({ field: 'affiliation', before: current.label, after: next.label });
  }
  add('region', existing.region, nextRegion);
  if (input.ipcFields !== undefined) add('ipcFields', list(existing.ipcFields), list(input.ipcFields));
  if (input.keywords !== undefined) add('keywords', list(existing.keywords), list(input.keywords));
  const stored = { ...existing, person: person! };
  if (changes.length === 0) return { outcome: 'UNCHANGED', expert: await view(tx, stored) };

  const changed = new Set(changes.map((c) => c.field));
  if (changed.has('name'))
    await tx.person.update({ where: { id: existing.personId }, data: { name: input.name, updatedAt: now } });
  const updated = await tx.expert.update({
    where: { id: existing.id },
    data: {
      ...(changed.has('title') ? { title: input.title ?? null } : {}),
      ...(changed.has('affiliation')
        ? {
            institutionId: next.institutionId,
            enterpriseId: next.enterpriseId,
            affiliation: next.affiliation,
          }
        : {}),
      ...(changed.has('region') ? { region: nextRegion } : {}),
      ...(changed.has('ipcFields') ? { ipcFields: input.ipcFields } : {}),
      ...(changed.has('keywords') ? { keywords: input.keywords } : {}),
      updatedAt: now,
    },
    include: { person: true },
  });
  await audit(tx, {
    actorId,
    action: 'expert.edited',
    subjectType: 'Expert',
    subjectId: existing.id,
    institutionId: next.institutionId,
    details: { personId: existing.personId, changes } as unknown as Prisma.InputJsonValue,
  });
  return { outcome: 'UPDATED', expert: await view(tx, updated), changes };
}

export interface AddExpertResult {
  expert: ExpertView;
  personCreated: boolean;
  /** The invitation, when asked for (its token exists in clear only here). */
  invitation: RoleInvitation | null;
}

export async function addExpert(
  db: Db,
  actor: Operator,
  input: ExpertInput,
  now: Date,
  options: { invite?: boolean; validDays?: number } = {},
): Promise<AddExpertResult> {
  return db.$transaction(async (tx) => {
    const value = await checked(tx, input);
    const saved = await saveExpertIn(tx, actor, value, now, 'add');
    if (saved.outcome !== 'CREATED') throw new Error('unreachable: add saved no new expert');
    const invitation = options.invite
      ? await invitationIn(tx, actor, saved.expert, now, options.validDays)
      : null;
    return { expert: saved.expert, personCreated: saved.personCreated, invitation };
  });
}

export async function editExpertProfile(
  db: Db,
  actor: Operator,
  input: ExpertInput,
  now: Date,
): Promise<{ outcome: 'UPDATED' | 'UNCHANGED'; expert: ExpertView; changes: ExpertChange[] }> {
  return db.$transaction(async (tx) => {
    const saved = await saveExpertIn(tx, actor, await checked(tx, input), now, 'edit');
    if (saved.outcome === 'CREATED') throw new Error('unreachable: edit created an expert');
    return {
      outcome: saved.outcome,
      expert: saved.expert,
      changes: saved.outcome === 'UPDATED' ? saved.changes : [],
    };
  });
}

/**
 * The invitation of an expert (role EXPERT at the expert's institution, or at none), through the
 * invitation use case (core/invites/role-invites.ts: who may invite whom is its table).
 */
export async function inviteExpert(
  db: Db,
  actor: Operator,
  email: string,
  now: Date,
  validDays?: number,
): Promise<{ expert: ExpertView; invitation: RoleInvitation }> {
  return db.$transaction(async (tx) => {
    const person = await tx.person.findFirst({
      where: { email: { equals: email.trim().toLowerCase(), mode: 'insensitive' } },
      include: { expert: true },
    });
    const expert = person?.expert ? await view(tx, { ...person.expert, person }) : null;
    authorize(actor, 'expert.invite', expert ? viewScope(expert) : null, email);
    return { expert: expert!, invitation: await invitationIn(tx, actor, expert!, now, validDays) };
  });
}

function invitationIn(tx: Tx, actor: Operator, expert: ExpertView, now: Date, validDays?: number) {
  return inviteToRoleIn(
    tx,
    actor,
    {
      role: 'EXPERT',
      institutionId: expert.institutionId,
      invitee: { personId: expert.personId },
      ...(validDays ? { validDays } : {}),
    },
    now,
  );
}

/** The experts the actor manages (may edit), by name. */
export async function listExperts(db: Db, actor: Operator): Promise<ExpertView[]> {
  authorize(actor, 'expert.manage');
  const experts = await db.expert.findMany({
    include: { person: true },
    orderBy: { person: { name: 'asc' } },
  });
  const views: ExpertView[] = [];
  for (const e of experts) {
    const v = await view(db, e);
    if (may(actor, 'expert.edit', viewScope(v))) views.push(v);
  }
  return views;
}

/** Who manages this expert (the view's province already is the managing one). */
const viewScope = (v: ExpertView): ExpertObject => ({
  personId: v.personId,
  institutionId: v.institutionId,
  province: v.province,
});

/** The expert a person is (their own profile), or null when they are not in the expert database. */
export async function ownExpertProfile(db: Db, personId: string): Promise<ExpertView | null> {
  const expert = await db.expert.findUnique({ where: { personId }, include: { person: true } });
  return expert ? view(db, expert) : null;
}
