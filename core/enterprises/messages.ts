// Messages about enterprises: a new enterprise waiting for the bureau of its province (with the
// one-tap Verify button), an attempt to register an enterprise that is already registered (to its
// administrators: invite your colleague), and the bureau's decision (to the enterprise's
// administrators). Payloads carry ids; the renderers reload the enterprise and say nothing once
// the message no longer applies.
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { t } from '../i18n.ts';
import { loadActor } from '../people/actor.ts';
import { may } from '../people/authorize.ts';
import { enterpriseRejectAction, enterpriseVerifyAction } from './actions.ts';
import { describeEnterprise } from './describe.ts';

const k = (key: string) => `enterprises:${key}`;

async function registrantName(db: Db, enterpriseId: string): Promise<string | null> {
  const admin = await db.roleAssignment.findFirst({
    where: { enterpriseId, role: 'ENTERPRISE_ADMIN' },
    orderBy: { createdAt: 'asc' },
    select: { person: { select: { name: true } } },
  });
  return admin?.person.name ?? null;
}

/** To the bureau officers of the enterprise's province: a new enterprise waits for them. */
export const enterprisePending = defineDeliveryKind({
  kind: 'enterprise.pending',
  payload: z.object({ enterpriseId: z.uuid() }),
  render: async (db, { locale, payload: { enterpriseId }, personId }) => {
    const enterprise = await db.enterprise.findUnique({ where: { id: enterpriseId } });
    if (enterprise?.status !== 'PENDING') return null;
    // Someone moved to another province meanwhile is not asked any more.
    const officer = await loadActor(db, personId);
    if (!officer || !may(officer, 'enterprise.verify', { enterpriseId, region: enterprise.region }))
      return null;
    const by = await registrantName(db, enterpriseId);
    return {
      text: [
        t(locale, k('pending.intro')),
        '',
        ...describeEnterprise(enterprise, locale),
        ...(by ? ['', t(locale, k('pending.registered_by'), { name: by })] : []),
        '',
        t(locale, k('pending.hint')),
      ].join('\n'),
      buttons: [
        [
          { label: t(locale, k('button.verify')), action: enterpriseVerifyAction.to({ enterpriseId }) },
          { label: t(locale, k('button.reject')), action: enterpriseRejectAction.to({ enterpriseId }) },
        ],
      ],
    };
  },
});

/** To an enterprise's administrators: someone tried to register it again. */
export const enterpriseDuplicate = defineDeliveryKind({
  kind: 'enterprise.duplicate-registration',
  payload: z.object({ enterpriseId: z.uuid(), registrantId: z.uuid() }),
  render: async (db, { locale, payload: { enterpriseId, registrantId } }) => {
    const [enterprise, registrant] = await Promise.all([
      db.enterprise.findUnique({ where: { id: enterpriseId } }),
      db.person.findUnique({ where: { id: registrantId }, include: { roles: { where: { enterpriseId } } } }),
    ]);
    // Invited meanwhile: nothing left to do.
    if (!enterprise || !registrant || registrant.roles.length > 0) return null;
    return {
      text: t(locale, k('duplicate.notice'), { name: registrant.name, enterprise: enterprise.name }),
    };
  },
});

/** To an enterprise's administrators: the bureau verified (or rejected) it. */
export const enterpriseDecided = defineDeliveryKind({
  kind: 'enterprise.decided',
  payload: z.object({ enterpriseId: z.uuid(), decision: z.enum(['VERIFIED', 'REJECTED']) }),
  render: async (db, { locale, payload: { enterpriseId, decision } }) => {
    const enterprise = await db.enterprise.findUnique({ where: { id: enterpriseId } });
    if (!enterprise || enterprise.status !== decision) return null;
    return {
      text: t(locale, k(decision === 'VERIFIED' ? 'decided.verified' : 'decided.rejected'), {
        enterprise: enterprise.name,
      }),
    };
  },
});

/** This feature's delivery kinds, collected by core/delivery-kinds.ts. */
export const deliveryKinds = [enterprisePending, enterpriseDuplicate, enterpriseDecided];
