// One HTTP server on PORT for everything Revive serves: Slack's requests (bolt's HTTP receiver,
// signatures and timestamps checked there), the Telegram webhook (secret header checked in
// bots/telegram/transport.ts), `GET /healthz` for the supervisor or load balancer, and the job
// dashboard at /admin/queues, which exists only when REVIVE_ADMIN_TOKEN is set. Bodies are left
// unread here: Slack's signature and Telegram's size limit need the raw request.
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import { SLACK_EVENTS_PATH } from '../slack/create-app.ts';
import { adminGuard } from './admin-guard.ts';

export const HEALTH_PATH = '/healthz';

export interface HttpRoutes {
  /** Slack over HTTP (bolt's requestListener), at SLACK_EVENTS_PATH. */
  slack?: RequestListener | null;
  /** The Telegram webhook at the path of TELEGRAM_WEBHOOK_URL. */
  telegram?: { path: string; handler: RequestListener } | null;
  /** The job dashboard, its token, the clock its sessions expire by, and whether cookies are Secure. */
  dashboard?: {
    path: string;
    router: RequestHandler;
    token: string;
    clock: Clock;
    /** False only with REVIVE_ADMIN_ALLOW_HTTP=1 (plain-HTTP development). */
    secureCookie: boolean;
  } | null;
}

/** Exact path match without express's route syntax: a webhook path may contain ':' or '*'. */
const at =
  (path: string, method: string | null, handler: RequestListener): RequestHandler =>
  (req, res, next) => {
    if (req.path !== path || (method !== null && req.method !== method)) {
      next();
      return;
    }
    handler(req, res);
  };

/** Express (and an express app mounted in it, like bull-board's) announces itself unless told not to. */
function withoutBanner<T>(app: T): T {
  const disable = (app as { disable?: unknown }).disable;
  if (typeof disable === 'function') disable.call(app, 'x-powered-by');
  return app;
}

export function createHttpApp(routes: HttpRoutes, logger: Logger): Express {
  const app = withoutBanner(express());
  app.get(HEALTH_PATH, (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (routes.slack) app.use(at(SLACK_EVENTS_PATH, 'POST', routes.slack));
  // Any method: the webhook handler answers what is not a POST itself.
  if (routes.telegram) app.use(at(routes.telegram.path, null, routes.telegram.handler));
  if (routes.dashboard) {
    const { path, router, token, clock, secureCookie } = routes.dashboard;
    const guard = adminGuard({
      token,
      basePath: path,
      logger: logger.child({ component: 'dashboard' }),
      clock,
      secureCookie,
    });
    // bull-board's router is an express app of its own, which would send the banner on its pages.
    app.use(path, guard, withoutBanner(router));
  }
  app.use((_req, res) => {
    res.status(404).end();
  });
  // Express's own fallback would print the stack to stderr; errors belong in the structured log.
  app.use(((error, req, res, _next) => {
    logger.error({ err: error, path: req.path }, 'http request failed');
    if (!res.headersSent) res.status(500).end();
    else res.end();
  }) as ErrorRequestHandler);
  return app;
}

export interface RunningHttpServer {
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(options: {
  port: number;
  host?: string;
  routes: HttpRoutes;
  logger: Logger;
}): Promise<RunningHttpServer> {
  const log = options.logger.child({ component: 'http' });
  const server: Server = createServer(createHttpApp(options.routes, log));
  server.listen(options.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  log.info(
    {
      port,
      slack: Boolean(options.routes.slack),
      telegram: options.routes.telegram?.path ?? null,
      dashboard: options.routes.dashboard?.path ?? null,
    },
    'http server listening',
  );
  let closed: Promise<void> | null = null;
  return {
    port,
    close() {
      closed ??= (async () => {
        server.close();
        server.closeIdleConnections();
        await once(server, 'close');
      })();
      return closed;
    },
  };
}
