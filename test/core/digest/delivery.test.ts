// The digest's picture and table reach Telegram as a photo and a document after the text, and the
// server's copies are removed once sent (the chart is institution data too).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../../bots/telegram/send.ts';
import { chatFilePath, XLSX_MIME } from '../../../core/chat/files.ts';
import { startTelegramBotApi, type TelegramBotApiStandIn } from '../../support/telegram-bot-api.ts';

describe('the digest on Telegram', () => {
  let api: TelegramBotApiStandIn;
  beforeAll(async () => {
    api = await startTelegramBotApi();
  });
  afterAll(() => api?.close());

  it('sends the text, then the chart as a photo, then the XLSX, and removes both files', async () => {
    const png = await chatFilePath('progress.png');
    const xlsx = await chatFilePath('progress.xlsx');
    await writeFile(png, 'png');
    await writeFile(xlsx, 'xlsx');
    const telegram = new Telegram('123:digest', { apiRoot: api.url });
    const result = await deliver(
      telegram,
      { chatId: 42, chatIsPrivate: true },
      [
        {
          text: '📊 浙江省 周报',
          confidential: true,
          image: { fileName: path.basename(png), path: png, mimeType: 'image/png', alt: '图表' },
          attachment: { fileName: path.basename(xlsx), path: xlsx, mimeType: XLSX_MIME },
        },
      ],
      {},
      pino({ level: 'silent' }),
    );
    expect(api.calls.map((c) => c.method)).toEqual(['sendMessage', 'sendPhoto', 'sendDocument']);
    expect(api.calls[1]!.body.protect_content).toBe(true);
    expect(result.messageIds.every((id) => typeof id === 'number')).toBe(true);
    expect(existsSync(png) || existsSync(xlsx)).toBe(false);
  });
});
