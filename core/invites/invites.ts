// Invitations bind a chat account to a Person and grant exactly one role at one scope: single-use,
// expiring, revocable. Only a hash of the token is stored, so a database leak does not leak usable
// invitations. Who may issue which invitation is decided in core/invites/role-invites.ts (through
// core/people/authorize.ts); this file stores and redeems them.
//
// Redeeming grants the invitation's role and nothing more: a new account acts only in the roles its
// invitations granted (ChannelIdentity.allRoles false, grantedRoles), so a mail-merge inventor link
// that reaches the wrong hands does not open the person's coordinator roles. The person's account
// already bound on that channel may redeem it (it gains the role); a second account on the same
// channel is refused, audited, and the person is told on the account they have.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { ChannelName } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { rolesGrantedBy } from '../people/invite-table.ts';
import { secondAccountRefused } from './messages.ts';

export const DEFAULT_INVITE_DAYS = 30;
export const MAX_INVITE_DAYS = 365;
/** Telegram deep-link parameters allow 64 characters of [A-Za-z0-9_-]; base64url of 24 bytes is 32. */
const TOKEN_BYTES = 24;
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const DAY_MS = 86_400_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewInvite {
  personId: string;
  role: Role;
  institutionId?: string | null;
  enterpriseId?: string | null;
  /** GB/T 2260 province code: a bureau officer's scope. */
  province?: string | null;
  createdById?: string | null;
  validDays?: number;
  now: Date;
}

type Writer = Pick<Db, 'invite' | 'auditLog'>;

/**
 * Stores an invitation and returns its token, which exists in clear only in this answer. No
 * checks: callers decide who may invite (role-invites.ts, the inventory's mail merge).
 */
export async function createInvite(
  db: Writer,
  invite: NewInvite,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const { now } = invite;
  const expiresAt = new Date(now.getTime() + (invite.validDays ?? DEFAULT_INVITE_DAYS) * DAY_MS);
  const row = await db.invite.create({
    data: {
      tokenHash: hashToken(token),
      personId: invite.personId,
      role: invite.role,
      institutionId: invite.institutionId ?? null,
      enterpriseId: invite.enterpriseId ?? null,
      province: invite.province ?? null,
      createdById: invite.createdById ?? null,
      expiresAt,
      createdAt: now,
    },
  });
  await audit(db, {
    actorId: invite.createdById ?? null,
    action: 'invite.created',
    subjectType: 'Person',
    subjectId: invite.personId,
    institutionId: invite.institutionId ?? null,
    details: {
      inviteId: row.id,
      role: invite.role,
      ...(invite.enterpriseId ? { enterpriseId: invite.enterpriseId } : {}),
      ...(invite.province ? { province: invite.province } : {}),
      expiresAt: expiresAt.toISOString(),
    },
  });
  return { id: row.id, token, expiresAt };
}

export type RedeemOutcome =
  /** Bound: a new account, or the person's account on this channel, now holds the invitation's role. */
  | { outcome: 'BOUND'; personId: string }
  /** This account redeemed this invitation before: nothing changes. */
  | { outcome: 'ALREADY_BOUND'; personId: string }
  /**
   * The person already has another account on this channel: not bound (the invitation stays open
   * for that account), audited, and the person is told there.
   */
  | { outcome: 'SECOND_ACCOUNT'; personId: string }
  | { outcome: 'UNKNOWN' | 'EXPIRED' | 'USED' | 'REVOKED' | 'TAKEN' | 'DEACTIVATED' };

/** Thrown inside the transaction to undo it: a concurrent redemption bound this account to another person. */
class TakenMeanwhile extends Error {}

/**
 * Binds `externalId` on `channel` to the invited Person with the invitation's role. The first
 * redemption wins, atomically; the same account redeeming again is harmless; an account already
 * bound to someone else is refused.
 */
