// Choosing the patents for a bulk self-assessment: by IPC subclass, or by hand.

import type { OutgoingMessage } from '../channel/messages.ts';
import { encodeAction } from '../chat/actions.ts';
import { button, type ChatContext, menuButton, say, shorten } from '../chat/context.ts';
import { type ConversationState, saveConversation } from '../chat/conversation.ts';
import { refuse } from '../errors.ts';
import { bulkCandidates, groupBySubclass, startBulk } from './bulk.ts';
import { continueQuestionnaire } from './chat.ts';

const MANUAL = 'manual';

export async function showBulkGroups(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const candidates = await bulkCandidates(ctx.db, ctx.actor);
  if (candidates.length < 2) return [{ text: say(ctx, 'chat:bulk.too_few'), buttons: [[menuButton(ctx)]] }];
  const groups = groupBySubclass(candidates).filter((g) => g.patentIds.length >= 2);
  const lines = [say(ctx, 'chat:bulk.intro', { count: candidates.length })];
  const rows = groups.map((g) => [
    button(
      ctx,
      g.key === 'DESIGN' ? 'chat:bulk.group_design' : 'chat:bulk.group',
      { type: 'bulkGroup', key: g.key },
      {
        key: g.key,
        count: g.patentIds.length,
      },
    ),
  ]);
  rows.push([button(ctx, 'chat:bulk.pick_by_hand', { type: 'bulkGroup', key: MANUAL })]);
  rows.push([menuButton(ctx)]);
  return [{ text: lines.join('\n'), buttons: rows, slot: 'menu' }];
}

export async function chooseBulkGroup(ctx: ChatContext, key: string): Promise<OutgoingMessage[]> {
  const candidates = await bulkCandidates(ctx.db, ctx.actor);
  if (key === MANUAL) {
    const state: ConversationState = { flow: 'bulk-pick', subjectId: null, data: { picked: [] } };
    await saveConversation(ctx.db, ctx.actor.personId, ctx.channel, state);
    return pickList(ctx, candidates, []);
  }
  const group = groupBySubclass(candidates).find((g) => g.key === key);
  if (!group || group.patentIds.length < 2) return refuse('bulk_needs_two');
  return beginBulk(ctx, group!.patentIds);
}

export async function togglePick(ctx: ChatContext, conversation: ConversationState, patentId: string) {
  const candidates = await bulkCandidates(ctx.db, ctx.actor);
  if (!candidates.some((c) => c.id === patentId)) return refuse('not_your_patent', patentId);
  const picked = conversation.data.picked.includes(patentId)
    ? conversation.data.picked.filter((id) => id !== patentId)
    : [...conversation.data.picked, patentId];
  await saveConversation(ctx.db, ctx.actor.personId, ctx.channel, {
    flow: 'bulk-pick',
    subjectId: null,
    data: { picked },
  });
  return pickList(ctx, candidates, picked);
}

export async function startPicked(ctx: ChatContext, conversation: ConversationState) {
  return beginBulk(ctx, conversation.data.picked);
}

function pickList(
  ctx: ChatContext,
  candidates: { id: string; title: string }[],
  picked: string[],
): OutgoingMessage[] {
  const rows = candidates.slice(0, 40).map((c) => [
    {
      label: `${picked.includes(c.id) ? '✅ ' : ''}${shorten(c.title, 28)}`,
      action: encodeAction({ type: 'bulkPick', patentId: c.id }),
    },
  ]);
  rows.push([
    button(ctx, 'chat:bulk.start_picked', { type: 'bulkStart' }, { count: picked.length }),
    menuButton(ctx),
  ]);
  return [{ text: say(ctx, 'chat:bulk.pick_intro', { count: picked.length }), buttons: rows, slot: 'menu' }];
}

async function beginBulk(ctx: ChatContext, patentIds: string[]): Promise<OutgoingMessage[]> {
  const response = await startBulk(ctx.db, ctx.actor, patentIds, ctx.clock.now());
  const state: ConversationState = { flow: 'bulk', subjectId: response.id, data: { picked: [] } };
  await saveConversation(ctx.db, ctx.actor.personId, ctx.channel, state);
  return (await continueQuestionnaire(ctx, { type: 'start' }, state)) ?? [];
}
