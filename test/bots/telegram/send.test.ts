// Delivery into a chat against the Bot API stand-in: confidential replies never reach a group, slot
// messages are edited only when the person tapped them, and Telegram's errors are handled sensibly.
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliver } from '../../../bots/telegram/send.ts';
import { chatFilePath } from '../../../core/chat/files.ts';
import { startTelegramBotApi, type TelegramBotApiStandIn } from '../../support/telegram-bot-api.ts';
import { TOKEN } from './harness.ts';

const silent = pino({ level: 'silent' });
const question = (text: string) => ({
  text,
  slot: 'question' as const,
  confidential: true,
  buttons: [[{ label: '是', action: 'q:a:x:true' }]],
});

describe('deliver', () => {
  let api: TelegramBotApiStandIn;
  let telegram: Telegram;
  beforeAll(async () => {
    api = await startTelegramBotApi();
    telegram = new Telegram(TOKEN, { apiRoot: api.url });
  });
  beforeEach(() => api.reset());
  afterAll(() => api?.close());

  it('withholds confidential replies from a group chat and sends the rest', async () => {
    const result = await deliver(
      telegram,
      { chatId: -100, chatIsPrivate: false },
      [question('问题：是否政府资助？'), { text: '请在私聊中继续。' }],
      {},
      silent,
    );
    expect(api.calls.map((c) => [c.method, c.body.text])).toEqual([['sendMessage', '请在私聊中继续。']]);
    expect(result.slotsChanged).toBe(false);
  });

  it('sends a slot message anew unless the person tapped that very message', async () => {
    const first = await deliver(telegram, { chatId: 7, chatIsPrivate: true }, [question('Q1')], {}, silent);
    const slot = first.slots.question!;
    expect(slot).toMatchObject({ chatId: 7, protected: true });
    expect(api.calls[0]!.body.protect_content).toBe(true);

    // typed answer (no tap): the next question goes below it, and becomes the slot's message
    const typed = await deliver(
      telegram,
      { chatId: 7, chatIsPrivate: true },
      [question('Q2')],
      first.slots,
      silent,
    );
    expect(api.calls.at(-1)!.method).toBe('sendMessage');
    expect(typed.slots.question!.messageId).not.toBe(slot.messageId);

    // a tap on the current question message: edited in place, no new message
    const tapped = await deliver(
      telegram,
      { chatId: 7, chatIsPrivate: true, editable: [typed.slots.question!.messageId] },
      [question('Q3')],
      typed.slots,
      silent,
    );
    expect(api.calls.at(-1)).toMatchObject({
      method: 'editMessageText',
      body: { message_id: typed.slots.question!.messageId, text: 'Q3' },
    });
    expect(tapped.slotsChanged).toBe(false);
  });

  it('does not edit an unprotected message into a confidential one', async () => {
    const menu = await deliver(
      telegram,
      { chatId: 8, chatIsPrivate: true },
      [{ text: 'menu', slot: 'question' }],
      {},
      silent,
    );
    const id = menu.slots.question!.messageId;
    await deliver(
      telegram,
      { chatId: 8, chatIsPrivate: true, editable: [id] },
      [question('Q')],
      menu.slots,
      silent,
    );
    expect(api.calls.at(-1)).toMatchObject({ method: 'sendMessage', body: { protect_content: true } });
  });

  it('sends an attachment, then removes the server copy a reply made, and only that', async () => {
    const made = await chatFilePath('roadshow.ics');
    await writeFile(made, 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    const own = path.join(path.dirname(path.dirname(made)), `own-${process.pid}.csv`);
    await writeFile(own, 'a,b\n');
    try {
      await deliver(
        telegram,
        { chatId: 11, chatIsPrivate: true },
        [
          { text: '路演', attachment: { fileName: 'roadshow.ics', path: made, mimeType: 'text/calendar' } },
          { text: '报告', attachment: { fileName: 'own.csv', path: own, mimeType: 'text/csv' } },
        ],
        {},
        silent,
      );
      const documents = api.calls.filter((c) => c.method === 'sendDocument');
      expect(documents.map((c) => c.body.document.fileName)).toEqual(['roadshow.ics', 'own.csv']);
      expect(documents[0]!.body.document.content).toContain('BEGIN:VCALENDAR');
      expect(existsSync(path.dirname(made))).toBe(false);
      expect(existsSync(own)).toBe(true);
    } finally {
      await rm(own, { force: true });
    }
  });

  it('retries once after flood control, and reports other errors', async () => {
    api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const started = Date.now();
    const result = await deliver(telegram, { chatId: 9, chatIsPrivate: true }, [{ text: 'hi' }], {}, silent);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(result.messageIds).toHaveLength(1);
    api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(
      deliver(telegram, { chatId: 9, chatIsPrivate: true }, [{ text: 'hi' }], {}, silent),
    ).rejects.toThrow(/blocked/);
  });
});
