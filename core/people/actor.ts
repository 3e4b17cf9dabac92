// Who is acting: the person behind a channel identity, with their scoped roles. Every action
// checks the ids it is given against these roles (through authorize.ts, the one place that decides
// what a role may do); nothing trusts a button's payload.

import type { Channel, Role } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { type Locale, toLocale } from '../i18n.ts';

export interface ScopedRole {
  role: Role;
  institutionId: string | null;
  enterpriseId: string | null;
  province: string | null;
}

export interface Actor {
  personId: string;
  name: string;
  locale: Locale;
  timeZone: string;
  roles: ScopedRole[];
}

/**
 * Who writes from this chat account: its person, acting only in the roles the account may act in.
 * An account bound by an invitation acts in the roles its invitations granted (a mail-merge
 * inventor link redeemed by whoever got hold of it does not open the person's coordinator roles);
 * one bound otherwise (a confirmed email) in all of them. A deactivated person is nobody.
 */
export async function findActor(db: Db, channel: Channel, externalId: string): Promise<Actor | null> {
  const identity = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel, externalId } },
    include: { person: { include: { roles: true } } },
  });
  if (!identity || identity.person.deactivatedAt !== null) return null;
  const actor = toActor(identity.person);
  if (identity.allRoles) return actor;
  const granted = new Set<Role>(identity.grantedRoles);
  return { ...actor, roles: actor.roles.filter((r) => granted.has(r.role)) };
}

/** A person with all their roles (the command line's --as, renderers); null when deactivated. */
export async function loadActor(db: Db, personId: string): Promise<Actor | null> {
  const person = await db.person.findUnique({ where: { id: personId }, include: { roles: true } });
  return person && person.deactivatedAt === null ? toActor(person) : null;
}

function toActor(person: {
  id: string;
  name: string;
  locale: string;
  timeZone: string;
  roles: ScopedRole[];
}): Actor {
  return {
    personId: person.id,
    name: person.name,
    locale: toLocale(person.locale),
    timeZone: person.timeZone,
    roles: person.roles.map(({ role, institutionId, enterpriseId, province }) => ({
      role,
      institutionId,
      enterpriseId,
      province,
    })),
  };
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.some((r) => r.role === role);
}

/** The enterprise this actor works for (its staff, or its administrator, who is also staff). */
export function enterpriseOf(actor: Actor): string | null {
  return (
    actor.roles.find(
      (r) => (r.role === 'ENTERPRISE_STAFF' || r.role === 'ENTERPRISE_ADMIN') && r.enterpriseId,
    )?.enterpriseId ?? null
  );
}

export function institutionsWith(actor: Actor, role: Role): string[] {
  return actor.roles.filter((r) => r.role === role && r.institutionId).map((r) => r.institutionId!);
}
