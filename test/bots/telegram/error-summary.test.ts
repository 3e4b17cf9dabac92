// A failed Bot API call in the logs (bots/telegram/error-summary.ts, registered with core/logger.ts):
// method, chat and error code, never the message text it carried.
import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import '../../../bots/telegram/error-summary.ts';
import { captureLogs } from '../../support/log-capture.ts';

const ANSWER = '我们的专利已与三家企业洽谈，预计许可费 120 万元';

describe('Telegram errors in the logs', () => {
  it('logs a failed Telegram send with method, chat and error code, never the message text', () => {
    const { logger, lines, entries } = captureLogs();
    const error = new TelegramError(
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      {
        method: 'sendMessage',
        payload: { chat_id: 77_001, text: ANSWER, reply_markup: { inline_keyboard: [[{ text: ANSWER }]] } },
      },
    );
    logger.error({ err: error, deliveryId: 'd-1' }, 'delivery failed');
    logger.warn(error);
    logger.error({ nested: { failure: error } }, 'wrapped');

    const output = lines.join('');
    expect(output).not.toContain('许可费');
    expect(output).not.toContain('payload');
    const [first, second, third] = entries();
    expect(first).toMatchObject({
      msg: 'delivery failed',
      deliveryId: 'd-1',
      err: {
        type: 'TelegramError',
        method: 'sendMessage',
        chatId: 77_001,
        code: 403,
        description: 'Forbidden: bot was blocked by the user',
      },
    });
    expect(Object.keys(first!.err as object).sort()).toEqual(
      ['chatId', 'code', 'description', 'message', 'method', 'stack', 'type'].sort(),
    );
    expect(second).toMatchObject({ err: { method: 'sendMessage', chatId: 77_001, code: 403 } });
    expect(third).toMatchObject({ nested: { failure: { method: 'sendMessage', code: 403 } } });
  });
});
