// Puts core's replies into a Telegram chat. A reply for a slot edits the slot's message in place when
// the person is looking at it — they just tapped it, or it is the progress message of this very
// update — so a question answered with a button is replaced by the next question. Otherwise the
// reply is sent as a new message, which then becomes the slot's message: typed answers get the next
// question below them, where the person is looking.
import { createReadStream } from 'node:fs';
import type { Logger } from 'pino';
import { type Telegram, TelegramError } from 'telegraf';
import type { OutgoingMessage } from '../../core/channel/messages.ts';
import { removeChatFile } from '../../core/chat/files.ts';
import { type RenderedPart, renderMessage } from './render.ts';
import type { SlotMap } from './slots.ts';
// Failed Bot API calls are logged by their summary, not the request they carried (error-summary.ts).
import './error-summary.ts';

export interface DeliveryTarget {
  chatId: number;
  chatIsPrivate: boolean;
  /** Messages the person is looking at: the one whose button was pressed, this update's progress message. */
  editable?: readonly number[];
}

export interface DeliveryOptions {
  /**
   * Wait out a short flood-control pause (429 retry_after ≤ 10 s) and retry once: for replies, which
   * the person is waiting for. The job layer turns it off and reschedules instead.
   */
  retryRateLimited?: boolean;
  /**
   * Telegram's paid broadcast (allow_paid_broadcast: up to 1 000 messages/s, 0.1 Star each from the
   * bot's balance): only for the job layer's broadcasts an administrator allowed, within the cap.
   */
  paidBroadcast?: boolean;
}

export interface Delivery {
  /** Message ids of every part sent or edited, in order. */
  messageIds: number[];
  slots: SlotMap;
  /** Whether `slots` differs from the map given in. */
  slotsChanged: boolean;
}

/** Telegram's answer when an edit would change nothing: the message already shows the reply. */
const NOT_MODIFIED = /message is not modified/i;
/** The longest wait for a 429 retry_after before giving up on a message. */
const MAX_RETRY_AFTER_S = 10;

export async function deliver(
  telegram: Telegram,
  target: DeliveryTarget,
  messages: readonly OutgoingMessage[],
  slots: SlotMap,
  logger: Logger,
  options: DeliveryOptions = {},
): Promise<Delivery> {
  const retry = options.retryRateLimited ?? true;
  const paid = options.paidBroadcast === true;
  const next: SlotMap = { ...slots };
  let slotsChanged = false;
  const messageIds: number[] = [];
  for (const message of messages) {
    // Core already refuses assessment data outside private chats; this is the last line of defence.
    if (message.confidential && !target.chatIsPrivate) {
      logger.error({ chatId: target.chatId }, 'confidential reply withheld from a non-private chat');
      continue;
    }
    const parts = renderMessage(message);
    const current = message.slot ? next[message.slot] : undefined;
    const editable =
      current !== undefined &&
      target.chatIsPrivate &&
      current.chatId === target.chatId &&
      (target.editable ?? []).includes(current.messageId) &&
      parts.length === 1 &&
      // protect_content cannot be added by an edit
      (current.protected || !message.confidential);
    let last: number | undefined;
    if (editable && (await edit(telegram, target.chatId, current.messageId, parts[0]!, logger, retry))) {
      messageIds.push(current.messageId);
    } else {
      for (const part of parts) {
        last = await sendPart(telegram, target.chatId, part, retry, paid);
        messageIds.push(last);
      }
    }
    if (message.image) {
      // A chart: a photo after the text, removed from the server once sent (like attachments).
      const { path: imagePath, fileName } = message.image;
      const sent = await withRetry(retry, () =>
        telegram.sendPhoto(
          target.chatId,
          { source: createReadStream(imagePath), filename: fileName },
          message.confidential ? { protect_content: true } : {},
        ),
      );
      messageIds.push(sent.message_id);
      await removeChatFile(imagePath).catch((error: unknown) =>
        logger.warn({ err: error }, 'sent image not removed'),
      );
    }
    if (message.attachment) {
      messageIds.push(await sendAttachment(telegram, target.chatId, message, retry));
      // Sent: the server's copy (institution data, personal information) has done its job.
      await removeChatFile(message.attachment.path).catch((error: unknown) =>
        logger.warn({ err: error }, 'sent attachment not removed'),
      );
    }
    if (message.slot && last !== undefined && target.chatIsPrivate) {
      next[message.slot] = {
        chatId: target.chatId,
        messageId: last,
        protected: message.confidential === true,
      };
      slotsChanged = true;
    }
  }
  return { messageIds, slots: next, slotsChanged };
}

/** true when the message now shows the part; false when it cannot be edited (gone, too old). */
async function edit(
  telegram: Telegram,
  chatId: number,
  messageId: number,
  part: RenderedPart,
  logger: Logger,
  retry: boolean,
): Promise<boolean> {
  try {
    await withRetry(retry, () =>
      telegram.editMessageText(chatId, messageId, undefined, part.text, {
        ...(part.reply_markup ? { reply_markup: part.reply_markup } : {}),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TelegramError && NOT_MODIFIED.test(error.description)) return true;
    if (error instanceof TelegramError && error.code === 400) {
      // Deleted by the person, older than 48 hours, or no longer editable: send a new one.
      logger.info(
        { chatId, messageId, reason: error.description },
        'slot message not editable, sending anew',
      );
      return false;
    }
    throw error;
  }
}

async function sendPart(
  telegram: Telegram,
  chatId: number,
  part: RenderedPart,
  retry: boolean,
  paid = false,
): Promise<number> {
  const sent = await withRetry(retry, () =>
    telegram.sendMessage(chatId, part.text, {
      ...(part.reply_markup ? { reply_markup: part.reply_markup } : {}),
      ...(part.protect_content ? { protect_content: true } : {}),
      link_preview_options: { is_disabled: true },
      // Bot API 7.11, newer than telegraf 4.16's types: passed through as it is.
      ...((paid ? { allow_paid_broadcast: true } : {}) as object),
    }),
  );
  return sent.message_id;
}

/** A file core produced (an export, an import's error list), sent after the message's text. */
async function sendAttachment(
  telegram: Telegram,
  chatId: number,
  message: OutgoingMessage,
  retry: boolean,
): Promise<number> {
  const { fileName, path } = message.attachment!;
  const sent = await withRetry(retry, () =>
    telegram.sendDocument(
      chatId,
      // a fresh stream per attempt: a retried upload must start from the beginning
      { source: createReadStream(path), filename: fileName },
      message.confidential ? { protect_content: true } : {},
    ),
  );
  return sent.message_id;
}

/** Retries once after Telegram's flood-control wait (429 retry_after), if the wait is short. */
async function withRetry<T>(enabled: boolean, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!enabled) throw error;
    const wait =
      error instanceof TelegramError && error.code === 429 ? error.parameters?.retry_after : undefined;
    if (wait === undefined || wait > MAX_RETRY_AFTER_S) throw error;
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    return call();
  }
}
