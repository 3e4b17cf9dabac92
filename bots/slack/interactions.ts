// Buttons and modals. A button's value is core's action id, passed on untouched (core re-checks it
// against the person). A reply carrying a form opens as a modal; a submitted modal page comes back
// as core's form event and is answered in the modal itself: per-field errors, the next page, or the
// modal closes and the review arrives in the DM.
import type { App, BlockButtonAction, ViewSubmitAction, webApi } from '@slack/bolt';
import type { OutgoingMessage } from '../../core/channel/messages.ts';
import { BUTTON_ACTION_PREFIX, FORM_CALLBACK_ID, formValues, slotOf } from './blocks.ts';
import { openDirectMessage, postReplies } from './deliver.ts';
import type { SlackDeps } from './deps.ts';
import { modalFor, openFormModal } from './form-modal.ts';
import { refreshHome } from './home.ts';
import { identify } from './identify.ts';
import { actionIncoming, formIncoming, isDirectMessage } from './to-incoming.ts';

async function sendToDm(
  deps: SlackDeps,
  client: webApi.WebClient,
  userId: string,
  replies: OutgoingMessage[],
) {
  if (replies.length === 0) return;
  await postReplies(client, await openDirectMessage(client, userId), replies, deps.logger);
}

export function registerInteractions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: new RegExp(`^${BUTTON_ACTION_PREFIX}`) },
    async ({ ack, body, action, client }) => {
      // Slack waits 3 s for the ack; a modal must open within 3 s of the trigger: ack, then work.
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const userId = body.user.id;
      const who = await identify(deps, client, teamId, userId);
      const source = body.channel?.id;
      const chatIsPrivate = source === undefined || isDirectMessage(source);
      const replies = await deps.chat.handle(actionIncoming(who, action.value ?? '', chatIsPrivate));
      const rest = await openFormModal(deps, client, { triggerId: body.trigger_id, teamId, userId }, replies);
      if (chatIsPrivate && isDirectMessage(source)) {
        // A question answered by a button is replaced by the next one instead of piling up.
        const slot = slotOf(body.message as { blocks?: { block_id?: string }[] } | undefined);
        const ts = body.message?.ts;
        await postReplies(client, source!, rest, deps.logger, slot && ts ? { ts, slot } : null);
      } else await sendToDm(deps, client, userId, rest);
      await refreshHome(deps, client, teamId, userId);
    },
  );

  app.view<ViewSubmitAction>(FORM_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const userId = body.user.id;
    const who = await identify(deps, client, teamId, userId);
    const replies = await deps.chat.handle(
      formIncoming(who, view.private_metadata, formValues(view.state as Parameters<typeof formValues>[0])),
    );
    const withForm = replies.find((r) => r.form);
    const rest = replies.filter((r) => r !== withForm);
    if (withForm?.form?.errors) {
      // Errors can only name blocks of the submitted view; anything else goes on its first input.
      const blockIds = new Set(view.blocks.map((b) => b.block_id));
      const errors: Record<string, string> = {};
      for (const [field, text] of Object.entries(withForm.form.errors)) {
        const target = blockIds.has(field) ? field : view.blocks.find((b) => b.type === 'input')?.block_id;
        if (target) errors[target] = errors[target] ? `${errors[target]} ${text}` : text;
      }
      await ack({ response_action: 'errors', errors });
    } else if (withForm) {
      // The next page replaces this one in place: the view stack never grows beyond one.
      await ack({
        response_action: 'update',
        view: (await modalFor(deps, teamId, userId, withForm)) as webApi.View,
      } as Parameters<typeof ack>[0]);
    } else {
      await ack({ response_action: 'clear' });
    }
    await sendToDm(deps, client, userId, rest);
    await refreshHome(deps, client, teamId, userId);
  });
}
