// The terminal as a channel: one person at a keyboard. It prints what core sends, both replies
// and proactive messages from the job layer, and remembers which typed key stands for which button.
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { ChannelPort, OutgoingMessage, RecipientAddress } from '../../core/channel/messages.ts';
import { type Locale, t } from '../../core/i18n.ts';
import { renderMessages } from './render-terminal.ts';

export interface TerminalChannelOptions {
  output: Writable;
  /** Defaults to: the output is a TTY and NO_COLOR is not set. */
  color?: boolean;
  locale?: Locale;
}

export function wantsColor(output: Writable): boolean {
  return (output as Writable & { isTTY?: boolean }).isTTY === true && !process.env.NO_COLOR;
}

export class TerminalChannel implements ChannelPort {
  readonly channel = 'TERMINAL' as const;
  /** The persona at the keyboard, once known: only their messages get pressable keys. */
  persona: string | null = null;
  /** Called after a proactive message, so the chat loop can show its prompt again. */
  onProactive: (() => void) | null = null;

  private readonly output: Writable;
  private readonly color: boolean;
  private readonly locale: Locale;
  private actions = new Map<string, string>();
  private lastExpects: OutgoingMessage['expects'] | undefined;

  constructor(options: TerminalChannelOptions) {
    this.output = options.output;
    this.color = options.color ?? wantsColor(options.output);
    this.locale = options.locale ?? 'zh-CN';
  }

  /** Prints a reply to the person at the keyboard; its buttons become the keys they can type. */
  show(messages: readonly OutgoingMessage[]): void {
    if (messages.length === 0) return;
    const rendered = renderMessages(messages, { color: this.color });
    this.actions = rendered.actions;
    this.lastExpects = rendered.expects;
    this.write(rendered.lines);
  }

  /** The action of the button whose key was typed, if the line is one of the keys on screen. */
  actionFor(line: string): string | undefined {
    return this.actions.get(line.trim().toLowerCase());
  }

  /** Whether the message on screen asks for typed input, where an empty line means "no answer". */
  expectsTypedAnswer(): boolean {
    return this.lastExpects === 'text' || this.lastExpects === 'number' || this.lastExpects === 'date';
  }

  async send(to: RecipientAddress, message: OutgoingMessage): Promise<{ messageId: string }> {
    if (to.channel !== 'TERMINAL') throw new Error(`the terminal cannot send to ${to.channel}`);
    this.print(to, message);
    return { messageId: randomUUID() };
  }

  /** A terminal cannot change what it printed: the new version is printed below. */
  async edit(to: RecipientAddress, _messageId: string, message: OutgoingMessage): Promise<void> {
    if (to.channel !== 'TERMINAL') throw new Error(`the terminal cannot edit on ${to.channel}`);
    this.print(to, message);
  }

  private print(to: RecipientAddress, message: OutgoingMessage): void {
    if (this.persona === null || to.userId === this.persona) {
      // Starts on a fresh line: the person may be half-way through typing at the prompt.
      this.output.write('\n');
      this.show([message]);
    } else {
      // A demo runs one persona per terminal; messages for the others are shown so the demo
      // makes sense, but pressing their buttons would act in the wrong person's name.
      const rendered = renderMessages([message], { color: this.color, keys: false });
      this.write([
        '',
        t(this.locale, 'terminal:chat.message_for', { persona: to.userId }),
        ...rendered.lines,
      ]);
    }
    this.onProactive?.();
  }

  private write(lines: string[]): void {
    this.output.write(`${lines.join('\n')}\n\n`);
  }
}
