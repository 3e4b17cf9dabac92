// Slack as a channel port: proactive messages from the job layer (reminders, match pushes) go to the
// person's DM with the bot. The address is the DM channel id stored when the account was bound;
// without one, the DM is opened from the user id ("<team>:<user>").
import type { webApi } from '@slack/bolt';
import { ChannelPermanentFailure, ChannelRateLimited } from '../../core/channel/errors.ts';
import type { ChannelPort, OutgoingMessage, RecipientAddress } from '../../core/channel/messages.ts';
import type { Logger } from '../../core/logger.ts';
import { openDirectMessage, postReplies } from './deliver.ts';
import { isDirectMessage } from './to-incoming.ts';

export class SlackChannel implements ChannelPort {
  readonly channel = 'SLACK' as const;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  async send(to: RecipientAddress, message: OutgoingMessage): Promise<{ messageId: string }> {
    if (to.channel !== 'SLACK') throw new Error(`SlackChannel cannot send to ${to.channel}`);
    const channel = isDirectMessage(to.address)
      ? to.address!
      : await openDirectMessage(this.client, userOf(to.userId));
    // A message with a form cannot open a modal unprompted (modals need a trigger): its text and
    // buttons go out, and the form opens from a button.
    const { form: _form, ...rest } = message;
    try {
      const [first] = await postReplies(this.client, channel, [rest], this.logger);
      if (!first) throw new Error('slack message was not delivered');
      return { messageId: `${channel}:${first}` };
    } catch (error) {
      throw classifySlackError(error);
    }
  }
}

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
  return error;
}

/** "<team>:<user>" → user id. */
function userOf(externalId: string): string {
  const user = externalId.split(':')[1];
  if (!user) throw new Error(`not a Slack identity: ${externalId}`);
  return user;
}
