// What every Slack listener needs: the database (for update claims and onboarding), the chat core,
// a logger, and the installed workspace.
import type { ChatService } from '../../core/chat/chat-service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/database.ts';
import type { Logger } from '../../core/logger.ts';
import type { InstalledWorkspace } from './workspace.ts';

export interface SlackDeps {
  db: Db;
  chat: ChatService;
  logger: Logger;
  clock: Clock;
  /** SLACK_API_URL: file downloads may also come from its host (GovSlack, tests). */
  apiUrl?: string | undefined;
  /** The workspace the app is installed in (auth.test, asked once): only its members bind by email. */
  workspace: () => Promise<InstalledWorkspace | null>;
}
