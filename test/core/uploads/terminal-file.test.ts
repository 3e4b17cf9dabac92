// The terminal chat's way to send a file: `/file <path>` becomes the same file event a Telegram or
// Slack upload is, read from this machine; a path that is no file is said so, and core is not asked.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../../bots/terminal/terminal-chat.ts';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { t } from '../../../core/i18n.ts';
import { waitFor } from '../../support/wait-for.ts';

describe('terminal /file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'revive-terminal-file-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('sends the file at the path to core as an upload', async () => {
    const file = path.join(dir, '教职工 名单.csv');
    const text = '姓名,工号,人员状态\n刘洋,S1,在职\n';
    await writeFile(file, text);
    const events: IncomingEvent[] = [];
    let content = '';
    const chat = {
      async handle(message: { event: IncomingEvent }): Promise<OutgoingMessage[]> {
        events.push(message.event);
        if (message.event.kind === 'file') {
          for await (const chunk of await message.event.open()) content += String(chunk);
        }
        return [{ text: 'ok' }];
      },
    };
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => {
      printed += String(chunk);
    });
    const done = runTerminalChat({ chat, persona: 'li', input, output, locale: 'zh-CN' });
    input.write(`/file "${file}"\n/file ${path.join(dir, 'missing.csv')}\n/file\n`);
    // The lines are read one at a time; the input ends once the last one was answered.
    await waitFor(() => printed.includes(t('zh-CN', 'terminal:chat.file_usage')), {
      message: () => `the usage of /file, after: ${printed}`,
    });
    input.end();
    await done;
    const files = events.filter((e) => e.kind === 'file');
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      fileName: '教职工 名单.csv',
      mimeType: 'text/csv',
      size: Buffer.byteLength(text),
    });
    expect(content).toContain('刘洋,S1,在职');
    expect(printed).toContain(
      t('zh-CN', 'terminal:chat.file_missing', { path: path.join(dir, 'missing.csv') }),
    );
    expect(printed).toContain(t('zh-CN', 'terminal:chat.file_usage'));
  });
});
