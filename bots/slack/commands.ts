// `/revive <subcommand> [args]`: help, lang, progress, start <token>, roadshow, menu … each one is
// core's command of the same name; `import` opens the import modal (import.ts). Ack first (Slack
// waits 3 s), then the work. A reply with a form (a roadshow's questionnaire) opens as a modal.
import type { App } from '@slack/bolt';
import { t, toLocale } from '../../core/i18n.ts';
import { findActor } from '../../core/people/actor.ts';
import { openDirectMessage, postReplies, respondEphemeral } from './deliver.ts';
import type { SlackDeps } from './deps.ts';
import { openFormModal } from './form-modal.ts';
import { refreshHome } from './home.ts';
import { identify } from './identify.ts';
import { openImport } from './import.ts';
import { commandIncoming, isDirectMessage, SLASH_COMMAND } from './to-incoming.ts';

export { SLASH_COMMAND };

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, async ({ ack, command, client, respond }) => {
    await ack();
    const who = await identify(deps, client, command.team_id, command.user_id);
    // Typed in a DM: replies go to the person's DM with the bot. Typed in a channel: core treats it
    // as a group chat and its answer (never confidential) is shown to the person only.
    const chatIsPrivate = isDirectMessage(command.channel_id);
    const dm = chatIsPrivate ? (who.address ?? (await openDirectMessage(client, command.user_id))) : null;
    const user = { ...who, ...(dm ? { address: dm } : {}) };
    let incoming = commandIncoming(user, command.text, chatIsPrivate);
    if (incoming.event.kind === 'command' && incoming.event.command === 'import') {
      const forCore = await openImport(deps, client, user, command.trigger_id, chatIsPrivate);
      if (!forCore) return;
      incoming = forCore;
    }
    let replies = await deps.chat.handle(incoming);
    // Core's help names chat commands (/start, /back …), shown here as /revive subcommands
    // (blocks.ts); what only Slack has (the bare /revive, import, the Home tab) is added.
    if (incoming.event.kind === 'command' && incoming.event.command === 'help' && dm) {
      const actor = await findActor(deps.db, 'SLACK', incoming.userId);
      replies.push({ text: t(actor?.locale ?? toLocale(who.languageHint), 'slack:help.commands') });
    }
    if (dm) {
      replies = await openFormModal(
        deps,
        client,
        { triggerId: command.trigger_id, teamId: command.team_id, userId: command.user_id },
        replies,
      );
      await postReplies(client, dm, replies, deps.logger);
    } else await respondEphemeral(respond, replies, deps.logger);
    await refreshHome(deps, client, command.team_id, command.user_id);
  });
}
