// Enterprises: registration (anyone, from chat; pending until verified), verification or rejection
// by a bureau officer of the enterprise's province or an administrator, and the profile its
// administrators keep up to date. Only VERIFIED enterprises receive match pushes and roadshow
// invitations (core/matching/run.ts, core/roadshows/roadshows.ts audienceFor).
//
// Each action is one transaction with its audit entry and the messages it causes (outbox rows):
// a new enterprise notifies the bureau officers of its province (administrators when the province
// has none yet), a decision notifies the enterprise's administrators, and an attempt to register a
// credit code already registered notifies that enterprise's administrators and is refused.
import type { Channel, Enterprise, Prisma, Role } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { ChannelName } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { Refusal, refuseWith } from '../errors.ts';
import type { Actor } from '../people/actor.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import {
  type EnterpriseInput,
  type EnterpriseProfileInput,
  enterpriseInputSchema,
  enterpriseProfileSchema,
  firstProblem,
  provinceOfRegion,
} from './fields.ts';
import { enterpriseDecided, enterpriseDuplicate, enterprisePending } from './messages.ts';

type Tx = Prisma.TransactionClient;

/** The roles a registrant (and whoever an enterprise administrator invites as such) holds. */
export const ENTERPRISE_ADMIN_ROLES: readonly Role[] = ['ENTERPRISE_STAFF', 'ENTERPRISE_ADMIN'];

export interface Registrant {
  personId: string;
  /**
   * The chat channel registering from. The person's account there, when it acts only in the roles
   * granted to it (bound by an invitation), is granted the enterprise roles too: it is the account
   * the person registered with.
   */
  channel?: ChannelName | null;
  /** The person's name as asked in the registration, for a person who joined through it. */
  name?: string | null;
}

export interface Reachable {
  personId: string;
  channel: Channel;
}

/** The persons holding a role assignment that matches, with the channel to reach each on. */
async function reachable(db: Db | Tx, where: Prisma.RoleAssignmentWhereInput): Promise<Reachable[]> {
  const rows = await db.roleAssignment.findMany({
    where: { ...where, person: { deactivatedAt: null } },
    select: { person: { select: { id: true, identities: { select: { channel: true } } } } },
    orderBy: { personId: 'asc' },
  });
  const seen = new Set<string>();
  return rows.flatMap(({ person }) => {
    const channel = preferredChannel(person.identities);
    if (!channel || seen.has(person.id)) return [];
    seen.add(person.id);
    return [{ personId: person.id, channel }];
  });
}

/** Who verifies an enterprise of this region: its province's bureau officers, else administrators. */
export async function verifiersOf(db: Db | Tx, region: string): Promise<Reachable[]> {
  const officers = await reachable(db, {
    role: 'BUREAU_OFFICER',
    province: { startsWith: region.slice(0, 2) },
  });
  return officers.length > 0 ? officers : reachable(db, { role: 'ADMIN' });
}

/** An enterprise's administrators (its staff when it has no administrator yet). */
export async function administratorsOf(db: Db | Tx, enterpriseId: string): Promise<Reachable[]> {
  const admins = await reachable(db, { role: 'ENTERPRISE_ADMIN', enterpriseId });
  return admins.length > 0 ? admins : reachable(db, { role: 'ENTERPRISE_STAFF', enterpriseId });
}

export const findByCreditCode = (db: Db, creditCode: string) =>
  db.enterprise.findUnique({ where: { creditCode } });

// ------------------------------------------------------------------------------ registration

export interface Registered {
  enterprise: Enterprise;
  /** How many bureau officers (or administrators) were told. */
  notified: number;
}

/**
 * Registers an enterprise as PENDING and makes the registrant its staff and administrator. Refused
 * with the field's message when the input is invalid; refused as already registered when its
 * credit code is (that enterprise's administrators are told, once per registrant).
 */
