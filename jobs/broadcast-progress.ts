// Keeps each coordinator's broadcast progress message up to date: every few seconds (a schedule in
// schedulers.ts) the message is re-rendered from the outbox counts and edited in place; once every
// invitation is in the outbox and none remains to send, it gets its final edit and the roadshow stops
// being followed. An edit waits for its slot of the bot's rate (`edit` tier: Telegram counts edits with
// the messages, Slack limits chat.update apart) and for the chat's one-a-second spacing.
import type { Logger } from 'pino';
import { ChannelPermanentFailure, ChannelRateLimited } from '../core/channel/errors.ts';
import type { ChannelName, ChannelPort } from '../core/channel/messages.ts';
import type { Db } from '../core/db/database.ts';
import { toLocale } from '../core/i18n.ts';
import { finishBroadcast, openBroadcasts, progressMessages } from '../core/roadshows/broadcast-progress.ts';
import { broadcastProgress, roadshowProgressMessage } from '../core/roadshows/progress-message.ts';
import type { SendRateLimiter } from './rate-limiter.ts';

export interface BroadcastProgressDeps {
  db: Db;
  ports: Partial<Record<ChannelName, ChannelPort>>;
  logger: Logger;
  /**
   * Text last shown per progress delivery, so that an unchanged count costs no API call. Per
   * process: another worker that has not seen it edits once more, which platforms accept.
   */
  lastShown?: Map<string, string>;
  /** The channels' send rates, shared with the delivery workers; none: edits are not limited here. */
  limiter?: SendRateLimiter;
  now: Date;
}

export interface BroadcastProgressRun {
  edited: number;
  finished: number;
}

export async function refreshBroadcastProgress(deps: BroadcastProgressDeps): Promise<BroadcastProgressRun> {
  const { db } = deps;
  const log = deps.logger.child({ component: 'broadcast-progress' });
  const run: BroadcastProgressRun = { edited: 0, finished: 0 };
  for (const { id, title } of await openBroadcasts(db)) {
    const progress = await broadcastProgress(db, id);
    let settled = progress.finished;
    const deliveries = await progressMessages(db, id);
    for (const delivery of deliveries) {
      // The first send renders the latest counts itself; the final edit waits for it.
      if (delivery.status === 'PENDING' || delivery.status === 'SENDING') settled = false;
      if (delivery.status !== 'SENT' || !delivery.providerMessageId) continue;
      const port = deps.ports[delivery.channel];
      if (!port) {
        // Another process runs this channel; it will make the final edit.
        settled = false;
        continue;
      }
      if (!port.edit) continue;
      const message = roadshowProgressMessage(toLocale(delivery.person.locale), title, progress);
      if (deps.lastShown?.get(delivery.id) === message.text) continue;
      const identity = delivery.person.identities.find((i) => i.channel === delivery.channel);
      if (!identity) continue;
      // One message a second into a chat, edits included: the message was just sent, or edited by
      // another run, so this edit waits for the next run.
      const chat = identity.address ?? identity.externalId;
      const [chatBusy = 0] = (await deps.limiter?.takeChats(delivery.channel, [chat])) ?? [];
      if (chatBusy > 0) {
        settled = false;
        continue;
      }
      try {
        // The bot's rate: the chat stays taken until a second after the edit, not after the take.
        const [waitMs = 0] = (await deps.limiter?.reserve(delivery.channel, 'edit', 1)) ?? [];
        await deps.limiter?.holdChats(delivery.channel, [chat], [waitMs]);
        if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
        await port.edit(
          { channel: delivery.channel, userId: identity.externalId, address: identity.address },
          delivery.providerMessageId,
          message,
        );
        await deps.limiter?.holdChats(delivery.channel, [chat], [0]);
        deps.lastShown?.set(delivery.id, message.text);
        run.edited += 1;
      } catch (error) {
        log.warn({ err: error, roadshowId: id, deliveryId: delivery.id }, 'progress edit failed');
        // The message is gone (deleted by its reader) or can no longer be edited: nothing to wait for.
        if (error instanceof ChannelPermanentFailure) continue;
        // A rate limit or a network error: the next run tries again, with fresher counts.
        settled = false;
        if (error instanceof ChannelRateLimited)
          await deps.limiter?.pause(delivery.channel, error.retryAfterMs, 'edit');
      }
    }
    if (settled && (await finishBroadcast(db, id, deps.now))) {
      run.finished += 1;
      for (const delivery of deliveries) deps.lastShown?.delete(delivery.id);
      log.info({ roadshowId: id, ...progress }, 'roadshow broadcast finished');
    }
  }
  return run;
}
