// The first platform administrator of an empty installation (`npm run admin -- init`): a Person
// with the ADMIN role (no scope) and one invitation to bind their chat account. Only while no
// administrator exists: afterwards administrators invite each other.
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { Refusal, refuseWith } from '../errors.ts';
import { type Locale, SUPPORTED_LOCALES, toLocale } from '../i18n.ts';
import { normaliseEmail } from '../people/people.ts';
import { createInvite, DEFAULT_INVITE_DAYS, MAX_INVITE_DAYS } from './invites.ts';

const FirstAdminSchema = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100),
  locale: z.enum(SUPPORTED_LOCALES).optional(),
  validDays: z.number().int().min(1).max(MAX_INVITE_DAYS).default(DEFAULT_INVITE_DAYS),
});
export type FirstAdminRequest = z.input<typeof FirstAdminSchema>;

export interface FirstAdmin {
  personId: string;
  name: string;
  locale: Locale;
  inviteId: string;
  token: string;
  expiresAt: Date;
}

export async function initFirstAdmin(db: Db, request: FirstAdminRequest, now: Date): Promise<FirstAdmin> {
  const parsed = FirstAdminSchema.safeParse(request);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    throw new Refusal({
      key:
        field === 'email'
          ? 'invites:refusal.email_invalid'
          : field === 'name'
            ? 'invites:refusal.name_invalid'
            : field === 'validDays'
              ? 'invites:refusal.days_invalid'
              : 'invites:refusal.request_invalid',
      params: { max: MAX_INVITE_DAYS },
    });
  }
  const { name, locale, validDays } = parsed.data;
  const email = normaliseEmail(parsed.data.email);
  return db.$transaction(async (tx) => {
    // Two `init` at once must not both find no administrator: the check and the insert are serialised.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7260101)`;
    if ((await tx.roleAssignment.count({ where: { role: 'ADMIN' } })) > 0)
      return refuseWith('invites:refusal.admin_exists');
    const existing = await tx.person.findFirst({ where: { email: { equals: email, mode: 'insensitive' } } });
    const person =
      existing ??
      (await tx.person.create({
        data: { name, email, ...(locale ? { locale } : {}), createdAt: now, updatedAt: now },
      }));
    if (person.deactivatedAt !== null) return refuseWith('invites:refusal.person_deactivated', person.name);
    await tx.roleAssignment.create({ data: { personId: person.id, role: 'ADMIN', createdAt: now } });
    await audit(tx, {
      actorId: null,
      action: 'admin.initialized',
      subjectType: 'Person',
      subjectId: person.id,
      details: { created: existing === null },
    });
    const invite = await createInvite(tx, { personId: person.id, role: 'ADMIN', validDays, now });
    return {
      personId: person.id,
      name: person.name,
      locale: toLocale(person.locale),
      inviteId: invite.id,
      token: invite.token,
      expiresAt: invite.expiresAt,
    };
  });
}