export async function registerEnterprise(
  db: Db,
  registrant: Registrant,
  input: EnterpriseInput,
  now: Date,
): Promise<Registered> {
  const parsed = enterpriseInputSchema.safeParse(input);
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    throw new Refusal(problem.error, `registration: ${problem.field}`);
  }
  const data = parsed.data;
  const existing = await findByCreditCode(db, data.creditCode);
  if (existing) return refuseAsDuplicate(db, existing, registrant.personId, now);
  try {
    return await db.$transaction(async (tx) => {
      const enterprise = await tx.enterprise.create({
        data: {
          name: data.name,
          creditCode: data.creditCode,
          region: data.region,
          types: data.types ?? [],
          industries: data.industries ?? [],
          ipcInterests: data.ipcInterests ?? [],
          keywords: data.keywords ?? [],
          needs: data.needs ?? null,
          status: 'PENDING',
          createdAt: now,
          updatedAt: now,
        },
      });
      await grantEnterpriseRoles(tx, registrant.personId, enterprise.id, registrant.channel ?? null, now);
      const name = registrant.name?.trim();
      if (name) await tx.person.update({ where: { id: registrant.personId }, data: { name } });
      const verifiers = await verifiersOf(tx, enterprise.region);
      await tx.delivery.createMany({
        data: verifiers.map((v) =>
          enterprisePending.delivery({
            idempotencyKey: `enterprise:${enterprise.id}:pending:${v.personId}`,
            personId: v.personId,
            channel: v.channel,
            payload: { enterpriseId: enterprise.id },
            notBefore: now,
          }),
        ),
        skipDuplicates: true,
      });
      await audit(tx, {
        actorId: registrant.personId,
        action: 'enterprise.registered',
        subjectType: 'Enterprise',
        subjectId: enterprise.id,
        details: {
          creditCode: enterprise.creditCode,
          region: enterprise.region,
          province: provinceOfRegion(enterprise.region),
          notified: verifiers.map((v) => v.personId),
        },
      });
      return { enterprise, notified: verifiers.length };
    });
  } catch (error) {
    // Registered by someone else between the check and the insert (unique credit code).
    const raced = await findByCreditCode(db, data.creditCode);
    if (raced) return refuseAsDuplicate(db, raced, registrant.personId, now);
    throw error;
  }
}

/** Makes the person staff and administrator of the enterprise (each role once). */
async function grantEnterpriseRoles(
  tx: Tx,
  personId: string,
  enterpriseId: string,
  channel: ChannelName | null,
  now: Date,
): Promise<void> {
  for (const role of ENTERPRISE_ADMIN_ROLES) {
    const held = await tx.roleAssignment.findFirst({ where: { personId, role, enterpriseId } });
    if (!held) await tx.roleAssignment.create({ data: { personId, role, enterpriseId, createdAt: now } });
  }
  if (!channel) return;
  const identities = await tx.channelIdentity.findMany({ where: { personId, channel, allRoles: false } });
  for (const identity of identities) {
    const granted = [...new Set([...identity.grantedRoles, ...ENTERPRISE_ADMIN_ROLES])];
    if (granted.length !== identity.grantedRoles.length) {
      await tx.channelIdentity.update({ where: { id: identity.id }, data: { grantedRoles: granted } });
    }
  }
}

/**
 * Tells an enterprise's administrators that someone tried to register it (once per registrant),
 * without telling the registrant who they are; then refuses the registration.
 */
async function refuseAsDuplicate(
  db: Db,
  existing: Enterprise,
  registrantId: string,
  now: Date,
): Promise<never> {
  await reportDuplicateRegistration(db, existing.id, registrantId, now);
  return refuseWith('enterprises:refusal.already_registered', `credit code ${existing.creditCode}`);
}

/** The notice to the administrators of an enterprise someone tried to register again. */
export async function reportDuplicateRegistration(
  db: Db,
  enterpriseId: string,
  registrantId: string,
  now: Date,
): Promise<number> {
  return db.$transaction(async (tx) => {
    const member = await tx.roleAssignment.findFirst({ where: { personId: registrantId, enterpriseId } });
    if (member) return 0;
    const admins = (await administratorsOf(tx, enterpriseId)).filter((a) => a.personId !== registrantId);
    const { count } = await tx.delivery.createMany({
      data: admins.map((a) =>
        enterpriseDuplicate.delivery({
          idempotencyKey: `enterprise:${enterpriseId}:duplicate:${registrantId}:${a.personId}`,
          personId: a.personId,
          channel: a.channel,
          payload: { enterpriseId, registrantId },
          notBefore: now,
        }),
      ),
      skipDuplicates: true,
    });
    if (count > 0) {
      await audit(tx, {
        actorId: registrantId,
        action: 'enterprise.duplicate-registration',
        subjectType: 'Enterprise',
        subjectId: enterpriseId,
        details: { notified: admins.map((a) => a.personId) },
      });
    }
    return count;
  });
}

// ------------------------------------------------------------------------------ verification

export type Decision = 'VERIFIED' | 'REJECTED';

export interface Decided {
  enterprise: Enterprise;
  /** False when it already was in that state (a second tap, another officer first). */
  changed: boolean;
}

