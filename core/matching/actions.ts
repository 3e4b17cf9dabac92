// An enterprise declines a pushed patent: without a reason, the reasons to pick from.
import { defineButton, isUuid } from '../chat/buttons.ts';
import { DECLINE_REASONS, type DeclineReason } from './decline-reasons.ts';

export const declineAction = defineButton<{ patentId: string; reason?: DeclineReason }>('dc', {
  encode: (p) => (p.reason ? `${DECLINE_REASONS.indexOf(p.reason)}:${p.patentId}` : p.patentId),
  decode: (tail) => {
    if (isUuid(tail)) return { patentId: tail };
    const reason = /^\d:/.test(tail) ? DECLINE_REASONS[Number(tail[0])] : undefined;
    const patentId = tail.slice(2);
    return reason && isUuid(patentId) ? { patentId, reason } : null;
  },
});
