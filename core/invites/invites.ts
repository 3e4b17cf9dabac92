// Invitations bind a chat account to a Person and role: single-use, expiring, revocable.
// Only a hash of the token is stored, so a database leak does not leak usable invitations.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { ChannelName } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';

export const DEFAULT_INVITE_DAYS = 30;
/** Telegram deep-link parameters allow 64 characters of [A-Za-z0-9_-]; base64url of 24 bytes is 32. */
const TOKEN_BYTES = 24;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewInvite {
  personId: string;
  role: Role;
  institutionId?: string | null;
  enterpriseId?: string | null;
  createdById?: string | null;
  validDays?: number;
  now: Date;
}

export async function createInvite(
  db: Db,
  invite: NewInvite,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const { now } = invite;
  const expiresAt = new Date(now.getTime() + (invite.validDays ?? DEFAULT_INVITE_DAYS) * 86_400_000);
  const row = await db.invite.create({
    data: {
      tokenHash: hashToken(token),
      personId: invite.personId,
      role: invite.role,
      institutionId: invite.institutionId ?? null,
      enterpriseId: invite.enterpriseId ?? null,
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
    details: { inviteId: row.id, role: invite.role, expiresAt: expiresAt.toISOString() },
  });
  return { id: row.id, token, expiresAt };
}

export type RedeemOutcome =
  | { outcome: 'BOUND'; personId: string }
  | { outcome: 'ALREADY_BOUND'; personId: string }
  | { outcome: 'UNKNOWN' | 'EXPIRED' | 'USED' | 'REVOKED' | 'TAKEN' };

/**
 * Binds `externalId` on `channel` to the invited Person. The first redemption wins, atomically;
 * the same account redeeming again is harmless; an account already bound to someone else is refused.
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
  const existing = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel: account.channel, externalId: account.externalId } },
  });
  if (existing && existing.personId !== invite.personId) return { outcome: 'TAKEN' };
  if (invite.revokedAt) return { outcome: 'REVOKED' };
  if (invite.usedAt)
    return existing ? { outcome: 'ALREADY_BOUND', personId: invite.personId } : { outcome: 'USED' };
  if (invite.expiresAt <= now) return { outcome: 'EXPIRED' };
  return db.$transaction(async (tx) => {
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, usedAt: null, revokedAt: null },
      data: { usedAt: now, usedChannel: account.channel },
    });
    if (claimed.count === 0) return { outcome: 'USED' } as const;
    await tx.channelIdentity.upsert({
      where: { channel_externalId: { channel: account.channel, externalId: account.externalId } },
      create: {
        personId: invite.personId,
        channel: account.channel,
        externalId: account.externalId,
        address: account.address ?? null,
      },
      update: { address: account.address ?? null },
    });
    const scope = { institutionId: invite.institutionId, enterpriseId: invite.enterpriseId, province: null };
    const hasRole = await tx.roleAssignment.findFirst({
      where: { personId: invite.personId, role: invite.role, ...scope },
    });
    if (!hasRole)
      await tx.roleAssignment.create({ data: { personId: invite.personId, role: invite.role, ...scope } });
    await audit(tx, {
      actorId: invite.personId,
      action: 'invite.redeemed',
      subjectType: 'Person',
      subjectId: invite.personId,
      institutionId: invite.institutionId,
      details: { inviteId: invite.id, channel: account.channel },
    });
    return { outcome: 'BOUND', personId: invite.personId } as const;
  });
}

export async function revokeInvite(
  db: Db,
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
