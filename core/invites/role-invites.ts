// Invitations to every role, each with exactly the one scope its role takes: the use case the
// command line (`npm run admin -- invite …`), the chat's /invite, enterprise administrators inviting
// colleagues, coordinators inviting experts and a bureau importing enterprises all call.
//
//   inviteToRole(db, actor, request, now)       validates, authorizes (who may invite whom:
//                                               core/people/invite-table.ts), creates the person
//                                               when new, replaces their earlier open invitation
//                                               for the same role and scope, stores the new one,
//                                               audits; one transaction. Refuses (core/errors.ts)
//                                               with an invites:refusal.* message.
//   inviteToRoleIn(tx, actor, request, now)     the same inside the caller's own transaction
//   listOpenInvites(db, actor, filter, now)     open invitations the actor could have issued
//   revokeRoleInvite(db, actor, inviteId, now)  revokes one of those
//
// Redeeming (invites.ts) grants exactly the role at exactly this scope.
import { z } from 'zod';
import type { Prisma, Role } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { Refusal, refuseWith } from '../errors.ts';
import { SUPPORTED_LOCALES } from '../i18n.ts';
import { authorize, type InviteTarget, may, type Operator } from '../people/authorize.ts';
import { normaliseEmail } from '../people/people.ts';
import { validateRegion } from '../regions/regions.ts';
import { createInvite, DEFAULT_INVITE_DAYS, MAX_INVITE_DAYS, revokeInvite } from './invites.ts';

type Tx = Prisma.TransactionClient;
/** What scope look-ups read: the client or a transaction. */
type Lookup = Pick<Tx, 'institution' | 'enterprise'>;

/** The scope each role takes. */
export type ScopeKind =
  | 'institution'
  | 'college'
  | 'province'
  | 'enterprise'
  | 'optional-institution'
  | 'none';

export const ROLE_SCOPE: Readonly<Record<Role, ScopeKind>> = {
  UNIVERSITY_COORDINATOR: 'institution',
  COLLEGE_COORDINATOR: 'college',
  INVENTOR: 'institution',
  BUREAU_OFFICER: 'province',
  EXPERT: 'optional-institution',
  ENTERPRISE_STAFF: 'enterprise',
  ENTERPRISE_ADMIN: 'enterprise',
  ADMIN: 'none',
};

export const ROLES = Object.keys(ROLE_SCOPE) as Role[];

const RoleSchema = z.enum(ROLES as [Role, ...Role[]]);
const Id = z.uuid();

/** Someone already in Revive, or a new person created with the invitation. */
export const InviteeSchema = z.union([
  z.object({ personId: Id }).strict(),
  z
    .object({
      name: z.string().trim().min(1).max(100),
      email: z.email().max(254).nullish(),
      mobile: z
        .string()
        .trim()
        .regex(/^\+?[0-9][0-9 -]{5,19}$/)
        .nullish(),
      locale: z.enum(SUPPORTED_LOCALES).optional(),
    })
    .strict(),
]);
export type Invitee = z.input<typeof InviteeSchema>;

export const RoleInviteRequestSchema = z.object({
  role: RoleSchema,
  /** A university or institute (coordinators, inventors, experts) or a college (college coordinators). */
  institutionId: Id.nullish(),
  enterpriseId: Id.nullish(),
  /** GB/T 2260 province code of a bureau officer ("330000"). */
  province: z.string().trim().nullish(),
  invitee: InviteeSchema,
  validDays: z.number().int().min(1).max(MAX_INVITE_DAYS).default(DEFAULT_INVITE_DAYS),
});
export type RoleInviteRequest = z.input<typeof RoleInviteRequestSchema>;

export interface RoleInvitation {
  inviteId: string;
  /** In clear only here: the database keeps its hash. Links: core/invites/links.ts. */
  token: string;
  expiresAt: Date;
  personId: string;
  personName: string;
  /** The invitee was created with this invitation. */
  personCreated: boolean;
  role: Role;
  institutionId: string | null;
  enterpriseId: string | null;
  province: string | null;
  /** Earlier open invitations of the person for the same role and scope, revoked by this one. */
  replaced: number;
}

