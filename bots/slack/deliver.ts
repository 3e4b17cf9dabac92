// Sending core's replies into Slack. Confidential replies only ever go to a direct message with the
// bot: anything else is dropped here, whatever core returned (core already answers group chats with
// non-confidential text only; this is the second lock).
import type { webApi } from '@slack/bolt';
import type { OutgoingMessage } from '../../core/channel/messages.ts';
import { removeChatFile } from '../../core/chat/files.ts';
import type { Logger } from '../../core/logger.ts';
import { type SlackMessage, toSlackMessages } from './blocks.ts';
import { uploadAttachment } from './files.ts';
import { isDirectMessage } from './to-incoming.ts';

type WebClient = webApi.WebClient;

/** The DM channel between the bot and a user (conversations.open is idempotent). */
export async function openDirectMessage(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw new Error(`conversations.open returned no channel for ${userId}`);
  return id;
}

/** A posted message that the first reply with the same slot replaces in place (chat.update). */
export interface Replaceable {
  ts: string;
  slot: string;
}

export async function postReplies(
  client: WebClient,
  channel: string,
  messages: OutgoingMessage[],
  logger: Logger,
  replace?: Replaceable | null,
  /** Attached to every posted message (the job layer's delivery key, to find it after a crash). */
  metadata?: webApi.ChatPostMessageArguments['metadata'],
): Promise<string[]> {
  const ids: string[] = [];
  const direct = isDirectMessage(channel);
  let replaceable = replace ?? null;
  for (const message of messages) {
    if (message.confidential && !direct) {
      logger.warn({ channel }, 'confidential reply withheld from a non-DM conversation');
      continue;
    }
    const parts = toSlackMessages(message);
    if (
      replaceable &&
      message.slot === replaceable.slot &&
      parts.length === 1 &&
      !message.attachment &&
      !message.image
    ) {
      const [part] = parts as [SlackMessage];
      await client.chat.update({
        channel,
        ts: replaceable.ts,
        text: part.text,
        blocks: part.blocks as webApi.KnownBlock[],
      });
      ids.push(replaceable.ts);
      replaceable = null;
      continue;
    }
    for (const part of parts) {
      const posted = await client.chat.postMessage({
        channel,
        text: part.text,
        blocks: part.blocks as webApi.KnownBlock[],
        ...(metadata ? { metadata } : {}),
      });
      if (posted.ts) ids.push(posted.ts);
    }
    // Files (exports, error reports, charts) are institution data: DMs only, whatever the flag says.
    if (message.image && direct) {
      await uploadAttachment(client, channel, message.image);
      await removeChatFile(message.image.path).catch((error: unknown) =>
        logger.warn({ err: error }, 'sent image not removed'),
      );
    }
    if (message.attachment && direct) {
      await uploadAttachment(client, channel, message.attachment);
      // Uploaded: the server's copy (institution data, personal information) has done its job.
      await removeChatFile(message.attachment.path).catch((error: unknown) =>
        logger.warn({ err: error }, 'sent attachment not removed'),
      );
    } else if (message.attachment) logger.warn({ channel }, 'attachment withheld from a non-DM conversation');
  }
  return ids;
}

/** A reply visible only to the user, in a conversation that is not a DM (never confidential). */
export async function respondEphemeral(
  respond: (message: { response_type: 'ephemeral'; text: string; blocks?: unknown[] }) => Promise<unknown>,
  messages: OutgoingMessage[],
  logger: Logger,
): Promise<void> {
  for (const message of messages) {
    if (message.confidential) {
      logger.warn('confidential reply withheld from an ephemeral channel response');
      continue;
    }
    // Buttons are left out: their replies would have nowhere private to go.
    for (const part of toSlackMessages({ text: message.text })) {
      await respond({
        response_type: 'ephemeral',
        text: part.text,
        blocks: part.blocks as webApi.KnownBlock[],
      });
    }
  }
}
