// Access to the job dashboard: `Authorization: Bearer <REVIVE_ADMIN_TOKEN>`, or the token once in
// `?token=`, which sets an HttpOnly, SameSite=Strict session cookie and redirects to the same page
// without it (so the token does not stay in the address bar, the history or access logs of later
// requests). Comparisons are constant-time.
//
// The session cookie is not the token, nor a fixed value derived from it: it says when it was issued
// and until when it is valid (12 hours), signed with an HMAC keyed by the token. A copied cookie is
// therefore worth a working day at most, and rotating the token ends every session at once. The
// expiry is checked with the injected clock, not the browser's Max-Age alone (a browser may keep a
// cookie longer, and a stolen cookie is not sent by a browser at all). The cookie is `Secure` unless
// the operator explicitly runs the dashboard over plain HTTP (REVIVE_ADMIN_ALLOW_HTTP=1).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';

export const ADMIN_COOKIE = 'revive_admin';
/** A working day; after that the token is asked for again. */
export const SESSION_TTL_MS = 12 * 3600_000;
/** Issued-at a little ahead of our clock is tolerated (several instances behind one balancer). */
const CLOCK_SKEW_MS = 60_000;
const SESSION_VERSION = 'v1';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Hashing first makes the lengths equal, so timingSafeEqual can compare any attempt. */
export function tokenMatches(expected: string, received: string | undefined): boolean {
  if (typeof received !== 'string' || received === '') return false;
  return timingSafeEqual(digest(expected), digest(received));
}

function signature(token: string, issuedAt: number, expiresAt: number): string {
  return createHmac('sha256', token)
    .update(`revive admin dashboard session|${SESSION_VERSION}|${issuedAt}|${expiresAt}`)
    .digest('base64url');
}

/** `v1.<issued at, ms>.<expires at, ms>.<HMAC>`: readable times, unforgeable without the token. */
export function issueSession(token: string, now: Date, ttlMs = SESSION_TTL_MS): string {
  const issuedAt = now.getTime();
  const expiresAt = issuedAt + ttlMs;
  return `${SESSION_VERSION}.${issuedAt}.${expiresAt}.${signature(token, issuedAt, expiresAt)}`;
}

export function sessionValid(token: string, value: string | undefined, now: Date): boolean {
  const match = /^v1\.(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!match) return false;
  const issuedAt = Number(match[1]);
  const expiresAt = Number(match[2]);
  const expected = signature(token, issuedAt, expiresAt);
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(match[3]!))) return false;
  const at = now.getTime();
  return (
    expiresAt > at &&
    issuedAt <= at + CLOCK_SKEW_MS &&
    expiresAt - issuedAt <= SESSION_TTL_MS &&
    expiresAt > issuedAt
  );
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function deny(res: Response): void {
  res.setHeader('WWW-Authenticate', 'Bearer realm="revive-admin"');
  res.status(401).type('text/plain').send('Unauthorized');
}

export interface AdminGuardOptions {
  token: string;
  /** Where the dashboard is mounted: the cookie's Path. */
  basePath: string;
  logger: Logger;
  clock: Clock;
  /** False only when the operator opted out for plain-HTTP development (REVIVE_ADMIN_ALLOW_HTTP=1). */
  secureCookie: boolean;
}

export function adminGuard({
  token,
  basePath,
  logger,
  clock,
  secureCookie,
}: AdminGuardOptions): RequestHandler {
  return (req, res, next) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (fromQuery !== undefined) {
      if (!tokenMatches(token, fromQuery)) {
        logger.warn({ remote: req.socket.remoteAddress }, 'dashboard: wrong token rejected');
        return deny(res);
      }
      const url = new URL(req.originalUrl, 'http://localhost');
      url.searchParams.delete('token');
      const session = issueSession(token, clock.now());
      res.setHeader(
        'Set-Cookie',
        `${ADMIN_COOKIE}=${session}; Path=${basePath}; Max-Age=${SESSION_TTL_MS / 1000}; HttpOnly; SameSite=Strict${secureCookie ? '; Secure' : ''}`,
      );
      // The address with the token must not travel further: not to a cache, not as a Referer.
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.redirect(303, `${url.pathname}${url.search}`);
      return;
    }
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (
      tokenMatches(token, bearer) ||
      sessionValid(token, cookieOf(req.headers.cookie, ADMIN_COOKIE), clock.now())
    ) {
      next();
      return;
    }
    if (bearer !== undefined)
      logger.warn({ remote: req.socket.remoteAddress }, 'dashboard: wrong token rejected');
    deny(res);
  };
}
