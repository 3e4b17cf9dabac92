// A reply carrying a form opens as a modal. Slack allows that only within 3 s of a trigger (a
// button press, a slash command), so the modal is opened right away and the rest goes to the DM.
import type { webApi } from '@slack/bolt';
import type { OutgoingMessage } from '../../core/channel/messages.ts';
import { t } from '../../core/i18n.ts';
import { findActor } from '../../core/people/actor.ts';
import { type Block, formModal } from './blocks.ts';
import type { SlackDeps } from './deps.ts';
import { externalIdOf } from './to-incoming.ts';

export async function modalFor(
  deps: SlackDeps,
  teamId: string,
  userId: string,
  message: OutgoingMessage,
): Promise<Block> {
  const actor = await findActor(deps.db, 'SLACK', externalIdOf(teamId, userId));
  return formModal(message.form!, { close: t(actor?.locale ?? 'zh-CN', 'slack:modal.close') });
}

/** Opens the first reply with a form as a modal; returns the replies still to be posted. */
export async function openFormModal(
  deps: SlackDeps,
  client: webApi.WebClient,
  trigger: { triggerId: string | undefined; teamId: string; userId: string },
  replies: OutgoingMessage[],
): Promise<OutgoingMessage[]> {
  const withForm = replies.find((r) => r.form);
  if (!withForm || !trigger.triggerId) return replies;
  await client.views.open({
    trigger_id: trigger.triggerId,
    view: await modalFor(deps, trigger.teamId, trigger.userId, withForm),
  } as webApi.ViewsOpenArguments);
  return replies.filter((r) => r !== withForm);
}
