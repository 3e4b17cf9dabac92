// Buttons of expert evaluation. Every id a button carries is checked again when pressed (the
// request's expert, requester or institution): a forged or stale button is refused.
import { defineButton, idParam, isUuid } from '../chat/buttons.ts';

/** A patent's expert evaluations: the requests so far and the experts Revive proposes. */
export const expertRequestPageAction = defineButton('xr', idParam('patentId'));
/** Tick or untick a proposed expert (the patent is the one the pick flow is about). */
export const expertPickAction = defineButton('xt', idParam('expertId'));
/** Invite the ticked experts. */
export const expertPickConfirmAction = defineButton('xc');
/** The invited expert accepts, or declines (then the reason is asked). */
export const expertAcceptAction = defineButton('xa', idParam('requestId'));
export const expertDeclineAction = defineButton('xd', idParam('requestId'));
/** The expert opens one of their requests: the invitation, the questionnaire, or what they sent. */
export const expertOpenAction = defineButton('xo', idParam('requestId'));
/** The expert's open requests and deadlines. */
export const expertRequestsAction = defineButton('xe');
/** A result, for whoever may read it. */
export const expertResultAction = defineButton('xv', idParam('requestId'));
/** An overdue request: the other experts it may go to. */
export const expertReassignAction = defineButton('xs', idParam('requestId'));
/** A coordinator releases a result to the inventors. */
export const expertReleaseAction = defineButton('xl', idParam('requestId'));

// Two ids do not fit 64 bytes as text (2 × 36): each goes as its 16 bytes in base64url (22 chars).
const compact = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
function expand(text: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(text)) return null;
  const hex = Buffer.from(text, 'base64url').toString('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return isUuid(uuid) ? uuid : null;
}

/** An overdue request handed to this expert instead. */
export const expertReassignToAction = defineButton<{ requestId: string; expertId: string }>('xn', {
  encode: (p) => `${compact(p.requestId)}.${compact(p.expertId)}`,
  decode: (tail) => {
    const [a, b, ...rest] = tail.split('.');
    const requestId = a ? expand(a) : null;
    const expertId = b ? expand(b) : null;
    return requestId && expertId && rest.length === 0 ? { requestId, expertId } : null;
  },
});