export async function redeemInvite(
  db: Db,
  token: string,
  account: { channel: ChannelName; externalId: string; address?: string | null },
  now: Date,
): Promise<RedeemOutcome> {
  if (!TOKEN_PATTERN.test(token)) return { outcome: 'UNKNOWN' };
  const invite = await db.invite.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!invite) return { outcome: 'UNKNOWN' };
  const key = { channel_externalId: { channel: account.channel, externalId: account.externalId } };
  const existing = await db.channelIdentity.findUnique({ where: key });
  if (existing && existing.personId !== invite.personId) return { outcome: 'TAKEN' };
  if (invite.revokedAt) return { outcome: 'REVOKED' };
  if (invite.usedAt)
    return existing ? { outcome: 'ALREADY_BOUND', personId: invite.personId } : { outcome: 'USED' };
  if (invite.expiresAt <= now) return { outcome: 'EXPIRED' };
  const personId = invite.personId;
  try {
    return await db.$transaction(async (tx): Promise<RedeemOutcome> => {
      // Locks the person's row: two accounts redeeming two invitations of one person at once are
      // decided one after the other, so the second sees the first's account.
      const locked = await tx.person.updateMany({ where: { id: personId }, data: { updatedAt: now } });
      if (locked.count === 0) return { outcome: 'UNKNOWN' };
      // Read again under the lock: a concurrent redemption may have used it meanwhile.
      const current = await tx.invite.findUniqueOrThrow({ where: { id: invite.id } });
      if (current.revokedAt) return { outcome: 'REVOKED' };
      if (current.usedAt) return { outcome: 'USED' };
      const person = await tx.person.findUniqueOrThrow({ where: { id: personId } });
      if (person.deactivatedAt !== null) return { outcome: 'DEACTIVATED' };
      const own = await tx.channelIdentity.findUnique({ where: key });
      if (!own) {
        const other = await tx.channelIdentity.findFirst({ where: { personId, channel: account.channel } });
        if (other) {
          await audit(tx, {
            actorId: null,
            action: 'invite.second-account-refused',
            subjectType: 'Person',
            subjectId: personId,
            institutionId: invite.institutionId,
            details: { inviteId: invite.id, channel: account.channel, externalId: account.externalId },
          });
          await tx.delivery.createMany({
            data: [
              secondAccountRefused.delivery({
                idempotencyKey: `${secondAccountRefused.kind}:${invite.id}:${account.externalId}`,
                personId,
                channel: account.channel,
                payload: { channel: account.channel },
                notBefore: now,
              }),
            ],
            skipDuplicates: true,
          });
          return { outcome: 'SECOND_ACCOUNT', personId };
        }
      }
      const claimed = await tx.invite.updateMany({
        where: { id: invite.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now, usedChannel: account.channel },
      });
      if (claimed.count === 0) return { outcome: 'USED' };
      const granted = rolesGrantedBy(invite.role);
      if (own) {
        // The person's own account gains the role (an account acting in all roles needs nothing).
        const roles = own.allRoles ? own.grantedRoles : [...new Set([...own.grantedRoles, ...granted])];
        await tx.channelIdentity.update({
          where: { id: own.id },
          data: { grantedRoles: roles, ...(account.address ? { address: account.address } : {}) },
        });
      } else {
        await tx.channelIdentity.createMany({
          data: [
            {
              personId,
              channel: account.channel,
              externalId: account.externalId,
              address: account.address ?? null,
              allRoles: false,
              grantedRoles: granted,
              createdAt: now,
            },
          ],
          skipDuplicates: true,
        });
        const bound = await tx.channelIdentity.findUniqueOrThrow({ where: key });
        if (bound.personId !== personId) throw new TakenMeanwhile();
      }
      const scope = {
        institutionId: invite.institutionId,
        enterpriseId: invite.enterpriseId,
        province: invite.province,
      };
      for (const role of granted) {
        const held = await tx.roleAssignment.findFirst({ where: { personId, role, ...scope } });
        if (!held) await tx.roleAssignment.create({ data: { personId, role, ...scope, createdAt: now } });
      }
      await audit(tx, {
        actorId: personId,
        action: 'invite.redeemed',
        subjectType: 'Person',
        subjectId: personId,
        institutionId: invite.institutionId,
        details: {
          inviteId: invite.id,
          channel: account.channel,
          role: invite.role,
          account: own ? 'existing' : 'new',
        },
      });
      return { outcome: 'BOUND', personId };
    });
  } catch (error) {
    if (error instanceof TakenMeanwhile) return { outcome: 'TAKEN' };
    throw error;
  }
}

/** Revokes an open invitation (audited); false when it was used or revoked already. */
export async function revokeInvite(
  db: Writer,
  inviteId: string,
  actorId: string | null,
  now: Date,
): Promise<boolean> {
  const result = await db.invite.updateMany({
    where: { id: inviteId, usedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  if (result.count === 1) {
    await audit(db, { actorId, action: 'invite.revoked', subjectType: 'Invite', subjectId: inviteId });
  }
  return result.count === 1;
}
