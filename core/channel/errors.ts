// How a channel adapter reports a failed send, so the delivery layer can react the same way for
// every platform: wait and retry, give up for good, or retry later.

/** The platform asked us to slow down (HTTP 429 with retry_after / Retry-After). */
export class ChannelRateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    detail = 'rate limited',
  ) {
    super(detail);
  }
}

/** Retrying cannot help: the user blocked the bot, the chat or channel is gone, no identity. */
export class ChannelPermanentFailure extends Error {}

/**
 * The request may have reached the platform (the connection broke or timed out after it was
 * sent): sending again could double the message, so the delivery layer reconciles or gives up.
 */
export class ChannelOutcomeUnknown extends Error {}
