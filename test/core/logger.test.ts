// What reaches a log line: the project logger written to a stream, as the supervisor would read it.
// Message texts (assessment answers), contact details and secrets stay out at any depth; what an
// operator needs to act on a failure (method, chat, error code) stays in.
import { describe, expect, it } from 'vitest';
import { REDACTED, registerErrorSummarizer } from '../../core/logger.ts';
import { captureLogs } from '../support/log-capture.ts';

const ANSWER = '我们的专利已与三家企业洽谈，预计许可费 120 万元';

describe('project logger', () => {
  it('logs an error a channel adapter knows by the summary the adapter registered', () => {
    const { logger, lines, entries } = captureLogs();
    class PlatformError extends Error {
      constructor(readonly request: { text: string; chat: number }) {
        super('platform said no');
      }
    }
    const error = new PlatformError({ text: ANSWER, chat: 5 });
    registerErrorSummarizer((e) =>
      e instanceof PlatformError ? { type: 'PlatformError', chat: e.request.chat } : undefined,
    );
    logger.error({ err: error }, 'send failed');
    logger.error({ err: new Error('other') }, 'plain');
    expect(lines.join('')).not.toContain('许可费');
    const [first, second] = entries();
    expect(first!.err).toEqual({ type: 'PlatformError', chat: 5 });
    expect(second!.err).toMatchObject({ type: 'Error', message: 'other' });
  });

  it('redacts texts, contact details and secrets at any depth, and leaves the rest', () => {
    const { logger, lines, entries } = captureLogs();
    logger.info(
      {
        delivery: {
          person: { profile: { email: 'zhang.wei@dhut.example.cn', phone: '13800138000', locale: 'zh-CN' } },
          request: { options: { headers: { Authorization: 'Bearer abc123def456' } } },
          message: { parts: [{ text: ANSWER, caption: ANSWER }] },
          assessment: { answers: { q1: ANSWER } },
          slack: { config: { signing_secret: 's3cr3t-value', appToken: 'xapp-1-abc' } },
        },
        attempt: 2,
        job: { data: { token: 'inv-192bit-abcdef' } },
      },
      'deep',
    );
    const output = lines.join('');
    for (const leaked of [
      '许可费',
      'zhang.wei@',
      '13800138000',
      'abc123def456',
      's3cr3t-value',
      'xapp-1-abc',
      'inv-192bit',
    ])
      expect(output).not.toContain(leaked);
    const [entry] = entries();
    expect(entry).toMatchObject({
      attempt: 2,
      job: { data: { token: REDACTED } },
      delivery: {
        person: { profile: { email: REDACTED, phone: REDACTED, locale: 'zh-CN' } },
        request: { options: { headers: { Authorization: REDACTED } } },
        message: { parts: [{ text: REDACTED, caption: REDACTED }] },
        assessment: { answers: REDACTED },
        slack: { config: { signing_secret: REDACTED, appToken: REDACTED } },
      },
    });
  });

  it('masks passwords of connection URLs and bot tokens in any string, and does not change what it was given', () => {
    const { logger, lines, entries } = captureLogs();
    const given = { target: { url: 'postgresql://revive:hunter2@db.example.cn/revive' }, text: ANSWER };
    logger.info(given, 'open');
    const failure = Object.assign(new Error('GET https://api.telegram.org/bot123456:AAbbCCdd/getMe failed'), {
      code: 'ECONNRESET',
      request: { options: { body: { text: ANSWER } } },
    });
    logger.error({ err: failure }, 'network');
    const output = lines.join('');
    expect(output).not.toContain('hunter2');
    expect(output).not.toContain('AAbbCCdd');
    expect(output).not.toContain('许可费');
    const [open, network] = entries();
    expect(open).toMatchObject({
      target: { url: 'postgresql://revive:***@db.example.cn/revive' },
      text: REDACTED,
    });
    expect(network).toMatchObject({
      err: { type: 'Error', code: 'ECONNRESET', request: { options: { body: REDACTED } } },
    });
    expect((network!.err as { message: string }).message).toContain('/getMe failed');
    expect(given.text).toBe(ANSWER);
    expect(given.target.url).toContain('hunter2');
  });

  it('survives cycles and very deep objects', () => {
    const { logger, entries } = captureLogs();
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { text: ANSWER };
    for (let i = 0; i < 30; i += 1) deep = { down: deep };
    logger.info({ cyclic, deep }, 'odd shapes');
    const [entry] = entries();
    expect(entry).toMatchObject({ cyclic: { name: 'loop' } });
    expect(JSON.stringify(entry)).not.toContain('许可费');
  });
});
