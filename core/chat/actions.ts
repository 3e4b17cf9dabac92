// Button action ids: short, ids only (Telegram allows 64 bytes of callback data), never content.
// Every id an action carries is re-checked against the caller before it is used.
import { z } from 'zod';
import { DECLINE_REASONS, type DeclineReason } from '../matching/decline-reasons.ts';
import type { EngineInput } from '../questionnaire/engine.ts';

const MAX_ACTION_BYTES = 64;

export type ChatAction =
  | { type: 'menu' }
  | { type: 'help' }
  | { type: 'lang'; locale: string }
  | { type: 'patents'; page: number }
  | { type: 'patent'; patentId: string }
  | { type: 'assess'; patentId: string }
  | { type: 'evaluate'; patentId: string }
  | { type: 'bulk' }
  | { type: 'bulkGroup'; key: string }
  | { type: 'bulkPick'; patentId: string }
  | { type: 'bulkStart' }
  /** Open the active questionnaire's current page as a form (platforms with forms). */
  | { type: 'form' }
  | { type: 'q'; input: EngineInput }
  // Coordinators: institution progress, screening queues and decisions, import and export.
  | { type: 'coord' }
  | { type: 'screenQueue'; level: 'COLLEGE' | 'UNIVERSITY'; page: number }
  | { type: 'screenView'; patentId: string }
  | { type: 'screenDecide'; outcome: 'APPROVED' | 'RETURNED' | 'SCREENED_OUT'; patentId: string }
  | { type: 'screenOutConfirm'; patentId: string }
  | { type: 'exportInventory' }
  | { type: 'importHelp' }
  /** An ambiguous inventor name: `choice` indexes the name's candidates, recomputed on use. */
  | { type: 'linkInventor'; patentId: string; position: number; choice: number }
  // Roadshows: answer an invitation, get the calendar file, say "interested in this patent".
  | { type: 'rsvp'; roadshowId: string; answer: 'YES' | 'NO' | 'MAYBE' }
  | { type: 'calendar'; roadshowId: string }
  | { type: 'interest'; patentId: string }
  // Coordinators create a roadshow: wizard steps, a featured patent ticked or unticked, confirmation.
  | { type: 'roadshowWizard'; step: RoadshowWizardStep }
  | { type: 'roadshowPick'; patentId: string }
  | { type: 'roadshowConfirm'; roadshowId: string }
  /** An inventor reads the enterprises' evaluations of their patent. */
  | { type: 'feedback'; patentId: string }
  /** An enterprise declines a pushed patent: without a reason, the reasons to pick from. */
  | { type: 'decline'; patentId: string; reason?: DeclineReason };

const uuid = z.uuid();

const ROADSHOW_WIZARD_STEPS = {
  n: 'new',
  d: 'patentsDone',
  c: 'clearFilter',
  e: 'edit',
  x: 'cancel',
} as const;
export type RoadshowWizardStep = (typeof ROADSHOW_WIZARD_STEPS)[keyof typeof ROADSHOW_WIZARD_STEPS];
const WIZARD_STEP_CODES = Object.fromEntries(
  Object.entries(ROADSHOW_WIZARD_STEPS).map(([code, step]) => [step, code]),
) as Record<RoadshowWizardStep, string>;

export function encodeAction(action: ChatAction): string {
  const encoded = encodeUnchecked(action);
  if (Buffer.byteLength(encoded, 'utf8') > MAX_ACTION_BYTES) {
    throw new Error(`action id over ${MAX_ACTION_BYTES} bytes: ${encoded}`);
  }
  return encoded;
}

