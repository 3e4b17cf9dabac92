// How a failed Bot API call is logged (core/logger.ts asks the adapters): telegraf's TelegramError
// carries the whole request it failed on, message text included; an operator needs which call, to
// which chat, and Telegram's answer. Registered when the Telegram adapter is loaded.
import { TelegramError } from 'telegraf';
import { registerErrorSummarizer, scrubSecrets } from '../../core/logger.ts';

export function summarizeTelegramError(error: object): Record<string, unknown> | undefined {
  if (!(error instanceof TelegramError)) return undefined;
  const on = (error as { on?: { method?: unknown; payload?: { chat_id?: unknown } } }).on;
  const chatId = on?.payload?.chat_id;
  const retryAfter = error.response.parameters?.retry_after;
  return {
    type: error.constructor?.name || 'TelegramError',
    message: scrubSecrets(error.message),
    ...(typeof on?.method === 'string' ? { method: on.method } : {}),
    ...(typeof chatId === 'number' || typeof chatId === 'string' ? { chatId } : {}),
    code: error.response.error_code,
    ...(typeof error.response.description === 'string'
      ? { description: scrubSecrets(error.response.description) }
      : {}),
    ...(typeof retryAfter === 'number' ? { retryAfter } : {}),
    ...(typeof error.stack === 'string' ? { stack: scrubSecrets(error.stack) } : {}),
  };
}

registerErrorSummarizer(summarizeTelegramError);
