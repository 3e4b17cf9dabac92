// Telegram update → IncomingMessage. Pure translation: what a command, a text, a button or a file
// means is decided by core. What a person sends in private that the bot cannot read (a sticker, a
// photo, a voice message, a location) is 'unsupported', so that core answers it; edits, joins and
// everything in groups that is not text are null.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { IncomingEvent, IncomingMessage } from '../../core/channel/messages.ts';

/** Message contents a person may send that carry no text: answered with a hint, not silence. */
const UNREADABLE = [
  'sticker',
  'photo',
  'voice',
  'audio',
  'video',
  'video_note',
  'animation',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
] as const;

export interface TelegramIncoming {
  incoming: IncomingMessage;
  chatId: number;
  /** The message whose button was pressed (callback queries). */
  tappedMessageId?: number;
  callbackQueryId?: string;
}

/** "/start abc" → start + "abc"; "/help@revive_bot" → help; a command for another bot → null. */
export function parseCommand(
  text: string,
  botUsername: string | undefined,
): { command: string; args: string } | null {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return null;
  const [, command, mention, args] = match;
  if (mention && botUsername && mention.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { command: command!.toLowerCase(), args: (args ?? '').trim() };
}

export function toIncoming(
  update: Update,
  telegram: Telegram,
  botUsername?: string,
): TelegramIncoming | null {
  if ('message' in update) {
    const message = update.message;
    if (!message.from || message.from.is_bot) return null;
    const chatIsPrivate = message.chat.type === 'private';
    const base = {
      channel: 'TELEGRAM' as const,
      userId: String(message.from.id),
      chatIsPrivate,
      ...(message.from.language_code ? { languageHint: message.from.language_code } : {}),
      address: chatIsPrivate ? String(message.chat.id) : null,
    };
    let event: IncomingEvent | null = null;
    if ('text' in message) {
      const text = message.text;
      if (text.startsWith('/')) {
        const command = parseCommand(text, botUsername);
        if (!command) return null;
        event = { kind: 'command', ...command };
      } else {
        event = { kind: 'text', text };
      }
    } else if ('document' in message && !('animation' in message)) {
      const document = message.document;
      event = {
        kind: 'file',
        fileName: document.file_name ?? document.file_unique_id,
        mimeType: document.mime_type ?? null,
        size: document.file_size ?? null,
        open: () => download(telegram, document.file_id),
      };
    } else if (chatIsPrivate) {
      const what = UNREADABLE.find((content) => content in message);
      if (what) event = { kind: 'unsupported', what };
    }
    if (!event) return null;
    return { incoming: { ...base, event }, chatId: message.chat.id };
  }
  if ('callback_query' in update) {
    const query = update.callback_query;
    // Inline-mode messages have no chat; games carry no data: neither is ours.
    if (!('data' in query) || !query.message) return null;
    const chat = query.message.chat;
    const chatIsPrivate = chat.type === 'private';
    return {
      incoming: {
        channel: 'TELEGRAM',
        userId: String(query.from.id),
        chatIsPrivate,
        ...(query.from.language_code ? { languageHint: query.from.language_code } : {}),
        address: chatIsPrivate ? String(chat.id) : null,
        event: { kind: 'action', action: query.data },
      },
      chatId: chat.id,
      tappedMessageId: query.message.message_id,
      callbackQueryId: query.id,
    };
  }
  return null;
}

/** Downloads a file the person sent: getFile, then GET <apiRoot>/file/bot<token>/<file_path>. */
export async function download(telegram: Telegram, fileId: string): Promise<NodeJS.ReadableStream> {
  const link = await telegram.getFileLink(fileId);
  const response = await fetch(link);
  if (!response.ok || !response.body) {
    // The link contains the bot token: never put it in the error.
    throw new Error(`Telegram file download failed with HTTP ${response.status}`);
  }
  return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
}
