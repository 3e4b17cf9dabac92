// What the patent's side is told when an enterprise claims an open licence: the coordinators (who
// confirm the fee) and the responsible inventor.
import { z } from 'zod';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { t } from '../i18n.ts';
import { openLicenceListAction } from './actions.ts';

export const openLicenceClaimed = defineDeliveryKind({
  kind: 'open-licence.claimed',
  payload: z.object({ claimId: z.uuid(), forCoordinator: z.boolean() }),
  render: async (db, { locale, payload: { claimId, forCoordinator } }) => {
    const claim = await db.openLicenceClaim.findUnique({
      where: { id: claimId },
      include: { enterprise: true, declaration: { include: { patent: true } } },
    });
    if (!claim) return null;
    const patent = claim.declaration.patent;
    const text = t(
      locale,
      forCoordinator ? 'open-licence:notice.coordinator' : 'open-licence:notice.inventor',
      {
        enterprise: claim.enterprise.name,
        title: patent.title,
        number: patent.applicationNumber,
      },
    );
    return {
      text,
      ...(forCoordinator
        ? {
            buttons: [[{ label: t(locale, 'open-licence:button.list'), action: openLicenceListAction.to() }]],
          }
        : {}),
    };
  },
});

/** This feature's delivery kinds, collected by core/delivery-kinds.ts. */
export const deliveryKinds = [openLicenceClaimed];
