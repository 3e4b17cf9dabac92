// The outbox for the person at the terminal. Without bot tokens no delivery worker runs, yet the demo's
// people are told things through the outbox like everyone else (a claim on their open licence, an
// expert's invitation, a screening outcome): this sends, at the terminal, what is due to the persona
// at the keyboard, through the same sender the workers use (send policy, renderers, final states).
// Messages for the other personas wait until one of them sits down at the terminal.
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/database.ts';
import { sendDeliveries } from '../../core/delivery/send-delivery.ts';
import { DELIVERY_RENDERERS } from '../../core/delivery-kinds.ts';
import type { TerminalChannel } from './terminal-channel.ts';

/** Rows sent per look: a demo's backlog is small, and the screen should not scroll past the prompt. */
const BATCH = 10;

export interface TerminalOutboxOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  channel: TerminalChannel;
  /** The persona at the keyboard (their TERMINAL identity's external id). */
  persona: string;
}

/** Sends what is due to the persona now; returns how many rows it settled. */
export async function deliverDueAtTerminal(options: TerminalOutboxOptions): Promise<number> {
  const { db, clock, persona } = options;
  const due = await db.delivery.findMany({
    where: {
      channel: 'TERMINAL',
      status: 'PENDING',
      notBefore: { lte: clock.now() },
      person: { identities: { some: { channel: 'TERMINAL', externalId: persona } } },
    },
    orderBy: [{ notBefore: 'asc' }, { createdAt: 'asc' }],
    select: { id: true },
    take: BATCH,
  });
  if (due.length === 0) return 0;
  const results = await sendDeliveries(
    { db, ports: { TERMINAL: options.channel }, renderers: DELIVERY_RENDERERS, clock },
    due.map((d) => d.id),
  );
  return results.size;
}

/**
 * Looks for due messages every `everyMs` until stopped; a look that fails is logged and the
 * next one tries again (the chat goes on either way).
 */
export function watchTerminalOutbox(options: TerminalOutboxOptions, everyMs = 2000): () => void {
  let busy = false;
  const look = async () => {
    if (busy) return;
    busy = true;
    try {
      while ((await deliverDueAtTerminal(options)) === BATCH) {}
    } catch (error) {
      options.logger.warn({ err: error, persona: options.persona }, 'terminal outbox look failed');
    } finally {
      busy = false;
    }
  };
  // The first look after `everyMs`: the greeting and the menu come first, the news under them.
  const timer = setInterval(look, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
