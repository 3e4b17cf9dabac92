// A local stand-in for Slack's Web API, at its HTTP boundary: the real @slack/web-api client (inside
// unmodified @slack/bolt) posts to it exactly as it would to slack.com. Every call is recorded
// (method + decoded form body); answers are the minimal shapes Slack documents. response_url
// posts (respond()) are recorded as method "response_url".
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON, inspected by tests.
  body: Record<string, any>;
  token: string | null;
}

export interface SlackUserProfile {
  teamId: string;
  email?: string | null;
  locale?: string;
  isBot?: boolean;
  emailConfirmed?: boolean;
  /** More users.info fields, as Slack sends them (is_stranger, enterprise_user; undefined drops one). */
  extra?: Record<string, unknown>;
}

export interface SlackWebApiStandIn {
  /** For clientOptions.slackApiUrl (ends with /api/). */
  apiUrl: string;
  /** Base for response_url values in payloads. */
  responseUrl(id: string): string;
  calls(method?: string): RecordedCall[];
  reset(): void;
  setUser(userId: string, profile: SlackUserProfile): void;
  /** Hosts a file as Slack would (url_private_download); downloads are recorded as "file_download". */
  hostFile(name: string, content: Buffer): string;
  /** Hosts a file and describes it to files.info by id (a file chosen in a modal's file input). */
  shareFile(file: { id: string; name: string; mimetype?: string; content: Buffer }): void;
  /** Bytes uploaded through files.uploadV2's upload URLs, by file id. */
  uploads: Map<string, Buffer>;
  /** Override the answer to a method (e.g. to make it fail). */
  // biome-ignore lint/suspicious/noExplicitAny: any JSON answer.
  answer(method: string, reply: (body: Record<string, any>) => Record<string, any>): void;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: decoded JSON.
function decodeForm(raw: string): Record<string, any> {
  // biome-ignore lint/suspicious/noExplicitAny: decoded JSON.
  const body: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The client sends nested objects (blocks, views) as JSON strings.
    if (/^[[{]/.test(value)) {
      try {
        body[key] = JSON.parse(value);
        continue;
      } catch {
        // a plain string that happens to start with a bracket
      }
    }
    body[key] = value;
  }
  return body;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSlackWebApi(): Promise<SlackWebApiStandIn> {
  const recorded: RecordedCall[] = [];
  const users = new Map<string, SlackUserProfile>();
  // biome-ignore lint/suspicious/noExplicitAny: any JSON answer.
  const overrides = new Map<string, (body: Record<string, any>) => Record<string, any>>();
  const files = new Map<string, Buffer>();
  const uploads = new Map<string, Buffer>();
  // biome-ignore lint/suspicious/noExplicitAny: files.info's file object.
  const shared = new Map<string, Record<string, any>>();
  let base = '';
  // Message timestamps follow the clock, as Slack's do, so that history's `oldest` filters as on Slack.
  let lastMicros = 0;
  const nextTs = () => {
    lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
  };
  // Posted messages per channel, oldest first, for conversations.history.
  // biome-ignore lint/suspicious/noExplicitAny: message metadata as posted.
  const history = new Map<string, { ts: string; text: string; metadata?: any }[]>();
  let fileId = 0;
  let viewId = 0;

  // biome-ignore lint/suspicious/noExplicitAny: any JSON answer.
  const defaults: Record<string, (body: Record<string, any>) => Record<string, any>> = {
    'auth.test': () => ({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM' }),
    'conversations.open': (body) => ({
      ok: true,
      channel: { id: `D${String(body.users).replace(/^U/, '')}` },
    }),
    'users.info': (body) => {
      const user = users.get(String(body.user));
      if (!user) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id: body.user,
          team_id: user.teamId,
          is_bot: user.isBot ?? false,
          deleted: false,
          is_email_confirmed: user.emailConfirmed ?? true,
          ...(body.include_locale ? { locale: user.locale ?? 'en-US' } : {}),
          profile: user.email ? { email: user.email } : {},
          ...user.extra,
        },
      };
    },
    'chat.postMessage': (body) => {
      const message = { ts: nextTs(), text: String(body.text ?? ''), metadata: body.metadata };
      history.set(String(body.channel), [...(history.get(String(body.channel)) ?? []), message]);
      return { ok: true, channel: body.channel, ts: message.ts };
    },
    'chat.postEphemeral': () => ({ ok: true, message_ts: nextTs() }),
    // Newest first; metadata only with include_all_metadata, as on Slack. One page is enough here.
    'conversations.history': (body) => {
      const oldest = Number(body.oldest ?? 0);
      const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
      const messages = (history.get(String(body.channel)) ?? [])
        .filter((m) => Number(m.ts) > oldest)
        .reverse()
        .slice(0, Number(body.limit ?? 100))
        .map(({ metadata, ...m }) => ({
          type: 'message',
          ...m,
          ...(withMetadata && metadata ? { metadata } : {}),
        }));
      return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
    },
    'chat.update': (body) => ({ ok: true, channel: body.channel, ts: body.ts }),
    'files.getUploadURLExternal': () => {
      const id = `F${++fileId}`;
      return { ok: true, file_id: id, upload_url: `${base}/upload/${id}` };
    },
    'files.completeUploadExternal': (body) => ({ ok: true, files: body.files }),
    'files.info': (body) => {
      const file = shared.get(String(body.file));
      return file ? { ok: true, file } : { ok: false, error: 'file_not_found' };
    },
    'views.open': (body) => ({ ok: true, view: { id: `V${++viewId}`, ...(body.view ?? {}) } }),
    'views.update': (body) => ({
      ok: true,
      view: { id: body.view_id ?? `V${++viewId}`, ...(body.view ?? {}) },
    }),
    'views.push': (body) => ({ ok: true, view: { id: `V${++viewId}`, ...(body.view ?? {}) } }),
    'views.publish': (body) => ({ ok: true, view: { id: `V${++viewId}`, ...(body.view ?? {}) } }),
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? null;
    if (url.pathname.startsWith('/upload/')) {
      const id = url.pathname.slice('/upload/'.length);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      uploads.set(id, Buffer.concat(chunks));
      recorded.push({ method: 'file_upload', body: { id, bytes: uploads.get(id)!.length }, token });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(`OK - ${uploads.get(id)!.length}`);
    }
    if (url.pathname.startsWith('/files/')) {
      const name = decodeURIComponent(url.pathname.slice('/files/'.length));
      recorded.push({ method: 'file_download', body: { name }, token });
      const content = files.get(name);
      if (!content || token === null) return reply(404, { ok: false });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(content);
    }
    const raw = await readBody(req);
    if (url.pathname.startsWith('/respond/')) {
      recorded.push({ method: 'response_url', body: raw ? JSON.parse(raw) : {}, token: null });
      return reply(200, { ok: true });
    }
    const match = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (!match) return reply(404, { ok: false, error: 'unknown_path' });
    const method = match[1]!;
    const json = (req.headers['content-type'] ?? '').includes('application/json');
    const body = json ? (raw ? JSON.parse(raw) : {}) : decodeForm(raw);
    const authorization = req.headers.authorization ?? null;
    recorded.push({ method, body, token: authorization?.replace(/^Bearer /, '') ?? null });
    const handler = overrides.get(method) ?? defaults[method] ?? (() => ({ ok: true }));
    return reply(200, handler(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/respond/${id}`,
    calls: (method) => (method ? recorded.filter((c) => c.method === method) : [...recorded]),
    reset: () => {
      recorded.length = 0;
    },
    setUser: (userId, profile) => {
      users.set(userId, profile);
    },
    hostFile: (name, content) => {
      files.set(name, content);
      return `${base}/files/${encodeURIComponent(name)}`;
    },
    shareFile: ({ id, name, mimetype, content }) => {
      files.set(name, content);
      const url = `${base}/files/${encodeURIComponent(name)}`;
      shared.set(id, {
        id,
        name,
        mimetype: mimetype ?? 'application/octet-stream',
        filetype: /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '',
        size: content.length,
        url_private: url,
        url_private_download: url,
      });
    },
    uploads,
    answer: (method, handler) => {
      overrides.set(method, handler);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
