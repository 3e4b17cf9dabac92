// The inventor is told of a deal on their patent (through the outbox: rate limits, quiet hours,
// never twice).
import { z } from 'zod';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { t } from '../i18n.ts';
import { formatCalendarDate } from '../time-format.ts';
import { dealTypeOf } from './types.ts';

export const dealRecorded = defineDeliveryKind({
  kind: 'deal.recorded',
  payload: z.object({ dealId: z.uuid() }),
  render: async (db, { locale, payload: { dealId } }) => {
    const deal = await db.transformationRecord.findUnique({
      where: { id: dealId },
      include: { patent: { select: { title: true, applicationNumber: true } } },
    });
    if (!deal) return null;
    const lines = [
      t(locale, 'deals:inventor_notice', {
        title: deal.patent.title,
        number: deal.patent.applicationNumber,
        type: t(locale, `deals:type.${dealTypeOf(deal.kind, deal.licenceType)}`),
      }),
    ];
    if (deal.amountWanYuan !== null)
      lines.push(t(locale, 'deals:amount_line', { amount: deal.amountWanYuan.toString() }));
    if (deal.contractDate)
      lines.push(t(locale, 'deals:date_line', { date: formatCalendarDate(deal.contractDate) }));
    return { text: lines.join('\n') };
  },
});
