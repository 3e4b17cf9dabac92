// One page of a patent list (an inventor's own patents, an enterprise's recommendations): numbered
// entries, a button per patent, previous / next and the menu.
import type { Button, OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say, shorten } from '../chat/context.ts';
import { patentAction, patentsAction } from './actions.ts';

export const PATENT_PAGE_SIZE = 8;

export interface PatentListEntry {
  patent: { id: string; title: string; applicationNumber: string };
  /** After the application number, on its line (" · 待填写"). */
  suffix?: string;
  /** Lines under the entry (why it was matched), already localized. */
  lines?: string[];
  /** Marks a pushed match. */
  starred?: boolean;
}

/** `page` clamped to the pages `total` entries make. */
export function clampPage(page: number, total: number): { current: number; pages: number } {
  const pages = Math.max(1, Math.ceil(total / PATENT_PAGE_SIZE));
  return { current: Math.min(Math.max(page, 0), pages - 1), pages };
}

export function patentListPage(
  ctx: ChatContext,
  title: string,
  entries: PatentListEntry[],
  { current, pages }: { current: number; pages: number },
): OutgoingMessage[] {
  const lines = [title];
  entries.forEach(({ patent, suffix, lines: extra, starred }, i) => {
    const n = current * PATENT_PAGE_SIZE + i + 1;
    lines.push(`${n}. ${starred ? '⭐ ' : ''}${patent.title}\n   ${patent.applicationNumber}${suffix ?? ''}`);
    for (const line of extra ?? []) lines.push(`   ${line}`);
  });
  const rows: Button[][] = entries.map(({ patent }, i) => [
    {
      label: `${current * PATENT_PAGE_SIZE + i + 1}. ${shorten(patent.title, 24)}`,
      action: patentAction.to({ patentId: patent.id }),
    },
  ]);
  const nav = [];
  if (current > 0) nav.push(button(ctx, 'chat:patents.previous', patentsAction.to({ page: current - 1 })));
  if (current < pages - 1)
    nav.push(button(ctx, 'chat:patents.next', patentsAction.to({ page: current + 1 })));
  nav.push(menuButton(ctx));
  rows.push(nav);
  if (pages > 1) lines.push(say(ctx, 'chat:patents.page', { page: current + 1, pages }));
  return [{ text: lines.join('\n'), buttons: rows, slot: 'menu' }];
}
