// Who is writing: on first contact from a Slack account we do not know, Slack's profile email is
// matched to a Person (core/people/bind-by-email.ts) and the account is bound, with the DM channel
// as its address — only when Slack confirmed the email and the account is a member of the workspace
// the app is installed in. Known accounts cost no API call.
import type { webApi } from '@slack/bolt';
import { bindByEmail } from '../../core/people/bind-by-email.ts';
import { openDirectMessage } from './deliver.ts';
import type { SlackDeps } from './deps.ts';
import { externalIdOf, type SlackUserRef } from './to-incoming.ts';
import { isMemberOf, type SlackMembership } from './workspace.ts';

export interface Identified extends SlackUserRef {
  /** False when the account is bound to nobody: core then answers with how to get an invitation. */
  known: boolean;
}

export async function identify(
  deps: SlackDeps,
  client: webApi.WebClient,
  teamId: string,
  userId: string,
): Promise<Identified> {
  let languageHint: string | undefined;
  let address: string | null | undefined;
  const result = await bindByEmail(
    deps.db,
    { channel: 'SLACK', externalId: externalIdOf(teamId, userId) },
    async () => {
      // A failed look-up (revoked scope, deleted user, Slack down) leaves the person unknown: core
      // then explains how to join with an invitation, instead of the message going unanswered.
      const info = await client.users.info({ user: userId, include_locale: true }).catch((error: unknown) => {
        deps.logger.warn({ err: error, teamId }, 'slack users.info failed');
        return null;
      });
      const user = info?.user;
      languageHint = user?.locale ?? undefined;
      // Bots and deleted accounts are nobody; an email Slack does not say it confirmed proves nothing.
      if (!user || user.is_bot || user.deleted || user.is_email_confirmed !== true) return null;
      // An email vouched for by another workspace or organization proves nothing here either: a
      // Slack Connect guest or someone of another org joins with an invitation code like anyone.
      const workspace = await deps.workspace();
      if (!workspace || teamId !== workspace.teamId || !isMemberOf(user as SlackMembership, workspace)) {
        deps.logger.info(
          { teamId, userTeamId: user.team_id },
          'slack account outside the installed workspace',
        );
        return null;
      }
      const email = user.profile?.email ?? null;
      if (!email) return { email: null, address: null };
      address = await openDirectMessage(client, userId);
      return { email, address };
    },
  );
  if (result.outcome === 'BOUND') {
    deps.logger.info({ personId: result.personId, teamId }, 'slack account bound by email');
  } else if (result.outcome === 'TAKEN') {
    deps.logger.warn(
      { personId: result.personId, teamId },
      'slack email matches a person bound to another account',
    );
  }
  return {
    teamId,
    userId,
    known: result.outcome === 'KNOWN' || result.outcome === 'BOUND',
    ...(languageHint ? { languageHint } : {}),
    ...(address !== undefined ? { address } : {}),
  };
}