const refusal = (key: string, params?: Record<string, string | number>): never => {
  throw new Refusal({ key: `invites:refusal.${key}`, ...(params ? { params } : {}) });
};

/** Validation's first complaint, as a message the person can act on. */
function invalid(error: z.ZodError): never {
  const issue = error.issues[0]!;
  const field = issue.path.filter((p) => typeof p === 'string').at(-1);
  const key =
    field === 'email'
      ? 'email_invalid'
      : field === 'name'
        ? 'name_invalid'
        : field === 'mobile'
          ? 'mobile_invalid'
          : field === 'validDays'
            ? 'days_invalid'
            : field === 'role'
              ? 'role_invalid'
              : field === 'personId'
                ? 'person_unknown'
                : field === 'institutionId'
                  ? 'institution_unknown'
                  : field === 'enterpriseId'
                    ? 'enterprise_unknown'
                    : 'request_invalid';
  return refusal(key, { max: MAX_INVITE_DAYS });
}

/** An invitation's scope as stored, and as authorization sees it. */
export interface ResolvedScope {
  stored: { institutionId: string | null; enterpriseId: string | null; province: string | null };
  target: InviteTarget;
}

/**
 * Checks that the scope fits the role (exactly the one scope it takes, of the right kind, existing
 * and active) and describes it for authorization.
 */
export async function resolveScope(
  db: Lookup,
  role: Role,
  scope: { institutionId?: string | null; enterpriseId?: string | null; province?: string | null },
): Promise<ResolvedScope> {
  const kind = ROLE_SCOPE[role];
  const institutionId = scope.institutionId ?? null;
  const enterpriseId = scope.enterpriseId ?? null;
  const province = scope.province?.trim() || null;
  const wantsInstitution = kind === 'institution' || kind === 'college' || kind === 'optional-institution';
  if (
    (institutionId !== null && !wantsInstitution) ||
    (enterpriseId !== null && kind !== 'enterprise') ||
    (province !== null && kind !== 'province')
  ) {
    refusal(`scope.${kind}`);
  }
  const none = { institutionId: null, enterpriseId: null, province: null };
  const target = (over: Partial<InviteTarget>): InviteTarget => ({
    role,
    institutionId: null,
    universityId: null,
    province: null,
    enterpriseId: null,
    ...over,
  });
  switch (kind) {
    case 'none':
      return { stored: none, target: target({}) };
    case 'province': {
      if (province === null) return refusal('scope.province');
      const check = validateRegion(province);
      if (!check.ok) throw new Refusal(check.reason);
      const code = check.province.code;
      return { stored: { ...none, province: code }, target: target({ province: code }) };
    }
    case 'enterprise': {
      if (enterpriseId === null) return refusal('scope.enterprise');
      const enterprise = await db.enterprise.findUnique({ where: { id: enterpriseId } });
      if (!enterprise) return refusal('enterprise_unknown');
      return {
        stored: { ...none, enterpriseId },
        target: target({ enterpriseId, province: `${enterprise.region.slice(0, 2)}0000` }),
      };
    }
    default: {
      if (institutionId === null) {
        if (kind === 'optional-institution') return { stored: none, target: target({}) };
        return refusal(`scope.${kind}`);
      }
      const institution = await db.institution.findUnique({
        where: { id: institutionId },
        include: { parent: true },
      });
      if (!institution) return refusal('institution_unknown');
      if (institution.deactivatedAt !== null || institution.parent?.deactivatedAt)
        return refusal('institution_deactivated', { name: institution.nameZh });
      const isCollege = institution.parentId !== null;
      if (kind === 'college' && !isCollege) return refusal('scope.college');
      if (kind === 'institution' && isCollege) return refusal('scope.institution');
      return {
        stored: { ...none, institutionId },
        target: target({
          institutionId,
          universityId: institution.parentId ?? institution.id,
          province: institution.province,
        }),
      };
    }
  }
}

