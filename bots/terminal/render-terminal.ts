// Outgoing messages as terminal lines. Buttons become short letter keys the person types instead of
// tapping; a reply's keys run on across its messages so that every key on screen can be typed.
import * as util from 'node:util';
import type { OutgoingMessage } from '../../core/channel/messages.ts';

/**
 * Key letters. "y" and "n" are left out because people type them as yes/no answers, and a key that
 * swallowed such an answer would press some unrelated button instead.
 */
export const KEY_LETTERS = 'abcdefghijklmopqrstuvwxz';

const BUTTON_GAP = '   ';

/** The key of the index-th button: a … z, then aa, ab … so that long reviews never run out. */
export function buttonKey(index: number): string {
  const base = KEY_LETTERS.length;
  let key = '';
  let rest = index;
  do {
    key = KEY_LETTERS[rest % base] + key;
    rest = Math.floor(rest / base) - 1;
  } while (rest >= 0);
  return key;
}

export interface TerminalRenderOptions {
  /** ANSI styling; only for a TTY, so piped output and logs stay plain text. */
  color?: boolean;
  /**
   * False prints buttons without keys: for messages to someone other than the person at this
   * terminal, whose buttons must not be pressed in their name.
   */
  keys?: boolean;
}

export interface TerminalRender {
  lines: string[];
  /** Typed key → the action id of its button. */
  actions: Map<string, string>;
  /** What the last message expects to be typed, if anything. */
  expects: OutgoingMessage['expects'] | undefined;
}

// util.styleText exists from Node 20.12 (a namespace import, so that an older Node does without
// instead of failing to load). Newer Nodes check process.stdout unless told otherwise; whether to
// colour was already decided for the real output.
const style = (color: boolean, format: Parameters<typeof util.styleText>[0], text: string): string =>
  color && typeof util.styleText === 'function'
    ? util.styleText(format, text, { validateStream: false })
    : text;

export function renderMessages(
  messages: readonly OutgoingMessage[],
  options: TerminalRenderOptions = {},
): TerminalRender {
  const color = options.color ?? false;
  const withKeys = options.keys ?? true;
  const lines: string[] = [];
  const actions = new Map<string, string>();
  for (const message of messages) {
    if (lines.length > 0) lines.push('');
    lines.push(...message.text.split('\n'));
    // The terminal runs on the server itself: the file is opened where it lies (kept for a day,
    // core/chat/files.ts). Chat platforms get it as an attachment and see only its name.
    if (message.image) lines.push(`🖼 ${message.image.path}`);
    if (message.attachment) lines.push(`📎 ${message.attachment.path}`);
    const rows = (message.buttons ?? []).filter((row) => row.length > 0);
    if (rows.length > 0) lines.push('');
    for (const row of rows) {
      const cells = row.map((button) => {
        if (!withKeys) return `[${button.label}]`;
        const key = buttonKey(actions.size);
        actions.set(key, button.action);
        return `${style(color, ['bold', 'cyan'], `[${key}]`)} ${button.label}`;
      });
      lines.push(cells.join(BUTTON_GAP));
    }
  }
  return { lines, actions, expects: messages.at(-1)?.expects };
}