async function decide(
  db: Db,
  actor: Operator,
  enterpriseId: string,
  decision: Decision,
  now: Date,
): Promise<Decided> {
  const found = await db.enterprise.findUnique({ where: { id: enterpriseId } });
  const enterprise = authorize(
    actor,
    'enterprise.verify',
    found ? { ...found, enterpriseId: found.id } : null,
    enterpriseId,
  );
  if (enterprise.status === decision) return { enterprise: found!, changed: false };
  // A verified enterprise is not rejected by a late tap on an old message.
  if (decision === 'REJECTED' && enterprise.status === 'VERIFIED')
    return refuseWith('enterprises:refusal.already_verified', enterpriseId);
  return db.$transaction(async (tx) => {
    const moved = await tx.enterprise.updateMany({
      where: { id: enterpriseId, status: enterprise.status },
      data:
        decision === 'VERIFIED'
          ? { status: 'VERIFIED', verifiedAt: now, verifiedById: actor?.personId ?? null, updatedAt: now }
          : { status: 'REJECTED', verifiedAt: null, verifiedById: actor?.personId ?? null, updatedAt: now },
    });
    const after = await tx.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
    // Decided by someone else meanwhile.
    if (moved.count !== 1) return { enterprise: after, changed: false };
    const admins = await administratorsOf(tx, enterpriseId);
    await tx.delivery.createMany({
      data: admins.map((a) =>
        enterpriseDecided.delivery({
          idempotencyKey: `enterprise:${enterpriseId}:${decision.toLowerCase()}:${a.personId}`,
          personId: a.personId,
          channel: a.channel,
          payload: { enterpriseId, decision },
          notBefore: now,
        }),
      ),
      skipDuplicates: true,
    });
    await audit(tx, {
      actorId: actor?.personId ?? null,
      action: decision === 'VERIFIED' ? 'enterprise.verified' : 'enterprise.rejected',
      subjectType: 'Enterprise',
      subjectId: enterpriseId,
      details: { from: enterprise.status, creditCode: after.creditCode, region: after.region },
    });
    return { enterprise: after, changed: true };
  });
}

/** Verifies an enterprise: from now on it receives match pushes and roadshow invitations. */
export const verifyEnterprise = (db: Db, actor: Operator, enterpriseId: string, now: Date) =>
  decide(db, actor, enterpriseId, 'VERIFIED', now);

/** Rejects a pending enterprise (it stays registered, without pushes or invitations). */
export const rejectEnterprise = (db: Db, actor: Operator, enterpriseId: string, now: Date) =>
  decide(db, actor, enterpriseId, 'REJECTED', now);

// ------------------------------------------------------------------------------ profile

export interface ProfileUpdate {
  enterprise: Enterprise;
  /** The fields whose value changed. */
  changed: string[];
}

const PROFILE_FIELDS = ['types', 'industries', 'ipcInterests', 'keywords', 'needs'] as const;

/** Changes the profile fields given (types, industries, IPC interests, keywords, needs). */
export async function updateProfile(
  db: Db,
  actor: Actor,
  enterpriseId: string,
  input: EnterpriseProfileInput,
  now: Date,
): Promise<ProfileUpdate> {
  const found = await db.enterprise.findUnique({ where: { id: enterpriseId } });
  authorize(actor, 'enterprise.editProfile', found ? { enterpriseId: found.id } : null, enterpriseId);
  const enterprise = found!;
  const parsed = enterpriseProfileSchema.safeParse(input);
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    throw new Refusal(problem.error, `profile: ${problem.field}`);
  }
  const data: Prisma.EnterpriseUpdateInput = {};
  const changed: string[] = [];
  const before: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) {
    const value = parsed.data[field];
    if (value === undefined) continue;
    if (JSON.stringify(value) === JSON.stringify(enterprise[field])) continue;
    changed.push(field);
    before[field] = enterprise[field];
    Object.assign(data, { [field]: value });
  }
  if (changed.length === 0) return { enterprise, changed };
  return db.$transaction(async (tx) => {
    const updated = await tx.enterprise.update({
      where: { id: enterpriseId },
      data: { ...data, updatedAt: now },
    });
    await audit(tx, {
      actorId: actor.personId,
      action: 'enterprise.profile-updated',
      subjectType: 'Enterprise',
      subjectId: enterpriseId,
      details: { changed, before } as Prisma.InputJsonValue,
    });
    return { enterprise: updated, changed };
  });
}

// ------------------------------------------------------------------------------ lists

/** Enterprises the actor reviews, by status: a bureau officer's own provinces, everything for others. */
export async function listEnterprises(
  db: Db,
  actor: Operator,
  filter: { status?: Enterprise['status'] } = {},
): Promise<Enterprise[]> {
  authorize(actor, 'enterprise.review');
  const provinces =
    actor === null || actor.roles.some((r) => r.role === 'ADMIN')
      ? null
      : actor.roles.flatMap((r) =>
          r.role === 'BUREAU_OFFICER' && r.province ? [r.province.slice(0, 2)] : [],
        );
  return db.enterprise.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(provinces ? { OR: provinces.map((p) => ({ region: { startsWith: p } })) } : {}),
    },
    orderBy: [{ createdAt: 'asc' }, { creditCode: 'asc' }],
  });
}

/** The enterprise this actor administers (the one /profile edits), or the refusal. */
export function administeredEnterprise(actor: Actor): string {
  const enterpriseId = actor.roles.find((r) => r.role === 'ENTERPRISE_ADMIN' && r.enterpriseId)?.enterpriseId;
  if (!enterpriseId) return refuseWith('enterprises:refusal.not_enterprise_admin', actor.personId);
  return enterpriseId;
}
