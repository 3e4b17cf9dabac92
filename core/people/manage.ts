// People leaving, or parts of them: a role taken away (by whoever may grant it), a lost chat account
// unbound, a person deactivated (no sign-in in any chat, no messages; their records stay for the
// audit trail) or reactivated when they come back. Each is one transaction, authorized in
// authorize.ts and audited.
import type { Channel, Prisma, Role } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import { revokeInvite } from '../invites/invites.ts';
import { resolveScope } from '../invites/role-invites.ts';
import { authorize, type Operator } from './authorize.ts';

type Tx = Prisma.TransactionClient;

const refuse = (key: string): never => refuseWith(`people:refusal.${key}`);

async function livePerson(tx: Tx, personId: string) {
  const person = await tx.person.findUnique({ where: { id: personId } });
  if (!person) return refuse('person_unknown');
  return person;
}

export interface RoleToRemove {
  personId: string;
  role: Role;
  /** The scope; may be left out when the person holds the role at one scope only. */
  institutionId?: string | null;
  enterpriseId?: string | null;
  province?: string | null;
}

/**
 * Takes a role at one scope away from a person. Removing enterprise staff also removes the
 * administration of that enterprise; an account that no longer holds the role anywhere stops
 * acting in it.
 */
export async function removeRole(
  db: Db,
  actor: Operator,
  request: RoleToRemove,
  now: Date,
): Promise<{ removed: number }> {
  return db.$transaction(async (tx) => {
    await livePerson(tx, request.personId);
    const given = request.institutionId || request.enterpriseId || request.province;
    const held = await tx.roleAssignment.findMany({
      where: {
        personId: request.personId,
        role: request.role,
        ...(given
          ? {
              institutionId: request.institutionId ?? null,
              enterpriseId: request.enterpriseId ?? null,
              province: request.province ?? null,
            }
          : {}),
      },
    });
    if (held.length === 0) return refuse('role_not_held');
    if (held.length > 1) return refuse('scope_ambiguous');
    const assignment = held[0]!;
    // Whoever may grant the role at that scope may take it back (institutions that were
    // deactivated since still count as their scope).
    const { target } = await resolveScope(tx, assignment.role, assignment).catch(() => ({
      target: {
        role: assignment.role,
        institutionId: assignment.institutionId,
        universityId: null,
        province: assignment.province,
        enterpriseId: assignment.enterpriseId,
      },
    }));
    authorize(actor, 'person.removeRole', target, `${actor?.personId ?? 'operator'} ✕ ${assignment.role}`);
    const ids = [assignment.id];
    if (assignment.role === 'ENTERPRISE_STAFF') {
      const admin = await tx.roleAssignment.findMany({
        where: {
          personId: request.personId,
          role: 'ENTERPRISE_ADMIN',
          enterpriseId: assignment.enterpriseId,
        },
        select: { id: true },
      });
      ids.push(...admin.map((a) => a.id));
    }
    const removed = await tx.roleAssignment.deleteMany({ where: { id: { in: ids } } });
    // Accounts stop acting in a role the person no longer holds anywhere.
    const remaining = new Set(
      (
        await tx.roleAssignment.findMany({ where: { personId: request.personId }, select: { role: true } })
      ).map((r) => r.role),
    );
    const identities = await tx.channelIdentity.findMany({ where: { personId: request.personId } });
    for (const identity of identities) {
      const kept = identity.grantedRoles.filter((role) => remaining.has(role));
      if (kept.length !== identity.grantedRoles.length)
        await tx.channelIdentity.update({ where: { id: identity.id }, data: { grantedRoles: kept } });
    }
    await audit(tx, {
      actorId: actor?.personId ?? null,
      action: 'person.role-removed',
      subjectType: 'Person',
      subjectId: request.personId,
      institutionId: assignment.institutionId,
      details: {
        role: assignment.role,
        ...(assignment.enterpriseId ? { enterpriseId: assignment.enterpriseId } : {}),
        ...(assignment.province ? { province: assignment.province } : {}),
        removed: removed.count,
        at: now.toISOString(),
      },
    });
    return { removed: removed.count };
  });
}

/**
 * Unbinds a person's account on a channel (a lost phone, a changed Slack workspace): that account
 * is nobody afterwards, and a new invitation can bind another.
 */
export async function unbindAccount(
  db: Db,
  actor: Operator,
  request: { personId: string; channel: Channel },
  now: Date,
): Promise<{ unbound: number }> {
  authorize(actor, 'person.administer');
  return db.$transaction(async (tx) => {
    await livePerson(tx, request.personId);
    const identities = await tx.channelIdentity.findMany({
      where: { personId: request.personId, channel: request.channel },
    });
    if (identities.length === 0) return refuse('not_bound');
    await tx.channelIdentity.deleteMany({ where: { id: { in: identities.map((i) => i.id) } } });
    // Telegram message slots point into the old account's chat.
    if (request.channel === 'TELEGRAM')
      await tx.telegramMessageSlot.deleteMany({ where: { personId: request.personId } });
    await audit(tx, {
      actorId: actor?.personId ?? null,
      action: 'person.unbound',
      subjectType: 'Person',
      subjectId: request.personId,
      details: {
        channel: request.channel,
        externalIds: identities.map((i) => i.externalId),
        at: now.toISOString(),
      },
    });
    return { unbound: identities.length };
  });
}

/**
 * Deactivates a person: no chat answers them (findActor), nothing is sent to them (sendDelivery),
 * their open invitations are revoked and none can be issued to them. Their records stay.
 */
export async function deactivatePerson(
  db: Db,
  actor: Operator,
  personId: string,
  now: Date,
): Promise<{ revokedInvites: number }> {
  authorize(actor, 'person.administer');
  if (actor?.personId === personId) refuse('self');
  return db.$transaction(async (tx) => {
    const person = await livePerson(tx, personId);
    if (person.deactivatedAt !== null) return refuse('already_deactivated');
    await tx.person.update({ where: { id: personId }, data: { deactivatedAt: now } });
    const open = await tx.invite.findMany({
      where: { personId, usedAt: null, revokedAt: null },
      select: { id: true },
    });
    let revokedInvites = 0;
    for (const { id } of open) if (await revokeInvite(tx, id, actor?.personId ?? null, now)) revokedInvites++;
    await audit(tx, {
      actorId: actor?.personId ?? null,
      action: 'person.deactivated',
      subjectType: 'Person',
      subjectId: personId,
      details: { revokedInvites, at: now.toISOString() },
    });
    return { revokedInvites };
  });
}

/**
 * Lets a deactivated person back in: their chat accounts answer again and invitations can be issued
 * to them. A person whose data was deleted on request (privacy.ts) stays deleted: they come back
 * through a new invitation as a new person.
 */
export async function reactivatePerson(db: Db, actor: Operator, personId: string, now: Date): Promise<void> {
  authorize(actor, 'person.administer');
  await db.$transaction(async (tx) => {
    const person = await livePerson(tx, personId);
    if (person.deactivatedAt === null) return refuse('not_deactivated');
    const deleted = await tx.auditLog.findFirst({
      where: { action: 'person.deleted', subjectType: 'Person', subjectId: personId },
      select: { id: true },
    });
    if (deleted) return refuse('deleted');
    await tx.person.update({ where: { id: personId }, data: { deactivatedAt: null } });
    await audit(tx, {
      actorId: actor?.personId ?? null,
      action: 'person.reactivated',
      subjectType: 'Person',
      subjectId: personId,
      details: { deactivatedAt: person.deactivatedAt.toISOString(), at: now.toISOString() },
    });
  });
}
