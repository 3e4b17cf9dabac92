// What every Slack listener needs: the database (for update claims and onboarding), the chat core
// and a logger.
import type { ChatService } from '../../core/chat/chat-service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/database.ts';
import type { Logger } from '../../core/logger.ts';

export interface SlackDeps {
  db: Db;
  chat: ChatService;
  logger: Logger;
  clock: Clock;
  /** SLACK_API_URL: file downloads may also come from its host (GovSlack, tests). */
  apiUrl?: string | undefined;
}
