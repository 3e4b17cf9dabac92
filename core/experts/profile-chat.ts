// An expert's own profile in the chat (/profile, see routes.ts): the profile as it stands (name,
// title, affiliation as it reads, region, IPC fields, keywords) with a button per field; a button
// asks for that field, the next text is its new value, checked by the same validators as the
// command line and the import (experts.ts checkExpert, with their messages) and saved through
// editExpertProfile (authorized as one's own, audited, one transaction); then the profile again.
// A bad value is refused with the field's message and asked again; nothing is saved.
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { IDLE } from '../chat/conversation.ts';
import { Refusal } from '../errors.ts';
import { t } from '../i18n.ts';
import { expertEditAction, expertProfileAction } from './actions.ts';
import { isRegistered } from './affiliation.ts';
import type { ExpertProfileField } from './chat-state.ts';
import { type ExpertInput, type ExpertView, editExpertProfile, ownExpertProfile } from './experts.ts';
import { regionText, renderChanges } from './report.ts';

/** What a person types to clear a field (a name cannot be cleared: the validator says so). */
const CLEAR = /^[-－—]$/;

const list = (ctx: ChatContext, items: readonly string[]) =>
  items.length === 0 ? null : items.join(say(ctx, 'experts:list_separator'));

/** The field's current value as it reads, or null when empty. */
function current(ctx: ChatContext, expert: ExpertView, field: ExpertProfileField): string | null {
  switch (field) {
    case 'name':
      return expert.name;
    case 'title':
      return expert.title;
    case 'affiliation':
      return expert.affiliationLabel;
    case 'region':
      if (isRegistered(expert))
        return expert.province
          ? say(ctx, 'experts:profile.region_of_affiliation', {
              region: regionText(expert.province, ctx.locale),
            })
          : null;
      return expert.region ? regionText(expert.region, ctx.locale) : null;
    case 'ipc':
      return list(ctx, expert.ipcFields);
    case 'keywords':
      return list(ctx, expert.keywords);
  }
}

/** The fields an expert edits here: the region only for a free-text (or no) affiliation. */
const editable = (expert: ExpertView): ExpertProfileField[] => [
  'name',
  'title',
  'affiliation',
  ...(isRegistered(expert) ? [] : (['region'] as const)),
  'ipc',
  'keywords',
];

const notInDatabase = (ctx: ChatContext): OutgoingMessage[] => [
  { text: say(ctx, 'experts:profile.not_expert'), buttons: [[menuButton(ctx)]] },
];

function profileMessage(ctx: ChatContext, expert: ExpertView, heading: string | null): OutgoingMessage {
  const fields = ['name', 'title', 'affiliation', 'region', 'ipc', 'keywords'] as const;
  const lines = fields.map((field) =>
    say(ctx, `experts:profile.field.${field}`, {
      value: current(ctx, expert, field) ?? say(ctx, 'experts:profile.empty'),
    }),
  );
  const buttons = editable(expert).map((field) =>
    button(ctx, `experts:profile.edit.${field}`, expertEditAction.to({ field })),
  );
  const rows = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return {
    text: [
      ...(heading ? [heading, ''] : []),
      say(ctx, 'experts:profile.heading'),
      ...lines,
      '',
      say(ctx, 'experts:profile.hint'),
    ].join('\n'),
    buttons: [...rows, [menuButton(ctx)]],
  };
}

/** `/profile` for an expert, and the "show it again" button. */
export async function showExpertProfile(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const expert = await ownExpertProfile(ctx.db, ctx.actor.personId);
  if (!expert) return notInDatabase(ctx);
  if (ctx.conversation.state.flow === 'expert-profile') await ctx.conversation.set(IDLE);
  return [profileMessage(ctx, expert, null)];
}

function question(ctx: ChatContext, expert: ExpertView, field: ExpertProfileField): string {
  const value = current(ctx, expert, field);
  return [
    say(ctx, `experts:profile.ask.${field}`),
    say(ctx, 'experts:profile.current', { value: value ?? say(ctx, 'experts:profile.empty') }),
    ...(field === 'name' ? [] : [say(ctx, 'experts:profile.clear_hint')]),
  ].join('\n');
}

const cancelRow = (ctx: ChatContext) => [button(ctx, 'experts:profile.cancel', expertProfileAction.to())];

/** A field's button: the next text is its new value. */
export async function askExpertField(
  ctx: ChatContext,
  field: ExpertProfileField,
): Promise<OutgoingMessage[]> {
  const expert = await ownExpertProfile(ctx.db, ctx.actor.personId);
  if (!expert) return notInDatabase(ctx);
  // A stale button: the region follows a registered affiliation.
  if (!editable(expert).includes(field)) return [profileMessage(ctx, expert, null)];
  await ctx.conversation.set({ flow: 'expert-profile', field });
  return [{ text: question(ctx, expert, field), buttons: [cancelRow(ctx)] }];
}

const INPUT_KEY: Record<ExpertProfileField, keyof ExpertInput> = {
  name: 'name',
  title: 'title',
  affiliation: 'affiliation',
  region: 'region',
  ipc: 'ipc',
  keywords: 'keywords',
};

/** The text answering the field the conversation waits for. */
export async function saveExpertField(ctx: ChatContext, text: string): Promise<OutgoingMessage[]> {
  const state = ctx.conversation.state;
  if (state.flow !== 'expert-profile') return showExpertProfile(ctx);
  const expert = await ownExpertProfile(ctx.db, ctx.actor.personId);
  if (!expert?.email) {
    await ctx.conversation.set(IDLE);
    return notInDatabase(ctx);
  }
  const field = state.field;
  const typed = text.trim();
  const value = CLEAR.test(typed) ? (field === 'name' ? '' : null) : typed;
  const input: ExpertInput = { email: expert.email, [INPUT_KEY[field]]: value };
  let saved: Awaited<ReturnType<typeof editExpertProfile>>;
  try {
    saved = await editExpertProfile(ctx.db, ctx.actor, input, ctx.clock.now());
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    // The field's own message, and the same question again: nothing was saved.
    const reason = t(ctx.locale, error.reason.key, error.reason.params);
    return [{ text: `⚠ ${reason}\n\n${question(ctx, expert, field)}`, buttons: [cancelRow(ctx)] }];
  }
  await ctx.conversation.set(IDLE);
  ctx.logger.info(
    { expertId: saved.expert.id, changed: saved.changes.map((c) => c.field) },
    'expert profile saved',
  );
  const heading =
    saved.outcome === 'UPDATED'
      ? say(ctx, 'experts:profile.saved', { changes: renderChanges(saved.changes, ctx.locale) })
      : say(ctx, 'experts:profile.unchanged');
  return [profileMessage(ctx, saved.expert, heading)];
}
