// The workspace the app is installed in, as auth.test reports it for the bot token. Only members
// of it are bound by their profile email (identify.ts): anyone else — another workspace, a Slack
// Connect guest, another Enterprise Grid org — joins with an invitation code.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

export interface InstalledWorkspace {
  teamId: string;
  /** Set when the workspace belongs to an Enterprise Grid org. */
  enterpriseId: string | null;
}

/**
 * Asks auth.test once, when first needed, and remembers the answer. A failed call is not
 * remembered (the next unknown account asks again) and yields null: nobody is bound meanwhile.
 */
export function installedWorkspace(
  client: webApi.WebClient,
  logger: Logger,
): () => Promise<InstalledWorkspace | null> {
  let known: Promise<InstalledWorkspace> | null = null;
  return async () => {
    known ??= client.auth.test().then((result) => {
      if (!result.team_id) throw new Error('auth.test returned no team_id');
      return { teamId: result.team_id, enterpriseId: result.enterprise_id || null };
    });
    try {
      return await known;
    } catch (error) {
      known = null;
      logger.warn({ err: error }, 'slack auth.test failed: the installed workspace is unknown');
      return null;
    }
  };
}

/** What users.info says about where an account belongs. */
export interface SlackMembership {
  team_id?: string;
  is_stranger?: boolean;
  enterprise_user?: { enterprise_id?: string; teams?: string[] };
}

/** A member of the installed workspace: its own team, or (Enterprise Grid) one listing it among its teams. */
export function isMemberOf(user: SlackMembership, workspace: InstalledWorkspace): boolean {
  // Slack Connect: a person from an external organization, whatever the rest says.
  if (user.is_stranger === true) return false;
  const enterpriseId = user.enterprise_user?.enterprise_id;
  if (enterpriseId && enterpriseId !== workspace.enterpriseId) return false;
  return user.team_id === workspace.teamId || (user.enterprise_user?.teams ?? []).includes(workspace.teamId);
}
