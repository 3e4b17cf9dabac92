// OutgoingMessage → Bot API parameters: keyboards, protection, and splitting long texts cleanly.
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, RenderError, renderMessage, splitText } from '../../../bots/telegram/render.ts';

describe('splitText', () => {
  it('leaves a text within the limit alone', () => {
    expect(splitText('第一行\n第二行')).toEqual(['第一行\n第二行']);
  });

  it('splits at the last line break that fits, dropping the break', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const parts = splitText(lines.join('\n'), 100);
    expect(parts.every((p) => p.length <= 100)).toBe(true);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    expect(parts.every((p) => p.startsWith('line '))).toBe(true);
  });

  it('falls back to a space, then to a hard cut that never halves a surrogate pair', () => {
    expect(splitText('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
    const emoji = '😀'.repeat(5); // 10 UTF-16 code units
    const parts = splitText(emoji, 5);
    expect(parts.join('')).toBe(emoji);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(5);
    for (const part of parts) expect([...part].every((c) => c === '😀')).toBe(true);
  });

  it('never produces an empty part, and never an empty message', () => {
    expect(splitText('a\n\n\n\nb', 2)).toEqual(['a', 'b']);
    expect(splitText('')).toEqual(['…']);
  });

  it('keeps Chinese text over 4096 characters in parts of at most 4096', () => {
    const text = Array.from({ length: 300 }, (_, i) => `${i}、专利盘活工作方案要求逐件评估。`).join('\n');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= MAX_TEXT_LENGTH)).toBe(true);
    expect(parts.join('\n')).toBe(text);
  });
});

describe('renderMessage', () => {
  it('turns button rows into an inline keyboard on the last part, protected when confidential', () => {
    const parts = renderMessage(
      {
        text: `${'a'.repeat(30)}\n${'b'.repeat(30)}`,
        buttons: [[{ label: '是', action: 'q:a:x:true' }], []],
        confidential: true,
      },
      40,
    );
    expect(parts).toEqual([
      { text: 'a'.repeat(30), protect_content: true },
      {
        text: 'b'.repeat(30),
        protect_content: true,
        reply_markup: { inline_keyboard: [[{ text: '是', callback_data: 'q:a:x:true' }]] },
      },
    ]);
  });

  it('sends no parse_mode: text goes out as typed, markup characters included', () => {
    const [part] = renderMessage({ text: '<b>*_[x](y)_*</b>' });
    expect(part).toEqual({ text: '<b>*_[x](y)_*</b>' });
  });

  it('refuses a button whose action is over 64 bytes rather than failing at Telegram', () => {
    expect(() => renderMessage({ text: 'x', buttons: [[{ label: 'x', action: 'é'.repeat(33) }]] })).toThrow(
      RenderError,
    );
  });
});
