// OutgoingMessage → Bot API parameters. Plain text only (no parse_mode), so nothing core writes can be
// misread as markup and nothing needs escaping. Texts over Telegram's limit are split at line
// breaks; the buttons go on the last part, where the person's eyes end up.
import type { OutgoingMessage } from '../../core/channel/messages.ts';

/** Telegram's limit for a message text, in UTF-16 code units after entity parsing. */
export const MAX_TEXT_LENGTH = 4096;
/** Telegram's limit for callback_data. */
export const MAX_CALLBACK_BYTES = 64;

export interface InlineKeyboardMarkup {
  inline_keyboard: { text: string; callback_data: string }[][];
}

export interface RenderedPart {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
  protect_content?: true;
}

export class RenderError extends Error {
  override name = 'RenderError';
}

/** One message, as the parts to send in order. */
export function renderMessage(message: OutgoingMessage, limit = MAX_TEXT_LENGTH): RenderedPart[] {
  const markup = keyboard(message);
  const texts = splitText(message.text, limit);
  return texts.map((text, index) => ({
    text,
    ...(markup && index === texts.length - 1 ? { reply_markup: markup } : {}),
    ...(message.confidential ? { protect_content: true as const } : {}),
  }));
}

/**
 * Buttons carry ids only; an id over 64 bytes is a bug in core, and sending it would fail the whole
 * message at Telegram, so it is refused here with a clear error instead.
 */
export function keyboard(message: OutgoingMessage): InlineKeyboardMarkup | undefined {
  const rows = (message.buttons ?? []).filter((row) => row.length > 0);
  if (rows.length === 0) return undefined;
  return {
    inline_keyboard: rows.map((row) =>
      row.map((button) => {
        if (Buffer.byteLength(button.action, 'utf8') > MAX_CALLBACK_BYTES || button.action === '') {
          throw new RenderError(`button action must be 1-${MAX_CALLBACK_BYTES} bytes: ${button.action}`);
        }
        return { text: button.label, callback_data: button.action };
      }),
    ),
  };
}

/**
 * Splits a text into parts of at most `limit` UTF-16 code units: at the last line break that fits,
 * else at the last space, else hard (never inside a surrogate pair). Break characters at a split
 * are dropped so that no part starts or ends with an empty line.
 */
export function splitText(text: string, limit = MAX_TEXT_LENGTH): string[] {
  // Telegram refuses an empty text; a lone button row still needs something to hang on.
  if (text.trim() === '') return ['…'];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut <= 0) cut = rest.lastIndexOf(' ', limit);
    let skip = 1;
    if (cut <= 0) {
      cut = limit;
      skip = 0;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    const part = rest.slice(0, cut).replace(/\s+$/, '');
    if (part) parts.push(part);
    rest = rest.slice(cut + skip).replace(/^\n+/, '');
  }
  if (rest.trim() !== '') parts.push(rest);
  return parts.length > 0 ? parts : ['…'];
}
