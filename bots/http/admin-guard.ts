// Access to the job dashboard: `Authorization: Bearer <REVIVE_ADMIN_TOKEN>`, or the token once in
// `?token=`, which sets an HttpOnly, SameSite=Strict cookie and redirects to the same page without
// it (so the token does not stay in the address bar, the history or access logs of later requests).
// The cookie carries a value derived from the token, not the token. Comparisons are constant-time.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

export const ADMIN_COOKIE = 'revive_admin';
/** A working day; after that the token is asked for again. */
const COOKIE_MAX_AGE_S = 12 * 3600;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Hashing first makes the lengths equal, so timingSafeEqual can compare any attempt. */
export function tokenMatches(expected: string, received: string | undefined): boolean {
  if (typeof received !== 'string' || received === '') return false;
  return timingSafeEqual(digest(expected), digest(received));
}

export const cookieValueFor = (token: string) =>
  createHmac('sha256', token).update('revive admin dashboard session').digest('base64url');

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

export function adminGuard(token: string, basePath: string, logger: Logger): RequestHandler {
  const session = cookieValueFor(token);
  return (req, res, next) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (fromQuery !== undefined) {
      if (!tokenMatches(token, fromQuery)) {
        logger.warn({ remote: req.socket.remoteAddress }, 'dashboard: wrong token rejected');
        return deny(res);
      }
      const url = new URL(req.originalUrl, 'http://localhost');
      url.searchParams.delete('token');
      const secure = req.secure || req.headers['x-forwarded-proto'] === 'https';
      res.setHeader(
        'Set-Cookie',
        `${ADMIN_COOKIE}=${session}; Path=${basePath}; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
      );
      res.redirect(303, `${url.pathname}${url.search}`);
      return;
    }
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (tokenMatches(token, bearer) || tokenMatches(session, cookieOf(req.headers.cookie, ADMIN_COOKIE))) {
      next();
      return;
    }
    if (bearer !== undefined)
      logger.warn({ remote: req.socket.remoteAddress }, 'dashboard: wrong token rejected');
    deny(res);
  };
}
