// `/revive import`: whoever may import some list gets the import modal; anyone else gets core's own
// answer (its refusal). A submitted modal is acknowledged at once (Slack waits 3 s, an import takes
// longer), then the file is looked up with files.info, downloaded with the bot token and handed to
// core in the person's DM, as an upload there would be: core tells which list it is and imports it.
import type { App, ViewSubmitAction, webApi } from '@slack/bolt';
import type { IncomingMessage } from '../../core/channel/messages.ts';
import { uploadKinds } from '../../core/chat/chat-service.ts';
import { t } from '../../core/i18n.ts';
import { importHelpAction } from '../../core/inventory/actions.ts';
import { findActor } from '../../core/people/actor.ts';
import { openDirectMessage, postReplies } from './deliver.ts';
import type { SlackDeps } from './deps.ts';
import { fileEvent, type SlackFile } from './files.ts';
import { refreshHome } from './home.ts';
import type { Identified } from './identify.ts';
import { IMPORT_CALLBACK_ID, importModal, importTargets, readImportSubmission } from './import-modal.ts';
import { progressMessage, settleProgress } from './progress-message.ts';
import { actionIncoming, externalIdOf, textIncoming } from './to-incoming.ts';

/**
 * Opens the import modal for someone who may import a list (core's own rules, UploadKind.refusal)
 * and coordinates at most one university, and returns null; otherwise returns the incoming message
 * that lets core answer (nothing to import, several institutions).
 */
export async function openImport(
  deps: SlackDeps,
  client: webApi.WebClient,
  who: Identified,
  triggerId: string,
  chatIsPrivate: boolean,
): Promise<IncomingMessage | null> {
  const actor = await findActor(deps.db, 'SLACK', externalIdOf(who.teamId, who.userId));
  const targets = actor ? await importTargets(deps.db, actor) : [];
  const mayImport = actor !== null && uploadKinds().some((kind) => kind.refusal(actor) === null);
  if (!actor || !mayImport || targets.length > 1) {
    return actionIncoming(who, importHelpAction.to(), chatIsPrivate);
  }
  await client.views.open({
    trigger_id: triggerId,
    view: importModal(targets, actor.locale) as webApi.View,
  });
  return null;
}

export function registerImport(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(IMPORT_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const userId = body.user.id;
    const actor = await findActor(deps.db, 'SLACK', externalIdOf(teamId, userId));
    const locale = actor?.locale ?? 'zh-CN';
    const targets = actor ? await importTargets(deps.db, actor) : [];
    const submission = readImportSubmission(view.state.values, targets, locale);
    if (!submission.ok) {
      await ack({ response_action: 'errors', errors: submission.errors });
      return;
    }
    await ack({ response_action: 'clear' });
    const dm = await openDirectMessage(client, userId);
    const user = { teamId, userId, address: dm };
    let file: SlackFile;
    try {
      const info = await client.files.info({ file: submission.fileId });
      if (!info.file) throw new Error('files.info returned no file');
      file = info.file as SlackFile;
    } catch (error) {
      deps.logger.warn({ err: error, fileId: submission.fileId }, 'slack import file lookup failed');
      await postReplies(client, dm, [{ text: t(locale, 'slack:import.fetch_failed') }], deps.logger);
      return;
    }
    const progress = progressMessage(client, dm);
    const incoming: IncomingMessage = {
      ...textIncoming(user, '', true),
      event: fileEvent(file, client.token ?? '', deps.apiUrl),
      progress: progress.send,
    };
    const replies = await settleProgress(progress, await deps.chat.handle(incoming));
    await postReplies(client, dm, replies, deps.logger);
    await refreshHome(deps, client, teamId, userId);
  });
}
