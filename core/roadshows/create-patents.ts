// Picking the featured patents: the institution's patents in the resource pool, ticked with buttons;
// when there are many, what the coordinator types narrows the list (part of a title or an IPC).

import type { Button, OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, say, shorten } from '../chat/context.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { roadshowPickAction, roadshowStepAction } from './actions.ts';
import type { RoadshowDraft } from './create-draft.ts';

/** Buttons per screen: more would not fit a phone; typing narrows the rest. */
const SHOWN = 8;
export const MAX_FEATURED = 50;

export interface PoolPatent {
  id: string;
  title: string;
  ipcCodes: string[];
}

export function poolPatents(db: Db, institutionId: string): Promise<PoolPatent[]> {
  return db.patent.findMany({
    where: { institutionId, inventoryStatus: 'IN_POOL' },
    select: { id: true, title: true, ipcCodes: true },
    orderBy: { applicationNumber: 'asc' },
  });
}

export function matchesFilter(patent: PoolPatent, filter: string): boolean {
  const typed = filter.normalize('NFKC').trim().toLowerCase();
  if (typed === '') return true;
  const compact = typed.replace(/\s+/g, '');
  return (
    patent.title.toLowerCase().includes(typed) ||
    patent.ipcCodes.some((code) => code.toLowerCase().replace(/\s+/g, '').startsWith(compact))
  );
}

/** Ticks or unticks a patent; only the draft institution's pooled patents can be featured. */
export async function togglePatent(db: Db, draft: RoadshowDraft, patentId: string): Promise<RoadshowDraft> {
  if (draft.patentIds.includes(patentId))
    return { ...draft, patentIds: draft.patentIds.filter((id) => id !== patentId) };
  const pooled = await db.patent.count({
    where: { id: patentId, institutionId: draft.institutionId, inventoryStatus: 'IN_POOL' },
  });
  if (pooled !== 1) throw new Refusal({ key: 'roadshow:refusal.foreign_patent' }, `patent ${patentId}`);
  if (draft.patentIds.length >= MAX_FEATURED)
    throw new Refusal({ key: 'roadshow:create.error.too_many_patents', params: { max: MAX_FEATURED } });
  return { ...draft, patentIds: [...draft.patentIds, patentId] };
}

export async function pickMessage(ctx: ChatContext, draft: RoadshowDraft): Promise<OutgoingMessage> {
  const pool = await poolPatents(ctx.db, draft.institutionId);
  const matching = pool.filter((p) => matchesFilter(p, draft.filter));
  const shown = matching.slice(0, SHOWN);
  const picked = pool.filter((p) => draft.patentIds.includes(p.id));
  const lines = [
    say(ctx, 'roadshow:create.patents.heading', { picked: picked.length, pool: pool.length }),
    say(ctx, 'roadshow:create.patents.hint'),
  ];
  if (draft.filter) lines.push(say(ctx, 'roadshow:create.patents.filter', { filter: draft.filter }));
  if (matching.length === 0) lines.push(say(ctx, 'roadshow:create.patents.none_match'));
  shown.forEach((p, i) => {
    lines.push(`${i + 1}. ${p.title}${p.ipcCodes[0] ? ` (${p.ipcCodes[0]})` : ''}`);
  });
  if (matching.length > shown.length)
    lines.push(say(ctx, 'roadshow:create.patents.more', { count: matching.length - shown.length }));
  const hidden = picked.filter((p) => !shown.includes(p));
  if (hidden.length > 0)
    lines.push(
      say(ctx, 'roadshow:create.patents.picked_elsewhere', { titles: hidden.map((p) => p.title).join('；') }),
    );
  const toggles: Button[][] = shown.map((p, i) => [
    {
      label: `${draft.patentIds.includes(p.id) ? '✅' : '⬜'} ${i + 1}. ${shorten(p.title, 24)}`,
      action: roadshowPickAction.to({ patentId: p.id }),
    },
  ]);
  const controls: Button[] = [
    button(ctx, 'roadshow:create.patents.done', roadshowStepAction.to({ step: 'patentsDone' })),
    ...(draft.filter
      ? [button(ctx, 'roadshow:create.patents.clear', roadshowStepAction.to({ step: 'clearFilter' }))]
      : []),
    button(ctx, 'roadshow:create.cancel', roadshowStepAction.to({ step: 'cancel' })),
  ];
  return { text: lines.join('\n'), buttons: [...toggles, controls], slot: 'question', expects: 'text' };
}
