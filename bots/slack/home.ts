// The App Home tab: core's per-role overview (core/overview/home.ts) published with views.publish
// when the tab is opened, after each interaction that may have changed it, and when a change by
// someone else concerns the person (home-publisher.ts, driven by the job layer).
import type { webApi } from '@slack/bolt';
import { t, toLocale } from '../../core/i18n.ts';
import { homeFor } from '../../core/overview/home.ts';
import { findActor } from '../../core/people/actor.ts';
import { homeView } from './blocks.ts';
import type { SlackDeps } from './deps.ts';
import { externalIdOf } from './to-incoming.ts';

export async function publishHome(
  deps: Pick<SlackDeps, 'db' | 'clock'>,
  client: webApi.WebClient,
  teamId: string,
  userId: string,
  languageHint?: string,
): Promise<void> {
  const actor = await findActor(deps.db, 'SLACK', externalIdOf(teamId, userId));
  const view = actor
    ? homeView(await homeFor(deps.db, actor, deps.clock.now()))
    : homeView({
        title: t(toLocale(languageHint), 'slack:home.unknown_title'),
        sections: [{ heading: '', lines: [t(toLocale(languageHint), 'chat:onboarding.unknown_slack')] }],
      });
  await client.views.publish({ user_id: userId, view: view as webApi.View });
}

/** A failed refresh must not fail the interaction that triggered it. */
export async function refreshHome(
  deps: SlackDeps,
  client: webApi.WebClient,
  teamId: string,
  userId: string,
): Promise<void> {
  try {
    await publishHome(deps, client, teamId, userId);
  } catch (error) {
    deps.logger.warn({ err: error }, 'app home refresh failed');
  }
}
