// Files both ways: an upload in the DM (an import list) becomes core's file event, downloaded only
// when core asks; a reply's attachment (an export, an import's error file) is uploaded into the DM.
// The bot token goes only to Slack's own file hosts: a file URL elsewhere is refused, so that a
// crafted payload cannot make the bot hand its token to a third party.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { webApi } from '@slack/bolt';
import type { IncomingEvent, OutgoingMessage } from '../../core/channel/messages.ts';

/** A file as Slack describes it in a file_share message. */
export interface SlackFile {
  id: string;
  name?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

const SLACK_FILE_HOSTS = [/(^|\.)slack\.com$/, /(^|\.)slack-gov\.com$/, /(^|\.)slack-edge\.com$/];

/** Slack's file hosts over HTTPS, or the host SLACK_API_URL points at (GovSlack, our tests). */
export function isTrustedFileUrl(url: string, apiUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (apiUrl && parsed.origin === new URL(apiUrl).origin) return true;
  return parsed.protocol === 'https:' && SLACK_FILE_HOSTS.some((host) => host.test(parsed.hostname));
}

export function fileEvent(file: SlackFile, token: string, apiUrl: string | undefined): IncomingEvent {
  const url = file.url_private_download ?? file.url_private ?? '';
  return {
    kind: 'file',
    fileName: file.name ?? file.id,
    mimeType: file.mimetype ?? null,
    size: file.size ?? null,
    async open() {
      if (!isTrustedFileUrl(url, apiUrl))
        throw new Error(`refusing to download a file from ${new URL(url).host}`);
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'error' });
      if (!response.ok || !response.body) throw new Error(`file download failed: HTTP ${response.status}`);
      return Readable.fromWeb(
        response.body as import('node:stream/web').ReadableStream,
      ) as NodeJS.ReadableStream;
    },
  };
}

export async function uploadAttachment(
  client: webApi.WebClient,
  channel: string,
  attachment: NonNullable<OutgoingMessage['attachment']>,
): Promise<void> {
  await client.files.uploadV2({
    channel_id: channel,
    file: await readFile(attachment.path),
    filename: attachment.fileName,
    title: attachment.fileName,
  });
}
