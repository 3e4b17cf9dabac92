// A local stand-in for the Telegram Bot API, for tests and the benchmark: telegraf runs unmodified and
// talks HTTP to this server (its `apiRoot`), which answers `{ ok: true, result }` like Telegram does
// and records every call (method + JSON body). It keeps the messages it "sent" so that edits behave
// as on Telegram: editing an unknown message fails, editing to the same content is "not modified".
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UserFromGetMe } from 'telegraf/types';

export interface RecordedCall {
  method: string;
  // biome-ignore lint/suspicious/noExplicitAny: Bot API payloads are checked field by field in tests
  body: Record<string, any>;
  /** What the stand-in answered (e.g. the sent message, with its message_id); absent on errors. */
  // biome-ignore lint/suspicious/noExplicitAny: as body
  result?: any;
}

export interface StandInError {
  error_code: number;
  description: string;
  parameters?: Record<string, unknown>;
}

interface StoredMessage {
  chatId: number;
  text: string;
  markup: string;
}

export interface TelegramBotApiStandIn {
  /** e.g. http://127.0.0.1:41234 — give it to telegraf as `telegram.apiRoot`. */
  readonly url: string;
  readonly calls: RecordedCall[];
  /** Calls of one method, in order. */
  callsOf(method: string): RecordedCall[];
  /** Calls per method, counted even when not recording. */
  readonly counts: Map<string, number>;
  /** The id of the latest message sent to a chat. */
  lastMessageTo(chatId: number): number | undefined;
  /** Messages sent or edited into a chat (sendMessage and editMessageText bodies), in order. */
  outputTo(chatId: number): RecordedCall[];
  /** The next call of `method` fails with this Telegram error (once per registration). */
  failNext(method: string, error: StandInError): void;
  /**
   * The next call of `method` takes effect on receipt, as on Telegram (the message is delivered),
   * but is answered only on `release()`: a request in flight when its sender dies.
   */
  holdNext(method: string): { arrived: Promise<RecordedCall>; release(): void };
  /**
   * The next call of `method` takes effect on receipt, then the connection breaks before the
   * answer: the sender cannot know whether the message arrived.
   */
  dropNext(method: string): void;
  /** Messages delivered per chat (sendMessage, sendDocument), counted even when not recording. */
  readonly delivered: Map<number, number>;
  /** Requests refused with 429 by the `rateLimit` option. */
  rateLimitedCount(): number;
  /** Messages delivered with allow_paid_broadcast (each costs Stars on Telegram). */
  paidCount(): number;
  /** Forgets a message, as when the person deleted it: editing it then fails like on Telegram. */
  forgetMessage(messageId: number): void;
  /** A file the bot can fetch with getFile + /file/bot<token>/<path>. */
  addFile(fileId: string, content: Buffer | string, filePath?: string): void;
  /** Queues updates for getUpdates (long polling). */
  pushUpdates(...updates: object[]): void;
  reset(): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  botInfo?: UserFromGetMe;
  /** Do not record calls (the benchmark: memory stays flat). */
  record?: boolean;
  /**
   * Telegram's limits on sending methods: a token bucket of `perSecond` messages overall and at most
   * `perChatPerSecond` into one chat; beyond them a 429 with retry_after, as Telegram answers.
   * Messages sent with allow_paid_broadcast count against `paidPerSecond` instead (Telegram's paid
   * broadcast: up to 1 000/s).
   */
  rateLimit?: { perSecond: number; perChatPerSecond?: number; paidPerSecond?: number };
}

export const STAND_IN_BOT_INFO: UserFromGetMe = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'Revive',
  username: 'revive_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