function encodeUnchecked(action: ChatAction): string {
  switch (action.type) {
    case 'menu':
      return 'm';
    case 'help':
      return 'h';
    case 'lang':
      return `l:${action.locale}`;
    case 'patents':
      return `pl:${action.page}`;
    case 'patent':
      return `p:${action.patentId}`;
    case 'assess':
      return `sa:${action.patentId}`;
    case 'evaluate':
      return `ev:${action.patentId}`;
    case 'bulk':
      return 'b';
    case 'bulkGroup':
      return `bg:${action.key}`;
    case 'bulkPick':
      return `bp:${action.patentId}`;
    case 'bulkStart':
      return 'bs';
    case 'form':
      return 'f';
    case 'q':
      return encodeEngineInput(action.input);
    case 'coord':
      return 'co';
    case 'screenQueue':
      return `sq:${action.level[0]}:${action.page}`;
    case 'screenView':
      return `sv:${action.patentId}`;
    case 'screenDecide':
      return `sd:${OUTCOME_CODES[action.outcome]}:${action.patentId}`;
    case 'screenOutConfirm':
      return `sx:${action.patentId}`;
    case 'exportInventory':
      return 'ex';
    case 'importHelp':
      return 'ih';
    case 'linkInventor':
      return `li:${action.position}:${action.choice}:${action.patentId}`;
    case 'rsvp':
      return `rv:${action.answer[0]}:${action.roadshowId}`;
    case 'calendar':
      return `rc:${action.roadshowId}`;
    case 'interest':
      return `ri:${action.patentId}`;
    case 'roadshowWizard':
      return `rw:${WIZARD_STEP_CODES[action.step]}`;
    case 'roadshowPick':
      return `rp:${action.patentId}`;
    case 'roadshowConfirm':
      return `rk:${action.roadshowId}`;
    case 'feedback':
      return `fb:${action.patentId}`;
    case 'decline':
      return action.reason
        ? `dc:${DECLINE_REASONS.indexOf(action.reason)}:${action.patentId}`
        : `dc:${action.patentId}`;
  }
}

const RSVP_ANSWERS = { Y: 'YES', N: 'NO', M: 'MAYBE' } as const;

const OUTCOME_CODES = { APPROVED: 'A', RETURNED: 'R', SCREENED_OUT: 'X' } as const;
const OUTCOMES = { A: 'APPROVED', R: 'RETURNED', X: 'SCREENED_OUT' } as const;

function encodeEngineInput(input: EngineInput): string {
  switch (input.type) {
    case 'answer':
      return `q:a:${input.questionId ?? ''}:${String(input.value)}`;
    case 'toggle':
      return `q:t:${input.questionId}:${input.optionId}`;
    case 'confirm':
      return `q:ok:${input.questionId}`;
    case 'edit':
      return `q:e:${input.questionId}`;
    default:
      return `q:${input.type}`;
  }
}

const SIMPLE_ENGINE_INPUTS = ['start', 'skip', 'back', 'review', 'submit'] as const;

