// Choosing the patents for a bulk self-assessment: by IPC subclass, or by hand.

import type { Button, OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say, shorten } from '../chat/context.ts';
import { refuse } from '../errors.ts';
import { bulkGroupAction, bulkPickAction, bulkStartAction } from './actions.ts';
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
      bulkGroupAction.to({ key: g.key }),
      {
        key: g.key,
        count: g.patentIds.length,
      },
    ),
  ]);
  rows.push([button(ctx, 'chat:bulk.pick_by_hand', bulkGroupAction.to({ key: MANUAL }))]);
  rows.push([menuButton(ctx)]);
  return [{ text: lines.join('\n'), buttons: rows, slot: 'menu' }];
}

export async function chooseBulkGroup(ctx: ChatContext, key: string): Promise<OutgoingMessage[]> {
  const candidates = await bulkCandidates(ctx.db, ctx.actor);
  if (key === MANUAL) {
    await ctx.conversation.set({ flow: 'bulk-pick', picked: [] });
    return pickList(ctx, candidates, []);
  }
  const group = groupBySubclass(candidates).find((g) => g.key === key);
  if (!group || group.patentIds.length < 2) return refuse('bulk_needs_two');
  return beginBulk(ctx, group!.patentIds);
}

/** The patents picked by hand so far; null when the person is not picking (a stale button). */
function pickedSoFar(ctx: ChatContext): string[] | null {
  const state = ctx.conversation.state;
  return state.flow === 'bulk-pick' ? state.picked : null;
}

export async function togglePick(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  // The patent is checked first: a forged pick of someone else's patent is refused, even outside picking.
  const candidates = await bulkCandidates(ctx.db, ctx.actor);
  if (!candidates.some((c) => c.id === patentId)) return refuse('not_your_patent', patentId);
  const before = pickedSoFar(ctx);
  if (!before) return showBulkGroups(ctx);
  const picked = before.includes(patentId) ? before.filter((id) => id !== patentId) : [...before, patentId];
  await ctx.conversation.set({ flow: 'bulk-pick', picked });
  return pickList(ctx, candidates, picked);
}

export async function startPicked(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const picked = pickedSoFar(ctx);
  return picked ? beginBulk(ctx, picked) : showBulkGroups(ctx);
}

function pickList(
  ctx: ChatContext,
  candidates: { id: string; title: string }[],
  picked: string[],
): OutgoingMessage[] {
  const rows: Button[][] = candidates.slice(0, 40).map((c) => [
    {
      label: `${picked.includes(c.id) ? '✅ ' : ''}${shorten(c.title, 28)}`,
      action: bulkPickAction.to({ patentId: c.id }),
    },
  ]);
  rows.push([
    button(ctx, 'chat:bulk.start_picked', bulkStartAction.to(), { count: picked.length }),
    menuButton(ctx),
  ]);
  return [{ text: say(ctx, 'chat:bulk.pick_intro', { count: picked.length }), buttons: rows, slot: 'menu' }];
}

async function beginBulk(ctx: ChatContext, patentIds: string[]): Promise<OutgoingMessage[]> {
  const response = await startBulk(ctx.db, ctx.actor, patentIds, ctx.clock.now());
  await ctx.conversation.set({ flow: 'bulk', responseId: response.id });
  return (await continueQuestionnaire(ctx, { type: 'start' })) ?? [];
}