export async function startTelegramBotApi(options: StandInOptions = {}): Promise<TelegramBotApiStandIn> {
  const record = options.record ?? true;
  const botInfo = options.botInfo ?? STAND_IN_BOT_INFO;
  const calls: RecordedCall[] = [];
  const failures = new Map<string, StandInError[]>();
  const messages = new Map<number, StoredMessage>();
  const counts = new Map<string, number>();
  const lastByChat = new Map<number, number>();
  const files = new Map<string, { path: string; content: Buffer }>();
  const pending: object[] = [];
  const waiters = new Set<() => void>();
  const delivered = new Map<number, number>();
  const holds = new Map<string, { arrive: (call: RecordedCall) => void; released: Promise<void> }[]>();
  const releases = new Set<() => void>();
  const drops = new Map<string, number>();
  let nextMessageId = 1;
  const limiter = options.rateLimit ? rateLimiter(options.rateLimit) : null;
  let rateLimited = 0;
  let paidDelivered = 0;

  const message = (id: number, chatId: number, text: string, markup?: unknown) => ({
    message_id: id,
    date: Math.floor(Date.now() / 1000),
    chat:
      chatId > 0
        ? { id: chatId, type: 'private', first_name: 'User' }
        : { id: chatId, type: 'group', title: 'Group' },
    from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
    text,
    ...(markup ? { reply_markup: markup } : {}),
  });

  // biome-ignore lint/suspicious/noExplicitAny: see RecordedCall
  async function answer(method: string, body: Record<string, any>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return botInfo;
      case 'sendMessage': {
        const id = nextMessageId++;
        const chatId = Number(body.chat_id);
        messages.set(id, { chatId, text: body.text, markup: JSON.stringify(body.reply_markup ?? null) });
        lastByChat.set(chatId, id);
        delivered.set(chatId, (delivered.get(chatId) ?? 0) + 1);
        return message(id, chatId, body.text, body.reply_markup);
      }
      case 'editMessageText': {
        const id = Number(body.message_id);
        const stored = messages.get(id);
        if (!stored || stored.chatId !== Number(body.chat_id)) {
          throw { error_code: 400, description: 'Bad Request: message to edit not found' };
        }
        const markup = JSON.stringify(body.reply_markup ?? null);
        if (stored.text === body.text && stored.markup === markup) {
          throw {
            error_code: 400,
            description:
              'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
          };
        }
        messages.set(id, { chatId: stored.chatId, text: body.text, markup });
        return message(id, stored.chatId, body.text, body.reply_markup);
      }
      case 'sendPhoto': // a chart (OutgoingMessage.image), delivered like a document
      case 'sendDocument': {
        const id = nextMessageId++;
        const chatId = Number(body.chat_id);
        lastByChat.set(chatId, id);
        delivered.set(chatId, (delivered.get(chatId) ?? 0) + 1);
        return {
          ...message(id, chatId, body.caption ?? ''),
          document: { file_name: body.document?.fileName },
        };
      }
      case 'getFile': {
        const file = files.get(String(body.file_id));
        if (!file) throw { error_code: 400, description: 'Bad Request: invalid file_id' };
        return {
          file_id: body.file_id,
          file_unique_id: body.file_id,
          file_size: file.content.length,
          file_path: file.path,
        };
      }
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        const timeout = Math.min(Number(body.timeout ?? 0), 5);
        const ready = () => pending.filter((u) => (u as { update_id: number }).update_id >= offset);
        // Confirmed updates (below the offset) are gone for good, as on Telegram.
        for (let i = pending.length - 1; i >= 0; i--) {
          if ((pending[i] as { update_id: number }).update_id < offset) pending.splice(i, 1);
        }
        if (ready().length === 0 && timeout > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, timeout * 1000);
            function done() {
              clearTimeout(timer);
              waiters.delete(done);
              resolve();
            }
            waiters.add(done);
          });
        }
        return ready().slice(0, Number(body.limit ?? 100));
      }
      default:
        // answerCallbackQuery, setMyCommands, setWebhook, deleteWebhook, sendChatAction …
        return true;
    }
  }

  /** JSON bodies, and multipart ones (uploads: sendDocument) with files as { fileName, content }. */
  async function parseBody(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://stand-in/', {
        method: 'POST',
        headers: { 'content-type': type },
        body: raw,
      }).formData();
      const body: Record<string, unknown> = {};
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') {
          // telegraf sends nested values (reply_markup) as JSON strings in multipart bodies
          body[key] = /^[[{]/.test(value) ? JSON.parse(value) : value === 'true' ? true : value;
        } else {
          body[key] = {
            fileName: value.name,
            content: Buffer.from(await value.arrayBuffer()).toString('utf8'),
          };
        }
      }
      return body;
    }
    return raw.length > 0 ? JSON.parse(raw.toString('utf8')) : Object.fromEntries(url.searchParams);
  }

  function reply(res: ServerResponse, status: number, payload: unknown) {
    // With its length, as Telegram answers: a chunked answer on a kept-alive connection makes
    // node-fetch 2 (telegraf's) report a premature close.
    const body = JSON.stringify(payload);
    res
      .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      .end(body);
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const fileMatch = /^\/file\/bot[^/]+\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const file = [...files.values()].find((f) => f.path === decodeURIComponent(fileMatch[1]!));
      if (!file) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file.content);
      return;
    }
    const match = /^\/bot[^/]+\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[1]!;
    let body: Record<string, unknown> = {};
    try {
      body = await parseBody(req, url);
    } catch {
      return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: unreadable body' });
    }
    counts.set(method, (counts.get(method) ?? 0) + 1);
    const call: RecordedCall = { method, body };
    if (record && method !== 'getUpdates') calls.push(call);
    const failure = failures.get(method)?.shift();
    if (failure) return reply(res, 200, { ok: false, ...failure });
    const paid = body.allow_paid_broadcast === true;
    const retryAfter = limiter?.(method, Number(body.chat_id), paid) ?? 0;
    if (retryAfter > 0) {
      rateLimited += 1;
      return reply(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
    }
    try {
      const result = await answer(method, body);
      if (paid && method.startsWith('send')) paidDelivered += 1;
      if (record) call.result = result;
      const drop = drops.get(method) ?? 0;
      if (drop > 0) {
        drops.set(method, drop - 1);
        req.socket.destroy();
        return;
      }
      const hold = holds.get(method)?.shift();
      if (hold) {
        hold.arrive(call);
        await hold.released;
      }
      reply(res, 200, { ok: true, result });
    } catch (error) {
      reply(res, 200, { ok: false, ...(error as StandInError) });
    }
  });
  // Connections kept alive between requests, as Telegram does: a hint under 2 s (`Keep-Alive:
  // timeout=1`) makes Node's agent close each one after its request. close() ends them all.
  server.keepAliveTimeout = 10_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    counts,
    lastMessageTo: (chatId) => lastByChat.get(chatId),
    callsOf: (method) => calls.filter((c) => c.method === method),
    outputTo: (chatId) =>
      calls.filter(
        (c) =>
          (c.method === 'sendMessage' || c.method === 'editMessageText') && Number(c.body.chat_id) === chatId,
      ),
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    holdNext(method) {
      let arrive!: (call: RecordedCall) => void;
      let release!: () => void;
      const arrived = new Promise<RecordedCall>((resolve) => {
        arrive = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      releases.add(release);
      holds.set(method, [...(holds.get(method) ?? []), { arrive, released }]);
      return { arrived, release };
    },
    dropNext(method) {
      drops.set(method, (drops.get(method) ?? 0) + 1);
    },
    delivered,
    rateLimitedCount: () => rateLimited,
    paidCount: () => paidDelivered,
    forgetMessage(messageId) {
      messages.delete(messageId);
    },
    addFile(fileId, content, filePath = `documents/${fileId}`) {
      files.set(fileId, {
        path: filePath,
        content: Buffer.isBuffer(content) ? content : Buffer.from(content),
      });
    },
    pushUpdates(...updates) {
      pending.push(...updates);
      for (const wake of [...waiters]) wake();
    },
    reset() {
      calls.length = 0;
      counts.clear();
      failures.clear();
      delivered.clear();
      rateLimited = 0;
    },
    async close() {
      for (const wake of [...waiters]) wake();
      for (const release of releases) release();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * Returns the seconds a sending call must wait (0 = it may go now, and its slot is taken): a token
 * bucket for the bot overall and a minimum spacing per chat, as Telegram enforces them.
 */
function rateLimiter(limits: { perSecond: number; perChatPerSecond?: number; paidPerSecond?: number }) {
  const bucket = (perSecond: number) => ({ perSecond, tokens: perSecond, refilledAt: Date.now() });
  const free = bucket(limits.perSecond);
  const paidBucket = limits.paidPerSecond ? bucket(limits.paidPerSecond) : free;
  const lastByChat = new Map<number, number>();
  const spacingMs = limits.perChatPerSecond ? 1000 / limits.perChatPerSecond : 0;
  return (method: string, chatId: number, paid = false): number => {
    if (!/^(send(?!ChatAction)|edit|copy|forward)/.test(method)) return 0;
    const b = paid ? paidBucket : free;
    const now = Date.now();
    b.tokens = Math.min(b.perSecond, b.tokens + ((now - b.refilledAt) / 1000) * b.perSecond);
    b.refilledAt = now;
    const chatWaitMs = spacingMs > 0 ? (lastByChat.get(chatId) ?? -Infinity) + spacingMs - now : 0;
    const bucketWaitMs = b.tokens >= 1 ? 0 : ((1 - b.tokens) / b.perSecond) * 1000;
    const waitMs = Math.max(chatWaitMs, bucketWaitMs);
    // Telegram's retry_after is whole seconds, at least one.
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    b.tokens -= 1;
    if (spacingMs > 0) lastByChat.set(chatId, now);
    return 0;
  };
}
