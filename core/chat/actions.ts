// Button action ids: short, ids only (Telegram allows 64 bytes of callback data), never content.
// Every id an action carries is re-checked against the caller before it is used.
import { z } from 'zod';
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
  | { type: 'q'; input: EngineInput };

const uuid = z.uuid();

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
    case 'q':
      return encodeEngineInput(action.input);
  }
}

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
    case 'q':
      return decodeEngineInput(rest);
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
