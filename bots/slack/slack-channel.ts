// Slack as a channel port: proactive messages from the job layer (reminders, match pushes) go to the
// person's DM with the bot. The address is the DM channel id stored when the account was bound;
// without one, the DM is opened from the user id ("<team>:<user>").
import type { webApi } from '@slack/bolt';
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
    const [first] = await postReplies(this.client, channel, [rest], this.logger);
    if (!first) throw new Error('slack message was not delivered');
    return { messageId: `${channel}:${first}` };
  }
}

/** "<team>:<user>" → user id. */
function userOf(externalId: string): string {
  const user = externalId.split(':')[1];
  if (!user) throw new Error(`not a Slack identity: ${externalId}`);
  return user;
}
