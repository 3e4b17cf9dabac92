// What the invitations feature sends by itself: the notice that another chat account tried to
// redeem one of the person's invitations, and was refused (issue 13, item 1).
import { z } from 'zod';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { t } from '../i18n.ts';

/** To the account the person already has on that channel: someone tried to add a second one. */
export const secondAccountRefused = defineDeliveryKind({
  kind: 'invites.second-account-refused',
  payload: z.object({ channel: z.enum(['TELEGRAM', 'SLACK', 'TERMINAL']) }),
  render: async (_db, { locale, payload }) => ({
    text: t(locale, 'invites:second_account.notice', {
      channel: t(locale, `invites:channel.${payload.channel}`),
    }),
  }),
});

/** This feature's delivery kinds, collected by core/delivery-kinds.ts. */
export const deliveryKinds = [secondAccountRefused];
