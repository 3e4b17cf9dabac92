// Telegram as a ChannelPort: proactive messages from the job layer (reminders, digests, pushes).
// They go to the person's private chat (ChannelIdentity.address), never to a group; a proactive
// message for a slot is sent anew (the person is not looking at the old one) and becomes the slot's
// message, so that a later tap on it edits in place.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from 'pino';
import { Telegram, TelegramError } from 'telegraf';
import {
  ChannelOutcomeUnknown,
  ChannelPermanentFailure,
  ChannelRateLimited,
} from '../../core/channel/errors.ts';
import type { ChannelPort, OutgoingMessage, RecipientAddress } from '../../core/channel/messages.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/database.ts';
import { renderMessage } from './render.ts';
import { type Delivery, deliver } from './send.ts';
import { createSlotStore, type SlotStore } from './slots.ts';

export class TelegramChannel implements ChannelPort {
  readonly channel = 'TELEGRAM' as const;
  private readonly slots: SlotStore;
  /** The port's own client: the bot's settings, never answering through a webhook reply. */
  private readonly telegram: Telegram;

  constructor(
    telegram: Telegram,
    db: Db,
    private readonly logger: Logger,
    clock: Clock,
  ) {
    this.slots = createSlotStore(db, clock);
    this.telegram = directClient(telegram);
  }

  async send(
    to: RecipientAddress,
    message: OutgoingMessage,
    options: { paidBroadcast?: boolean } = {},
  ): Promise<{ messageId: string }> {
    if (to.channel !== 'TELEGRAM') throw new Error(`the Telegram channel cannot send to ${to.channel}`);
    const chatId = Number(to.address ?? to.userId);
    // Private chats have the (positive) user id; groups and channels have negative ids.
    if (!Number.isSafeInteger(chatId) || chatId <= 0) {
      throw new ChannelPermanentFailure('proactive Telegram messages go to private chats only');
    }
    // Nothing between the delivery's claim and the request: a crash in that gap would leave a
    // message that never left looking like one that may have arrived. A proactive message never
    // edits an earlier one, so the person's slots are only needed afterwards, to record it.
    let delivery: Delivery;
    try {
      delivery = await deliver(
        this.telegram,
        { chatId, chatIsPrivate: true },
        [message],
        {},
        this.logger.child({ channel: 'TELEGRAM', chatId }),
        // the job layer waits out rate limits itself, without holding a worker
        { retryRateLimited: false, ...(options.paidBroadcast ? { paidBroadcast: true } : {}) },
      );
    } catch (error) {
      throw toChannelError(error);
    }
    if (delivery.slotsChanged) {
      const known = await this.slots.loadFor(to.userId);
      if (known) await this.slots.save(known.personId, { ...known.slots, ...delivery.slots });
    }
    const last = delivery.messageIds.at(-1);
    if (last === undefined) throw new Error('nothing was sent');
    return { messageId: String(last) };
  }

  /** Replaces a message sent earlier (its first part, for a text long enough to be split). */
  async edit(to: RecipientAddress, messageId: string, message: OutgoingMessage): Promise<void> {
    if (to.channel !== 'TELEGRAM') throw new Error(`the Telegram channel cannot edit on ${to.channel}`);
    const chatId = Number(to.address ?? to.userId);
    const id = Number(messageId);
    if (!Number.isSafeInteger(chatId) || chatId <= 0 || !Number.isSafeInteger(id)) {
      throw new ChannelPermanentFailure(`not an editable Telegram message: ${chatId}/${messageId}`);
    }
    const [part] = renderMessage(message);
    if (!part) return;
    try {
      await this.telegram.editMessageText(chatId, id, undefined, part.text, {
        ...(part.reply_markup ? { reply_markup: part.reply_markup } : {}),
        link_preview_options: { is_disabled: true },
      });
    } catch (error) {
      // The same text again: the message already shows it.
      if (error instanceof TelegramError && NOT_MODIFIED.test(error.description)) return;
      throw toChannelError(error);
    }
  }
}

/**
 * A client of its own for the job layer, from the bot's token and settings:
 * - connections kept open between requests. telegraf keeps them to api.telegram.org, but drops any
 *   agent for an http:// API root (a local Bot API server, the test stand-in), and node-fetch then
 *   closes the connection after every request: a broadcast would open one per message;
 * - the text methods a broadcast calls thousands of times a second (sendMessage, editMessageText)
 *   posted directly as JSON over that connection, answered and failed exactly as telegraf does
 *   (TelegramError with Telegram's answer); node-fetch's per-request work cost more than the rest of
 *   a send. Anything else (files) goes through telegraf.
 */
function directClient(shared: Telegram): Telegram {
  const { token, options } = shared as unknown as {
    token: string;
    options: { apiRoot: string; apiMode?: string; testEnv?: boolean; agent?: HttpAgent };
  };
  // As many connections as a paid broadcast (1 000/s) keeps busy, all of them kept when idle.
  const pool = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 256, maxFreeSockets: 256 };
  const agent =
    options.agent ?? (options.apiRoot.startsWith('https:') ? new HttpsAgent(pool) : new HttpAgent(pool));
  const telegram = new Telegram(token, { ...(options as object), agent, webhookReply: false });
  const viaTelegraf = telegram.callApi.bind(telegram);
  const base = `${options.apiRoot.replace(/\/$/, '')}/${options.apiMode ?? 'bot'}${token}${options.testEnv ? '/test' : ''}/`;
  telegram.callApi = ((method: string, payload: object, extra?: object) =>
    DIRECT_METHODS.has(method)
      ? post(base, method, payload, agent)
      : viaTelegraf(method as never, payload as never, extra as never)) as typeof telegram.callApi;
  return telegram;
}

const DIRECT_METHODS = new Set(['sendMessage', 'editMessageText']);
/** No answer for this long: the request may have been read (outcome unknown). */
const REQUEST_TIMEOUT_MS = 60_000;

/** Parsed once per method and API root: a broadcast posts thousands of times to the same two. */
const urls = new Map<string, URL>();

function post(base: string, method: string, payload: object, agent: HttpAgent): Promise<unknown> {
  const href = `${base}${method}`;
  let url = urls.get(href);
  if (!url) {
    url = new URL(href);
    urls.set(href, url);
  }
  const body = JSON.stringify(payload);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 500) {
            reject(
              new TelegramError(
                { error_code: status, description: res.statusMessage ?? '' },
                { method, payload },
              ),
            );
            return;
          }
          try {
            const data = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (data.ok) resolve(data.result);
            else reject(new TelegramError(data, { method, payload }));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('no answer from Telegram'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end(body);
  });
}

const NOT_MODIFIED = /message is not modified/i;
/** Network errors raised before a request could reach Telegram. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Telegram's errors in the delivery layer's terms: 429 → wait and retry; blocked, deactivated,
 * chat not found, or a message Telegram rejects as malformed → retrying cannot help; anything else
 * (network, 5xx) → as is, retried later.
 */
export function toChannelError(error: unknown): unknown {
  if (!(error instanceof TelegramError)) {
    // A system error after the connection was made (reset, timeout): the request may have been
    // read. Only failures to connect at all prove the message was not sent.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && !NOT_CONNECTED.has(code)) {
      return new ChannelOutcomeUnknown(`telegram: ${code} during the request`);
    }
    return error;
  }
  if (error.code === 429) {
    return new ChannelRateLimited((error.parameters?.retry_after ?? 1) * 1000, error.description);
  }
  if (error.code === 403 || error.code === 400) return new ChannelPermanentFailure(error.description);
  return error;
}
