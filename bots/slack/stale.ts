// Requests no listener would answer: a button or a modal left from an earlier version of the app
// (its action_id or callback_id no longer exists), or an interaction kind the app never asks for.
// Unacknowledged, Slack shows an error after 3 s and bolt logs one; instead they are acknowledged
// at once, and whoever pressed or submitted something is told, privately, that it has expired.
import type { AckFn, App, webApi } from '@slack/bolt';
import { DEFAULT_LOCALE, t } from '../../core/i18n.ts';
import { findActor } from '../../core/people/actor.ts';
import { BUTTON_ACTION_PREFIX, FORM_CALLBACK_ID } from './blocks.ts';
import { openDirectMessage } from './deliver.ts';
import type { SlackDeps } from './deps.ts';
import { IMPORT_CALLBACK_ID } from './import-modal.ts';
import { externalIdOf } from './to-incoming.ts';

/** The modals the app opens (interactions.ts, import.ts). */
const KNOWN_VIEWS = new Set([FORM_CALLBACK_ID, IMPORT_CALLBACK_ID]);

interface InteractionBody {
  type?: string;
  actions?: { action_id?: string }[];
  view?: { callback_id?: string };
  user?: { id?: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id?: string };
}

/** What is stale about a request, or null when a listener answers it. */
function staleKind(body: InteractionBody): 'button' | 'form' | 'other' | null {
  switch (body.type) {
    // Slash commands carry no type; events are acknowledged by bolt itself.
    case undefined:
    case 'event_callback':
      return null;
    case 'block_actions':
      return body.actions?.[0]?.action_id?.startsWith(BUTTON_ACTION_PREFIX) ? null : 'button';
    case 'view_submission':
      return KNOWN_VIEWS.has(body.view?.callback_id ?? '') ? null : 'form';
    default:
      return 'other';
  }
}

export function registerStale(app: App, deps: SlackDeps): void {
  app.use(async (args) => {
    const body = args.body as InteractionBody;
    const kind = staleKind(body);
    if (kind === null) return args.next();
    const ack = (args as { ack?: AckFn<unknown> }).ack;
    // A closed modal stays closed (the whole stack: nothing in it can be submitted any more).
    if (ack) await ack(kind === 'form' ? { response_action: 'clear' } : undefined);
    deps.logger.info(
      { type: body.type, actionId: body.actions?.[0]?.action_id, callbackId: body.view?.callback_id },
      'stale slack interaction acknowledged',
    );
    const userId = body.user?.id;
    if (kind === 'other' || !userId) return;
    try {
      await tellExpired(deps, args.client, body, userId, kind);
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not tell a person their button or form expired');
    }
  });
}

async function tellExpired(
  deps: SlackDeps,
  client: webApi.WebClient,
  body: InteractionBody,
  userId: string,
  kind: 'button' | 'form',
): Promise<void> {
  const teamId = body.team?.id ?? body.user?.team_id ?? '';
  const actor = await findActor(deps.db, 'SLACK', externalIdOf(teamId, userId));
  // Where the button was (a DM or a channel the bot is in); from the Home tab or a modal, the DM.
  const channel = body.channel?.id ?? (await openDirectMessage(client, userId));
  await client.chat.postEphemeral({
    channel,
    user: userId,
    text: t(actor?.locale ?? DEFAULT_LOCALE, `slack:stale.${kind}`),
  });
}