/** Invites someone to a role at its scope, in one transaction. See the file's opening comment. */
export function inviteToRole(
  db: Db,
  actor: Operator,
  request: RoleInviteRequest,
  now: Date,
): Promise<RoleInvitation> {
  return db.$transaction((tx) => inviteToRoleIn(tx, actor, request, now));
}

/** As inviteToRole, inside the caller's transaction (an import creating an enterprise and its invitation). */
export async function inviteToRoleIn(
  tx: Tx,
  actor: Operator,
  request: RoleInviteRequest,
  now: Date,
): Promise<RoleInvitation> {
  const parsed = RoleInviteRequestSchema.safeParse(request);
  if (!parsed.success) return invalid(parsed.error);
  const { role, invitee, validDays } = parsed.data;
  const scope = await resolveScope(tx, role, parsed.data);
  authorize(actor, 'invite.create', scope.target, `${actor?.personId ?? 'operator'} → ${role}`);
  const actorId = actor?.personId ?? null;

  let person: { id: string; name: string };
  let personCreated = false;
  if ('personId' in invitee) {
    const found = await tx.person.findUnique({ where: { id: invitee.personId } });
    if (!found) return refusal('person_unknown');
    if (found.deactivatedAt !== null) return refusal('person_deactivated', { name: found.name });
    person = found;
  } else {
    const email = invitee.email ? normaliseEmail(invitee.email) : null;
    if (email) {
      const taken = await tx.person.findFirst({ where: { email: { equals: email, mode: 'insensitive' } } });
      if (taken) return refusal('email_taken', { email });
    }
    person = await tx.person.create({
      data: {
        name: invitee.name,
        email,
        mobile: invitee.mobile ?? null,
        ...(invitee.locale ? { locale: invitee.locale } : {}),
        createdAt: now,
        updatedAt: now,
      },
    });
    personCreated = true;
    await audit(tx, {
      actorId,
      action: 'person.created',
      subjectType: 'Person',
      subjectId: person.id,
      institutionId: scope.stored.institutionId,
      details: { via: 'invitation', role },
    });
  }

  // Tokens exist in clear only once: issuing again replaces the person's open invitation.
  const earlier = await tx.invite.findMany({
    where: { personId: person.id, role, ...scope.stored, usedAt: null, revokedAt: null },
    select: { id: true },
  });
  let replaced = 0;
  for (const { id } of earlier) if (await revokeInvite(tx, id, actorId, now)) replaced++;

  const invite = await createInvite(tx, {
    personId: person.id,
    role,
    ...scope.stored,
    createdById: actorId,
    validDays,
    now,
  });
  return {
    inviteId: invite.id,
    token: invite.token,
    expiresAt: invite.expiresAt,
    personId: person.id,
    personName: person.name,
    personCreated,
    role,
    ...scope.stored,
    replaced,
  };
}

// ------------------------------------------------------------------------ open invitations

