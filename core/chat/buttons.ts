// Buttons as data: a feature declares each of its buttons once, as a codec (a short wire code and
// its parameters, see defineButton) in its own `actions.ts`, and attaches the handler in its
// `routes.ts` with `on()` (routes.ts here). The chat service composes the features' routes (grammY's
// Composer idea) and dispatches a pressed button by its code; nothing central lists the buttons.
//
// Wire ids are short and carry ids only, never content (Telegram allows 64 bytes of callback data).
// Every id a button carries is re-checked against the caller before it is used. The codes are a
// contract with messages already sitting in people's chats: never change an existing one.
import { z } from 'zod';

const MAX_ACTION_BYTES = 64;
const CODE = /^[a-z]{1,3}$/;

/** An encoded button action, as sent to the platform and received back when pressed. */
export type ActionId = string & { readonly __actionId: true };

export interface ButtonCodec<P> {
  readonly code: string;
  /** The wire id of this button with these parameters. Throws over 64 bytes (a programming error). */
  to(...params: P extends void ? [] : [P]): ActionId;
  /** The parameters of a pressed button of this kind; null when it is another kind, forged or stale. */
  decode(raw: string): P | null;
}

interface TailCodec<P> {
  /** The part after "<code>:"; '' for a button without parameters. */
  encode(params: P): string;
  /** Null when malformed. */
  decode(tail: string): P | null;
}

/**
 * Declares a button. The wire id is `<code>` for a button without parameters, `<code>:<tail>`
 * otherwise. Codes are one to three lower-case letters, unique across features (the chat service
 * refuses to start with a duplicate).
 */
export function defineButton<P = void>(code: string, tail?: TailCodec<P>): ButtonCodec<P> {
  if (!CODE.test(code)) throw new Error(`button code must be 1-3 lower-case letters: ${code}`);
  return {
    code,
    to(...args: unknown[]): ActionId {
      const encoded = tail ? `${code}:${tail.encode(args[0] as P)}` : code;
      if (Buffer.byteLength(encoded, 'utf8') > MAX_ACTION_BYTES) {
        throw new Error(`action id over ${MAX_ACTION_BYTES} bytes: ${encoded}`);
      }
      return encoded as ActionId;
    },
    decode(raw: string): P | null {
      if (Buffer.byteLength(raw, 'utf8') > MAX_ACTION_BYTES) return null;
      if (!tail) return raw === code ? (undefined as P) : null;
      if (!raw.startsWith(`${code}:`)) return null;
      return tail.decode(raw.slice(code.length + 1));
    },
  };
}

/** The code of a wire id: what comes before the first colon. */
export const codeOf = (raw: string): string => raw.split(':', 1)[0] ?? '';

const uuid = z.uuid();
export const isUuid = (value: string): boolean => uuid.safeParse(value).success;

/** A button whose only parameter is one id, e.g. `{ patentId }` as `p:<uuid>`. */
export function idParam<K extends string>(key: K): TailCodec<Record<K, string>> {
  return {
    encode: (params) => params[key],
    decode: (tail) => (isUuid(tail) ? ({ [key]: tail } as Record<K, string>) : null),
  };
}

/** A button with a page number (0–9999). */
export function pageParam<K extends string>(key: K): TailCodec<Record<K, number>> {
  return {
    encode: (params) => String(params[key]),
    decode: (tail) => (/^\d{1,4}$/.test(tail) ? ({ [key]: Number(tail) } as Record<K, number>) : null),
  };
}

/** One letter for each value of a small closed set (an RSVP answer, a screening outcome). */
export function letterCodes<V extends string>(codes: Record<string, V>) {
  const letters = Object.fromEntries(
    Object.entries(codes).map(([letter, value]) => [value, letter]),
  ) as Record<V, string>;
  return {
    letter: (value: V) => letters[value],
    value: (letter: string | undefined): V | undefined =>
      letter !== undefined && Object.hasOwn(codes, letter) ? codes[letter] : undefined,
  };
}
