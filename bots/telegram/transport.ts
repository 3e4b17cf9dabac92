// How updates reach the bot: long polling (the default: works behind any firewall, one instance at a
// time) or a webhook (TELEGRAM_WEBHOOK_URL: several instances behind a load balancer). Transport
// only; what an update means is decided in create-bot.ts and core.
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Telegraf } from 'telegraf';

/** Only what the adapter understands: no edits, reactions or member updates are fetched. */
export const ALLOWED_UPDATES: ('message' | 'callback_query')[] = ['message', 'callback_query'];
/** Telegram's updates are small; anything much larger is not from Telegram. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison of the secret header (hashing first makes the lengths equal). */
export function secretMatches(expected: string, received: string | string[] | undefined): boolean {
  if (typeof received !== 'string') return false;
  return timingSafeEqual(digest(expected), digest(received));
}

export interface WebhookHandlerOptions {
  /** The path part of TELEGRAM_WEBHOOK_URL, e.g. "/telegram/webhook". */
  path: string;
  secretToken: string;
  logger: Logger;
}

/**
 * A request listener for the webhook: wrong method or path → 404, missing or wrong
 * X-Telegram-Bot-Api-Secret-Token → 403 (nothing read, nothing processed), oversized → 413;
 * otherwise the update goes through telegraf's own webhook callback.
 */
export function createWebhookHandler(bot: Telegraf, options: WebhookHandlerOptions): RequestListener {
  const { path, secretToken, logger } = options;
  // telegraf checks path and secret again with our constant-time comparison.
  bot.webhookFilter = function (this: { path: string; secretToken?: string }, req: IncomingMessage) {
    return (
      req.method === 'POST' &&
      req.url === this.path &&
      this.secretToken !== undefined &&
      secretMatches(this.secretToken, req.headers[SECRET_HEADER])
    );
  };
  const callback = bot.webhookCallback(path, { secretToken });
  return async (req, res) => {
    if (req.method !== 'POST' || req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    if (!secretMatches(secretToken, req.headers[SECRET_HEADER])) {
      logger.warn({ remote: req.socket.remoteAddress }, 'webhook request with a wrong secret token rejected');
      res.writeHead(403).end();
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_WEBHOOK_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    (req as IncomingMessage & { body?: Buffer }).body = Buffer.concat(chunks);
    try {
      await callback(req as Parameters<typeof callback>[0], res);
    } catch (error) {
      logger.error({ err: error }, 'webhook update failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  };
}

export interface RunningTransport {
  mode: 'polling' | 'webhook';
  /** The webhook server's port (0 when polling). */
  port: number;
  stop(): Promise<void>;
}

export interface WebhookOptions {
  /** TELEGRAM_WEBHOOK_URL: the public https URL Telegram posts to. */
  url: string;
  secretToken: string;
  /** PORT: where the local HTTP server listens (a reverse proxy terminates TLS). */
  port: number;
  host?: string;
  logger: Logger;
}

/** A webhook served by a server of the caller's (bots/http/): the handler now, registration later. */
export interface PreparedWebhook {
  path: string;
  handler: RequestListener;
  /** setWebhook: call once the server listens, so that Telegram's first post finds it. */
  register(): Promise<void>;
}

export async function prepareWebhook(
  bot: Telegraf,
  options: Pick<WebhookOptions, 'url' | 'secretToken' | 'logger'>,
): Promise<PreparedWebhook> {
  const path = new URL(options.url).pathname;
  // Known before the first update, so that no update waits for getMe.
  bot.botInfo ??= await bot.telegram.getMe();
  return {
    path,
    handler: createWebhookHandler(bot, { path, secretToken: options.secretToken, logger: options.logger }),
    async register() {
      await bot.telegram.setWebhook(options.url, {
        secret_token: options.secretToken,
        allowed_updates: ALLOWED_UPDATES,
        drop_pending_updates: false,
      });
    },
  };
}

export async function startWebhook(bot: Telegraf, options: WebhookOptions): Promise<RunningTransport> {
  const webhook = await prepareWebhook(bot, options);
  const server: Server = createServer(webhook.handler);
  server.listen(options.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await webhook.register();
  options.logger.info({ port, path: webhook.path }, 'telegram webhook listening');
  return {
    mode: 'webhook',
    port,
    async stop() {
      server.close();
      server.closeIdleConnections();
      await once(server, 'close');
    },
  };
}

/** How long one getUpdates call waits for updates at Telegram (seconds). */
const POLL_TIMEOUT_S = 30;

/**
 * Long polling with getUpdates. Each batch is handled completely before the next offset confirms
 * it, so an update is never lost to a crash; one redelivered after a crash is skipped by its claim.
 * Transient errors back off up to 30 s; a revoked token (401) or another poller on the same bot
 * (409) stops polling and is reported through `onStopped`.
 */
export async function startPolling(
  bot: Telegraf,
  options: { logger: Logger; onStopped?: (error?: unknown) => void },
): Promise<RunningTransport> {
  const { logger } = options;
  bot.botInfo ??= await bot.telegram.getMe();
  await bot.telegram.deleteWebhook({ drop_pending_updates: false });
  const controller = new AbortController();
  const { signal } = controller;
  const loop = (async () => {
    let offset = 0;
    let backoffMs = 0;
    while (!signal.aborted) {
      try {
        const updates = (await bot.telegram.callApi(
          'getUpdates',
          { offset, timeout: POLL_TIMEOUT_S, allowed_updates: ALLOWED_UPDATES },
          // telegraf types the signal as its abort-controller polyfill; node-fetch takes the native one
          { signal } as unknown as Parameters<Telegraf['telegram']['callApi']>[2],
        )) as { update_id: number }[];
        backoffMs = 0;
        if (updates.length === 0) continue;
        // handleUpdate reports failures to bot.catch and never rejects for one bad update.
        await Promise.all(
          updates.map((update) => bot.handleUpdate(update as Parameters<Telegraf['handleUpdate']>[0])),
        );
        offset = Math.max(...updates.map((u) => u.update_id)) + 1;
      } catch (error) {
        if (signal.aborted) break;
        const code = (error as { code?: unknown }).code;
        if (code === 401 || code === 409) {
          logger.error({ err: error }, 'telegram polling stopped');
          options.onStopped?.(error);
          return;
        }
        backoffMs = Math.min(Math.max(backoffMs * 2, 500), 30_000);
        logger.warn({ err: error, retryInMs: backoffMs }, 'getUpdates failed, retrying');
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
      }
    }
    options.onStopped?.();
  })();
  logger.info('telegram long polling started');
  return {
    mode: 'polling',
    port: 0,
    async stop() {
      controller.abort();
      await loop;
    },
  };
}