/** Parses an action id from a button; anything malformed is null (a forged or stale button). */
export function decodeAction(raw: string): ChatAction | null {
  if (Buffer.byteLength(raw, 'utf8') > MAX_ACTION_BYTES) return null;
  const [head, ...rest] = raw.split(':');
  const tail = rest.join(':');
  const withUuid = (make: (id: string) => ChatAction) => (uuid.safeParse(tail).success ? make(tail) : null);
  switch (head) {
    case 'm':
      return raw === 'm' ? { type: 'menu' } : null;
    case 'h':
      return raw === 'h' ? { type: 'help' } : null;
    case 'l':
      return /^[a-zA-Z-]{2,10}$/.test(tail) ? { type: 'lang', locale: tail } : null;
    case 'pl':
      return /^\d{1,4}$/.test(tail) ? { type: 'patents', page: Number(tail) } : null;
    case 'p':
      return withUuid((patentId) => ({ type: 'patent', patentId }));
    case 'sa':
      return withUuid((patentId) => ({ type: 'assess', patentId }));
    case 'ev':
      return withUuid((patentId) => ({ type: 'evaluate', patentId }));
    case 'b':
      return raw === 'b' ? { type: 'bulk' } : null;
    case 'bg':
      return /^[\w-]{1,40}$/.test(tail) ? { type: 'bulkGroup', key: tail } : null;
    case 'bp':
      return withUuid((patentId) => ({ type: 'bulkPick', patentId }));
    case 'bs':
      return raw === 'bs' ? { type: 'bulkStart' } : null;
    case 'f':
      return raw === 'f' ? { type: 'form' } : null;
    case 'q':
      return decodeEngineInput(rest);
    case 'co':
      return raw === 'co' ? { type: 'coord' } : null;
    case 'sq': {
      const m = /^([CU]):(\d{1,4})$/.exec(tail);
      return m
        ? { type: 'screenQueue', level: m[1] === 'C' ? 'COLLEGE' : 'UNIVERSITY', page: Number(m[2]) }
        : null;
    }
    case 'sv':
      return withUuid((patentId) => ({ type: 'screenView', patentId }));
    case 'sd': {
      const [code, patentId = ''] = [tail.slice(0, 1), tail.slice(2)];
      const outcome = OUTCOMES[code as keyof typeof OUTCOMES];
      return outcome && tail[1] === ':' && uuid.safeParse(patentId).success
        ? { type: 'screenDecide', outcome, patentId }
        : null;
    }
    case 'sx':
      return withUuid((patentId) => ({ type: 'screenOutConfirm', patentId }));
    case 'ex':
      return raw === 'ex' ? { type: 'exportInventory' } : null;
    case 'ih':
      return raw === 'ih' ? { type: 'importHelp' } : null;
    case 'li': {
      const m = /^(\d{1,2}):(\d):(.+)$/.exec(tail);
      return m && uuid.safeParse(m[3]).success
        ? { type: 'linkInventor', position: Number(m[1]), choice: Number(m[2]), patentId: m[3]! }
        : null;
    }
    case 'rv': {
      const answer = RSVP_ANSWERS[tail[0] as keyof typeof RSVP_ANSWERS];
      const roadshowId = tail.slice(2);
      return answer && tail[1] === ':' && uuid.safeParse(roadshowId).success
        ? { type: 'rsvp', roadshowId, answer }
        : null;
    }
    case 'rc':
      return withUuid((roadshowId) => ({ type: 'calendar', roadshowId }));
    case 'ri':
      return withUuid((patentId) => ({ type: 'interest', patentId }));
    case 'rw': {
      const step = Object.hasOwn(ROADSHOW_WIZARD_STEPS, tail)
        ? ROADSHOW_WIZARD_STEPS[tail as keyof typeof ROADSHOW_WIZARD_STEPS]
        : undefined;
      return step ? { type: 'roadshowWizard', step } : null;
    }
    case 'rp':
      return withUuid((patentId) => ({ type: 'roadshowPick', patentId }));
    case 'rk':
      return withUuid((roadshowId) => ({ type: 'roadshowConfirm', roadshowId }));
    case 'fb':
      return withUuid((patentId) => ({ type: 'feedback', patentId }));
    case 'dc': {
      if (uuid.safeParse(tail).success) return { type: 'decline', patentId: tail };
      const reason = /^\d:/.test(tail) ? DECLINE_REASONS[Number(tail[0])] : undefined;
      const patentId = tail.slice(2);
      return reason && tail[1] === ':' && uuid.safeParse(patentId).success
        ? { type: 'decline', patentId, reason }
        : null;
    }
    default:
      return null;
  }
}

const ID = /^[a-zA-Z][\w]{0,40}$/;

function decodeEngineInput(parts: string[]): ChatAction | null {
  const [kind, questionId = '', ...valueParts] = parts;
  const value = valueParts.join(':');
  if ((SIMPLE_ENGINE_INPUTS as readonly string[]).includes(kind ?? '') && parts.length === 1) {
    return { type: 'q', input: { type: kind as (typeof SIMPLE_ENGINE_INPUTS)[number] } };
  }
  if (!ID.test(questionId)) return null;
  switch (kind) {
    case 'a':
      return value.length > 0 && value.length <= 20
        ? { type: 'q', input: { type: 'answer', questionId, value } }
        : null;
    case 't':
      return ID.test(value) ? { type: 'q', input: { type: 'toggle', questionId, optionId: value } } : null;
    case 'ok':
      return parts.length === 2 ? { type: 'q', input: { type: 'confirm', questionId } } : null;
    case 'e':
      return parts.length === 2 ? { type: 'q', input: { type: 'edit', questionId } } : null;
    default:
      return null;
  }
}
