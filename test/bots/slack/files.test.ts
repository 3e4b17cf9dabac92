// Files through Slack: a patent list uploaded in the DM is downloaded (with the bot token, from
// Slack's file host only) and imported by core with a progress message edited in place; replies'
// attachments (error files, exports) are uploaded into the DM with files.uploadV2.
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isTrustedFileUrl } from '../../../bots/slack/files.ts';
import { SlackChannel } from '../../../bots/slack/slack-channel.ts';
import { DEMO_PERSONS } from '../../../core/demo/demo-data.ts';
import { exportInventoryAction } from '../../../core/export/actions.ts';
import { CNIPA_HEADERS, cnipaRow, csv, utf8 } from '../../core/inventory/fixtures.ts';
import { type TemporaryDataDir, temporaryDataDir } from '../../support/data-dir.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { type SlackHarness, shownText, startSlackHarness, TEAM } from './harness.ts';

const COORDINATOR = 'UCOORD';
const DM = 'DCOORD';

describe('trusted file hosts', () => {
  it('sends the token only to Slack file hosts over HTTPS, or to SLACK_API_URL’s origin', () => {
    expect(isTrustedFileUrl('https://files.slack.com/files-pri/T1-F1/list.csv', undefined)).toBe(true);
    expect(isTrustedFileUrl('https://files.slack-gov.com/x', undefined)).toBe(true);
    expect(isTrustedFileUrl('http://files.slack.com/x', undefined)).toBe(false);
    expect(isTrustedFileUrl('https://files.slack.com.evil.example/x', undefined)).toBe(false);
    expect(isTrustedFileUrl('https://evilslack.com/x', undefined)).toBe(false);
    expect(isTrustedFileUrl('http://127.0.0.1:9/files/x', 'http://127.0.0.1:9/api/')).toBe(true);
    expect(isTrustedFileUrl('http://127.0.0.1:10/files/x', 'http://127.0.0.1:9/api/')).toBe(false);
    expect(isTrustedFileUrl('not a url', undefined)).toBe(false);
  });
});

describe.each(DATABASE_KINDS)('Slack files on %s', (kind) => {
  let h: SlackHarness;
  let dataDir: string;
  let dataDirHandle: TemporaryDataDir | undefined;
  let elsewhere: Server;
  let elsewhereRequests: string[];

  beforeAll(async () => {
    dataDirHandle = await temporaryDataDir('revive-slack-files-');
    dataDir = dataDirHandle.path;
    h = await startSlackHarness(kind);
    const email = DEMO_PERSONS.find((p) => p.key === 'coordinator')!.email;
    h.api.setUser(COORDINATOR, { teamId: TEAM, email });
    elsewhereRequests = [];
    elsewhere = createServer((req, res) => {
      elsewhereRequests.push(`${req.url} ${req.headers.authorization ?? ''}`);
      res.end('x');
    });
    elsewhere.listen(0, '127.0.0.1');
    await once(elsewhere, 'listening');
  }, 60_000);

  afterAll(async () => {
    await dataDirHandle?.restore();
    elsewhere?.close();
    await h?.close();
  });

  beforeEach(() => h.api.reset());

  const fileShare = (file: Record<string, unknown>, channel = DM, channelType = 'im') =>
    h.event({
      type: 'message',
      subtype: 'file_share',
      channel_type: channelType,
      channel,
      user: COORDINATOR,
      text: '',
      ts: `${Date.now() / 1000}`,
      files: [file],
    });

  it('imports a list uploaded in the DM: download with the bot token, progress edited in place, error file attached', async () => {
    const content = utf8(csv([CNIPA_HEADERS, cnipaRow(901), cnipaRow(902, { 申请号: '123' })]));
    const url = h.api.hostFile('清单.csv', content);
    await fileShare({
      id: 'F100',
      name: '清单.csv',
      mimetype: 'text/csv',
      size: content.length,
      url_private_download: url,
    });
    const [download] = h.api.calls('file_download');
    expect(download?.token).toBe('xoxb-test-token');
    // One progress message, edited in place to its final state; then the report.
    const posted = h.api.calls('chat.postMessage').filter((c) => c.body.channel === DM);
    const [progress] = posted;
    const updates = h.api.calls('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.every((u) => u.body.channel === DM && /^\d+\.\d+$/.test(u.body.ts))).toBe(true);
    expect(posted.length).toBeGreaterThanOrEqual(2);
    expect(progress?.body.text).toContain('清单.csv');
    // The error file arrives in the DM as an upload.
    const [complete] = h.api.calls('files.completeUploadExternal');
    expect(complete?.body.channel_id).toBe(DM);
    const [upload] = h.api.calls('file_upload');
    expect(h.api.uploads.get(upload!.body.id)!.length).toBeGreaterThan(0);
    expect(await h.db.prisma.importRun.count()).toBeGreaterThanOrEqual(1);
  });

  it('refuses to download from a host that is not Slack’s, so the token does not leave', async () => {
    const { port } = elsewhere.address() as AddressInfo;
    await fileShare({
      id: 'F101',
      name: 'list.csv',
      mimetype: 'text/csv',
      size: 10,
      url_private_download: `http://127.0.0.1:${port}/steal.csv`,
    });
    expect(elsewhereRequests).toEqual([]);
  });

  it('never takes an upload in a channel', async () => {
    const url = h.api.hostFile('public.csv', utf8('x'));
    await fileShare(
      { id: 'F102', name: 'public.csv', mimetype: 'text/csv', size: 1, url_private_download: url },
      'C0PUBLIC',
      'channel',
    );
    expect(h.api.calls('file_download')).toEqual([]);
    expect(h.api.calls('chat.postMessage')).toEqual([]);
  });

  it('sends an export as a file into the DM', async () => {
    await h.press(COORDINATOR, exportInventoryAction.to(), { channel: DM });
    const [complete] = h.api.calls('files.completeUploadExternal');
    expect(complete?.body.channel_id).toBe(DM);
    expect(JSON.stringify(complete?.body.files)).toMatch(/inventory-\d{14}\.xlsx/);
    // Uploaded, the server's copy is gone (error files of the imports above included).
    const left = await readdir(path.join(dataDir, 'files')).catch(() => []);
    expect(left.filter((entry) => entry.startsWith('reply-'))).toEqual([]);
  });

  it('SlackChannel uploads an attachment to the DM, never to a channel', async () => {
    const file = path.join(dataDir, 'report.csv');
    await writeFile(file, 'a,b\n1,2\n');
    const port = new SlackChannel(h.bot.app.client, pino({ level: 'silent' }));
    await port.send(
      { channel: 'SLACK', userId: `${TEAM}:${COORDINATOR}`, address: DM },
      { text: '报告', attachment: { fileName: 'report.csv', path: file, mimeType: 'text/csv' } },
    );
    expect(h.api.calls('files.completeUploadExternal').map((c) => c.body.channel_id)).toEqual([DM]);
    expect(shownText(h.api.calls('chat.postMessage'))).toContain('报告');
  });
});
