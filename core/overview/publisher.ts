// The port through which changed overviews reach platforms that keep one on screen (Slack's App
// Home). Channel-neutral: core says whose overview changed, the adapter decides how to show it.
import type { ChannelName } from '../channel/messages.ts';

export interface OverviewIdentity {
  personId: string;
  /** The platform's user id, as in ChannelIdentity.externalId (Slack: "<team>:<user>"). */
  externalId: string;
}

export interface OverviewPublisher {
  readonly channel: ChannelName;
  publish(identity: OverviewIdentity): Promise<void>;
}
