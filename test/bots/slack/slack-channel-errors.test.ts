import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { classifySlackError } from '../../../bots/slack/slack-channel.ts';
import {
  ChannelOutcomeUnknown,
  ChannelPermanentFailure,
  ChannelRateLimited,
} from '../../../core/channel/errors.ts';

describe('Slack send errors for the delivery layer', () => {
  it('turns a rate limit into a pause of Retry-After seconds', () => {
    const error = classifySlackError({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(error).toBeInstanceOf(ChannelRateLimited);
    expect((error as ChannelRateLimited).retryAfterMs).toBe(7000);
  });

  it('gives up on a channel or user that is gone', () => {
    for (const reason of ['channel_not_found', 'user_not_found', 'is_archived', 'account_inactive']) {
      const error = classifySlackError({ code: webApi.ErrorCode.PlatformError, data: { error: reason } });
      expect(error).toBeInstanceOf(ChannelPermanentFailure);
    }
  });

  it('leaves other errors to be retried', () => {
    const original = { code: webApi.ErrorCode.PlatformError, data: { error: 'internal_error' } };
    expect(classifySlackError(original)).toBe(original);
  });

  it('treats a post that got no answer as possibly made, to be looked up before posting again', () => {
    for (const code of [webApi.ErrorCode.RequestError, webApi.ErrorCode.HTTPError]) {
      expect(classifySlackError({ code })).toBeInstanceOf(ChannelOutcomeUnknown);
    }
  });
});