export interface OpenInvite {
  id: string;
  role: Role;
  personId: string;
  personName: string;
  personEmail: string | null;
  institutionId: string | null;
  enterpriseId: string | null;
  province: string | null;
  createdById: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface InviteFilter {
  /** A university's (or institute's) invitations, its colleges' included; or one college's. */
  institutionId?: string | null;
  enterpriseId?: string | null;
  /** A province's: its bureau officers', and those of its institutions and enterprises. */
  province?: string | null;
}

/** The scopes of stored invitations, as authorization sees them, looked up in two queries. */
async function targetsOf(
  db: Lookup,
  invites: readonly {
    role: Role;
    institutionId: string | null;
    enterpriseId: string | null;
    province: string | null;
  }[],
): Promise<InviteTarget[]> {
  const institutionIds = [...new Set(invites.flatMap((i) => (i.institutionId ? [i.institutionId] : [])))];
  const enterpriseIds = [...new Set(invites.flatMap((i) => (i.enterpriseId ? [i.enterpriseId] : [])))];
  const institutions = new Map(
    (
      await db.institution.findMany({
        where: { id: { in: institutionIds } },
        select: { id: true, parentId: true, province: true },
      })
    ).map((i) => [i.id, i]),
  );
  const enterprises = new Map(
    (
      await db.enterprise.findMany({
        where: { id: { in: enterpriseIds } },
        select: { id: true, region: true },
      })
    ).map((e) => [e.id, e]),
  );
  return invites.map((invite) => {
    const institution = invite.institutionId ? institutions.get(invite.institutionId) : undefined;
    const enterprise = invite.enterpriseId ? enterprises.get(invite.enterpriseId) : undefined;
    return {
      role: invite.role,
      institutionId: invite.institutionId,
      universityId: institution ? (institution.parentId ?? institution.id) : null,
      province:
        invite.province ??
        institution?.province ??
        (enterprise ? `${enterprise.region.slice(0, 2)}0000` : null),
      enterpriseId: invite.enterpriseId,
    };
  });
}

/**
 * The open invitations (neither used, revoked nor expired) matching the filter that the actor
 * could have issued, soonest to expire first.
 */
export async function listOpenInvites(
  db: Db,
  actor: Operator,
  filter: InviteFilter,
  now: Date,
): Promise<OpenInvite[]> {
  const where: Prisma.InviteWhereInput = { usedAt: null, revokedAt: null, expiresAt: { gt: now } };
  const and: Prisma.InviteWhereInput[] = [];
  if (filter.institutionId) {
    const colleges = await db.institution.findMany({
      where: { parentId: filter.institutionId },
      select: { id: true },
    });
    and.push({ institutionId: { in: [filter.institutionId, ...colleges.map((c) => c.id)] } });
  }
  if (filter.enterpriseId) and.push({ enterpriseId: filter.enterpriseId });
  if (filter.province) {
    const prefix = filter.province.slice(0, 2);
    const [institutions, enterprises] = await Promise.all([
      db.institution.findMany({ where: { province: filter.province }, select: { id: true } }),
      db.enterprise.findMany({ where: { region: { startsWith: prefix } }, select: { id: true } }),
    ]);
    and.push({
      OR: [
        { province: filter.province },
        { institutionId: { in: institutions.map((i) => i.id) } },
        { enterpriseId: { in: enterprises.map((e) => e.id) } },
      ],
    });
  }
  const rows = await db.invite.findMany({
    where: and.length > 0 ? { ...where, AND: and } : where,
    orderBy: [{ expiresAt: 'asc' }, { createdAt: 'asc' }],
  });
  const targets = await targetsOf(db, rows);
  const visible = rows.filter((_, i) => may(actor, 'invite.manage', targets[i]!));
  const people = new Map(
    (
      await db.person.findMany({
        where: { id: { in: [...new Set(visible.map((r) => r.personId))] } },
        select: { id: true, name: true, email: true },
      })
    ).map((p) => [p.id, p]),
  );
  return visible.map((row) => ({
    id: row.id,
    role: row.role,
    personId: row.personId,
    personName: people.get(row.personId)?.name ?? '',
    personEmail: people.get(row.personId)?.email ?? null,
    institutionId: row.institutionId,
    enterpriseId: row.enterpriseId,
    province: row.province,
    createdById: row.createdById,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  }));
}

/**
 * Revokes an open invitation the actor could have issued. Unknown, foreign or malformed ids are
 * refused alike (existence is not revealed); a used or revoked one is "no longer open".
 */
export async function revokeRoleInvite(
  db: Db,
  actor: Operator,
  inviteId: string,
  now: Date,
): Promise<{ id: string; personId: string; role: Role }> {
  return db.$transaction(async (tx) => {
    const invite = Id.safeParse(inviteId).success
      ? await tx.invite.findUnique({ where: { id: inviteId } })
      : null;
    const [target] = invite ? await targetsOf(tx, [invite]) : [null];
    authorize(actor, 'invite.manage', target ?? null, inviteId);
    if (!invite || invite.usedAt || invite.revokedAt) return refuseWith('invites:refusal.not_open');
    if (!(await revokeInvite(tx, invite.id, actor?.personId ?? null, now)))
      return refuseWith('invites:refusal.not_open');
    return { id: invite.id, personId: invite.personId, role: invite.role };
  });
}
