// /deadletters for administrators: the open dead letters with whom each was for, where, what about
// and whether it may have arrived, each with a button to retry it and one to close it, and one to
// retry all. The same list as `npm run jobs:dead -- list`; every press is authorized and audited
// (dead-letters.ts).
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { type Locale, t } from '../i18n.ts';
import { authorize } from '../people/authorize.ts';
import {
  deadLetterResolveAction,
  deadLetterRetryAction,
  deadLettersAction,
  deadLettersRetryAllAction,
} from './actions.ts';
import {
  countDeadLetters,
  type DeadLetter,
  listDeadLetters,
  resolveDeadLetter,
  retryAllDeadLetters,
  retryDeadLetter,
} from './dead-letters.ts';

/** Few enough for one message with two buttons each. */
const SHOWN = 8;

/** The parts of a dead letter every surface shows (chat, jobs:status, jobs:dead), in a language. */
export function deadLetterParams(locale: Locale, letter: DeadLetter) {
  return {
    person: letter.personName,
    channel: letter.channel,
    chat: letter.chat ?? t(locale, 'delivery:dead.no_chat'),
    kind: letter.kind,
    subject: letter.subject ?? t(locale, 'delivery:dead.no_subject'),
    arrival: t(locale, letter.mayHaveArrived ? 'delivery:dead.arrival_maybe' : 'delivery:dead.arrival_no'),
    reason: letter.reason ?? t(locale, 'delivery:dead.no_reason'),
  };
}

export async function showDeadLetters(ctx: ChatContext, notice?: string): Promise<OutgoingMessage[]> {
  authorize(ctx.actor, 'delivery.administer');
  const [count, letters] = await Promise.all([
    countDeadLetters(ctx.db),
    listDeadLetters(ctx.db, { take: SHOWN }),
  ]);
  const lines = notice ? [notice] : [];
  if (count === 0) {
    lines.push(say(ctx, 'delivery:dead.none'));
    return [{ text: lines.join('\n\n'), buttons: [[menuButton(ctx)]], slot: 'menu' }];
  }
  lines.push(
    count > letters.length
      ? say(ctx, 'delivery:dead.heading_more', { count, shown: letters.length })
      : say(ctx, 'delivery:dead.heading', { count }),
  );
  letters.forEach((letter, i) => {
    lines.push(say(ctx, 'delivery:dead.line', { n: i + 1, ...deadLetterParams(ctx.locale, letter) }));
  });
  const rows = letters.map((letter, i) => [
    button(ctx, 'delivery:dead.retry', deadLetterRetryAction.to({ deliveryId: letter.id }), { n: i + 1 }),
    button(ctx, 'delivery:dead.resolve', deadLetterResolveAction.to({ deliveryId: letter.id }), { n: i + 1 }),
  ]);
  rows.push([
    button(ctx, 'delivery:dead.retry_all', deadLettersRetryAllAction.to()),
    button(ctx, 'delivery:dead.refresh', deadLettersAction.to()),
  ]);
  rows.push([menuButton(ctx)]);
  return [{ text: lines.join('\n\n'), buttons: rows, slot: 'menu' }];
}

export async function retryFromChat(ctx: ChatContext, deliveryId: string): Promise<OutgoingMessage[]> {
  const done = await retryDeadLetter(ctx.db, ctx.actor, deliveryId, ctx.clock.now());
  return showDeadLetters(
    ctx,
    done ? say(ctx, 'delivery:dead.retried', { count: 1 }) : say(ctx, 'delivery:dead.gone'),
  );
}

export async function retryAllFromChat(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const count = await retryAllDeadLetters(ctx.db, ctx.actor, ctx.clock.now());
  return showDeadLetters(ctx, say(ctx, 'delivery:dead.retried', { count }));
}

export async function resolveFromChat(ctx: ChatContext, deliveryId: string): Promise<OutgoingMessage[]> {
  const done = await resolveDeadLetter(ctx.db, ctx.actor, deliveryId, ctx.clock.now());
  return showDeadLetters(ctx, say(ctx, done ? 'delivery:dead.resolved' : 'delivery:dead.gone'));
}
