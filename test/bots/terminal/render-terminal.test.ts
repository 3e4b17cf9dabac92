import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buttonKey, KEY_LETTERS, renderMessages } from '../../../bots/terminal/render-terminal.ts';
import type { OutgoingMessage } from '../../../core/channel/messages.ts';

const ESC = '\u001b[';

const buttons = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ label: `B${i + 1}`, action: `act:${i + 1}` }));

describe('buttonKey', () => {
  it('uses letters, leaving out y and n, which people type as answers', () => {
    const keys = Array.from({ length: KEY_LETTERS.length }, (_, i) => buttonKey(i));
    expect(keys.slice(0, 14).join('')).toBe('abcdefghijklmo');
    expect(keys).not.toContain('n');
    expect(keys).not.toContain('y');
    expect(new Set(keys).size).toBe(24);
    expect(keys.at(-1)).toBe('z');
  });

  it('goes on with two letters when one is not enough', () => {
    expect(buttonKey(24)).toBe('aa');
    expect(buttonKey(25)).toBe('ab');
    expect(buttonKey(24 + 24)).toBe('ba');
    const many = Array.from({ length: 600 }, (_, i) => buttonKey(i));
    expect(new Set(many).size).toBe(600);
    expect(many.some((k) => /[ny]/.test(k))).toBe(false);
  });
});

describe('renderMessages', () => {
  it('prints the text, then each row of buttons on its own line with its key', () => {
    const message: OutgoingMessage = {
      text: '请选择转化方式\n（可多选）',
      buttons: [
        [
          { label: '转让', action: 'q:t:x:transfer' },
          { label: '许可', action: 'q:t:x:licence' },
        ],
        [{ label: '完成选择', action: 'q:ok:x' }],
      ],
      expects: 'choice',
    };
    const rendered = renderMessages([message]);
    expect(rendered.lines).toEqual([
      '请选择转化方式',
      '（可多选）',
      '',
      '[a] 转让   [b] 许可',
      '[c] 完成选择',
    ]);
    expect([...rendered.actions]).toEqual([
      ['a', 'q:t:x:transfer'],
      ['b', 'q:t:x:licence'],
      ['c', 'q:ok:x'],
    ]);
    expect(rendered.expects).toBe('choice');
  });

  it('skips y and n in long button lists, such as a review with many edit buttons', () => {
    const rendered = renderMessages([{ text: 'review', buttons: [buttons(20), buttons(6)] }]);
    expect(rendered.actions.size).toBe(26);
    expect(rendered.actions.has('n')).toBe(false);
    expect(rendered.actions.has('y')).toBe(false);
    expect(rendered.actions.get('m')).toBe('act:13');
    expect(rendered.actions.get('o')).toBe('act:14');
    expect(rendered.actions.get('z')).toBe('act:4');
    expect(rendered.actions.get('aa')).toBe('act:5');
    expect(rendered.lines[2]).toContain('[m] B13   [o] B14');
  });

  it('numbers keys on across the messages of one reply, so every key on screen works', () => {
    const rendered = renderMessages([
      { text: '✅ 已提交', buttons: [[{ label: '🏠 主菜单', action: 'm' }]] },
      { text: '⚠️ 请输入数字' },
      { text: '下一件', buttons: [[{ label: '是', action: 'q:a:f:true' }]], expects: 'choice' },
    ]);
    expect(rendered.lines).toEqual([
      '✅ 已提交',
      '',
      '[a] 🏠 主菜单',
      '',
      '⚠️ 请输入数字',
      '',
      '下一件',
      '',
      '[b] 是',
    ]);
    expect(rendered.actions.get('a')).toBe('m');
    expect(rendered.actions.get('b')).toBe('q:a:f:true');
  });

  it('reports what the last message expects to be typed', () => {
    expect(renderMessages([{ text: 'q', expects: 'text' }]).expects).toBe('text');
    expect(renderMessages([{ text: 'q', expects: 'text' }, { text: 'menu' }]).expects).toBeUndefined();
    expect(renderMessages([]).expects).toBeUndefined();
  });

  it('renders confidential messages like any other: the terminal is private', () => {
    const rendered = renderMessages([
      { text: '答案：是', confidential: true, buttons: [[{ label: 'OK', action: 'x' }]] },
    ]);
    expect(rendered.lines).toEqual(['答案：是', '', '[a] OK']);
  });

  it('shows buttons without keys when asked, and then maps no keys', () => {
    const rendered = renderMessages([{ text: 'for someone else', buttons: [buttons(2)] }], { keys: false });
    expect(rendered.lines.at(-1)).toBe('[B1]   [B2]');
    expect(rendered.actions.size).toBe(0);
  });

  it('colours keys only when asked to', () => {
    const plain = renderMessages([{ text: 't', buttons: [buttons(1)] }], { color: false });
    expect(plain.lines.join('\n')).not.toContain(ESC);
    const coloured = renderMessages([{ text: 't', buttons: [buttons(1)] }], { color: true });
    expect(coloured.lines.at(-1)).toContain(ESC);
    expect(stripVTControlCharacters(coloured.lines.at(-1)!)).toBe('[a] B1');
  });

  it('shows where an attachment lies: the person at the terminal is at the server', () => {
    const file = '/srv/revive/data/files/reply-abc123/inventory.xlsx';
    const { lines } = renderMessages([
      { text: '📤 inventory.xlsx', attachment: { fileName: 'inventory.xlsx', path: file, mimeType: 'x' } },
    ]);
    expect(lines).toEqual(['📤 inventory.xlsx', `📎 ${file}`]);
  });
});
