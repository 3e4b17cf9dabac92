// Slack as a channel port: proactive messages from the job layer (reminders, match pushes) go to the
// person's DM with the bot. The address is the DM channel id stored when the account was bound;
// without one, the DM is opened from the user id ("<team>:<user>").
import { webApi } from '@slack/bolt';
import {
  ChannelOutcomeUnknown,
  ChannelPermanentFailure,
  ChannelRateLimited,
} from '../../core/channel/errors.ts';
import type { ChannelPort, OutgoingMessage, RecipientAddress } from '../../core/channel/messages.ts';
import type { Logger } from '../../core/logger.ts';
import { toSlackMessages } from './blocks.ts';
import { openDirectMessage, postReplies } from './deliver.ts';
import { boltLogger } from './logger.ts';
import { isDirectMessage } from './to-incoming.ts';

/**
 * The job layer's own Web API client. It never retries by itself: a post retried after a broken
 * connection could double a message, so the outbox retries and reconciles instead; and a 429 is
 * raised, so that the whole Slack queue pauses rather than one worker sleeping through it.
 */
export function createDeliveryClient(token: string, apiUrl: string | undefined, logger: Logger) {
  return new webApi.WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
}

export class SlackChannel implements ChannelPort {
  readonly channel = 'SLACK' as const;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  async send(
    to: RecipientAddress,
    message: OutgoingMessage,
    options: { deliveryKey?: string } = {},
  ): Promise<{ messageId: string }> {
    if (to.channel !== 'SLACK') throw new Error(`SlackChannel cannot send to ${to.channel}`);
    const channel = isDirectMessage(to.address)
      ? to.address!
      : await openDirectMessage(this.client, userOf(to.userId));
    // A message with a form cannot open a modal unprompted (modals need a trigger): its text and
    // buttons go out, and the form opens from a button.
    const { form: _form, ...rest } = message;
    try {
      const metadata = options.deliveryKey
        ? { event_type: DELIVERY_EVENT, event_payload: { key: options.deliveryKey } }
        : undefined;
      const [first] = await postReplies(this.client, channel, [rest], this.logger, null, metadata);
      if (!first) throw new Error('slack message was not delivered');
      return { messageId: `${channel}:${first}` };
    } catch (error) {
      throw classifySlackError(error);
    }
  }

  /** Slack keeps the metadata we attach: the DM's history since the claim says whether it arrived. */
  async findDelivered(to: RecipientAddress, deliveryKey: string, since: Date): Promise<string | null> {
    if (to.channel !== 'SLACK') throw new Error(`SlackChannel cannot look up ${to.channel}`);
    const channel = isDirectMessage(to.address)
      ? to.address!
      : await openDirectMessage(this.client, userOf(to.userId));
    let cursor: string | undefined;
    let oldestMatch: string | null = null;
    try {
      do {
        const page = await this.client.conversations.history({
          channel,
          oldest: (since.getTime() / 1000).toFixed(6),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        for (const m of page.messages ?? []) {
          const payload = m.metadata?.event_payload as { key?: unknown } | undefined;
          // A long message goes out in several parts, each marked: its id is that of the first.
          if (m.ts && m.metadata?.event_type === DELIVERY_EVENT && payload?.key === deliveryKey) {
            if (oldestMatch === null || Number(m.ts) < Number(oldestMatch)) oldestMatch = m.ts;
          }
        }
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (error) {
      throw classifySlackError(error);
    }
    return oldestMatch === null ? null : `${channel}:${oldestMatch}`;
  }

  /** `messageId` is what send returned, "<channel>:<ts>"; a long text keeps its first part. */
  async edit(to: RecipientAddress, messageId: string, message: OutgoingMessage): Promise<void> {
    if (to.channel !== 'SLACK') throw new Error(`SlackChannel cannot edit on ${to.channel}`);
    const [channel, ts] = messageId.split(':');
    if (!channel || !ts) throw new ChannelPermanentFailure(`not a Slack message id: ${messageId}`);
    const { form: _form, ...rest } = message;
    const [part] = toSlackMessages(rest);
    if (!part) return;
    try {
      await this.client.chat.update({
        channel,
        ts,
        text: part.text,
        blocks: part.blocks as webApi.KnownBlock[],
      });
    } catch (error) {
      throw classifySlackError(error);
    }
  }
}

/** The message metadata event type that carries a delivery's idempotency key. */
export const DELIVERY_EVENT = 'revive_delivery';

// Slack errors after which sending to this person cannot succeed by retrying.
const PERMANENT = new Set([
  'channel_not_found',
  'user_not_found',
  'is_archived',
  'account_inactive',
  'cannot_dm_bot',
]);

/** Maps the Web API client's errors to the delivery layer's: wait, give up, or retry later. */
export function classifySlackError(error: unknown): unknown {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string } };
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return new ChannelRateLimited((e.retryAfter ?? 1) * 1000, 'slack rate limited');
  }
  if (e?.code === 'slack_webapi_platform_error' && e.data?.error && PERMANENT.has(e.data.error)) {
    return new ChannelPermanentFailure(`slack: ${e.data.error}`);
  }
  // No answer from Slack (a broken connection, a gateway error): the post may have been made;
  // the retry looks for it by its delivery key before posting again.
  if (e?.code === 'slack_webapi_request_error' || e?.code === 'slack_webapi_http_error') {
    return new ChannelOutcomeUnknown(`slack: ${e.code}`);
  }
  return error;
}

/** "<team>:<user>" → user id. */
function userOf(externalId: string): string {
  const user = externalId.split(':')[1];
  if (!user) throw new Error(`not a Slack identity: ${externalId}`);
  return user;
}
