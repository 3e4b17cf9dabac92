// Events API: direct messages to the bot and the App Home being opened. Slack redelivers an event
// it thinks was not received (X-Slack-Retry-Num) and may send the same event_id twice: the first
// claim of an event id wins, every later delivery is acknowledged and skipped.
import type { App } from '@slack/bolt';
import { claimUpdate } from '../../core/intake/processed-updates.ts';
import { slackCommands } from './blocks.ts';
import { postReplies } from './deliver.ts';
import type { SlackDeps } from './deps.ts';
import { fileEvent, type SlackFile } from './files.ts';
import { publishHome } from './home.ts';
import { identify } from './identify.ts';
import { progressMessage, settleProgress } from './progress-message.ts';
import { isDirectMessage, textIncoming } from './to-incoming.ts';

export function registerEvents(app: App, deps: SlackDeps): void {
  app.use(async ({ body, next, context }) => {
    const envelope = body as { type?: string; event_id?: string; team_id?: string };
    if (envelope.type === 'event_callback' && envelope.event_id) {
      const source = `slack:${envelope.team_id ?? 'unknown'}`;
      if (!(await claimUpdate(deps.db, source, envelope.event_id, deps.clock.now()))) {
        deps.logger.info(
          { eventId: envelope.event_id, retryNum: context.retryNum, retryReason: context.retryReason },
          'duplicate slack event skipped',
        );
        return;
      }
    }
    await next();
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const who = await identify(deps, client, teamId, event.user);
    await publishHome(deps, client, teamId, event.user, who.languageHint);
  });

  app.event('message', async ({ event, body, client }) => {
    // Only what a person typed or uploaded: no edits, deletions, joins or bot messages (ours included).
    if (event.subtype !== undefined && event.subtype !== 'file_share') return;
    if (!('user' in event) || !event.user || ('bot_id' in event && event.bot_id)) return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const who = await identify(deps, client, teamId, event.user);
    const direct = event.channel_type === 'im' && isDirectMessage(event.channel);
    const user = { ...who, ...(direct ? { address: event.channel } : {}) };
    const files = ('files' in event && Array.isArray(event.files) ? event.files : []) as SlackFile[];
    const progress = progressMessage(client, event.channel);
    const incoming =
      files[0] && direct
        ? {
            ...textIncoming(user, '', true),
            event: fileEvent(files[0], client.token ?? '', deps.apiUrl),
            progress: progress.send,
          }
        : textIncoming(user, event.text ?? '', direct);
    const replies = await settleProgress(progress, await deps.chat.handle(incoming));
    if (direct) {
      await postReplies(client, event.channel, replies, deps.logger);
      return;
    }
    // Anywhere else (a channel the bot was added to) only the author sees the answer, and never
    // anything confidential.
    for (const reply of replies.filter((r) => !r.confidential)) {
      await client.chat.postEphemeral({
        channel: event.channel,
        user: event.user,
        text: slackCommands(reply.text),
      });
    }
  });
}
