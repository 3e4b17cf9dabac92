// Slack's side of the overview feed (jobs/home-refresh.ts): a person whose overview changed gets
// their App Home republished. views.publish needs no open tab and no scope beyond the bot token.
import type { webApi } from '@slack/bolt';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/database.ts';
import type { OverviewIdentity, OverviewPublisher } from '../../core/overview/publisher.ts';
import { publishHome } from './home.ts';

export class SlackHomePublisher implements OverviewPublisher {
  readonly channel = 'SLACK' as const;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async publish(identity: OverviewIdentity): Promise<void> {
    const [teamId, userId] = identity.externalId.split(':');
    if (!teamId || !userId) throw new Error(`not a Slack identity: ${identity.externalId}`);
    await publishHome({ db: this.db, clock: this.clock }, this.client, teamId, userId);
  }
}
