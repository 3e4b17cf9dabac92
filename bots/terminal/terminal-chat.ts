// The terminal chat: a thin translator between typed lines and the channel port. It holds no
// questionnaire logic; core decides what every line means and keeps the state in the database.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { IncomingEvent, IncomingMessage } from '../../core/channel/messages.ts';
import type { ChatService } from '../../core/chat/chat-service.ts';
import { type Locale, t } from '../../core/i18n.ts';
import { TerminalChannel } from './terminal-channel.ts';

export const PROMPT = '> ';

interface LineReader {
  rl: Interface;
  lines: AsyncIterator<string>;
  closed: boolean;
  /** Piped input is not echoed by a terminal; echoing it keeps transcripts readable. */
  echo: boolean;
}

// One reader per input stream: the terminal demo (scripts/start/terminal-demo.ts) asks for a
// persona before the chat starts, and a second readline on the same stream would lose the lines
// the first had already read from a pipe.
const readers = new WeakMap<Readable, LineReader>();

const isTty = (stream: Readable | Writable) => (stream as { isTTY?: boolean }).isTTY === true;

function lineReader(input: Readable, output: Writable): LineReader {
  const existing = readers.get(input);
  if (existing) return existing;
  const rl = createInterface({ input, output, terminal: isTty(input) && isTty(output) });
  // Created at once: the iterator buffers lines that arrive while a reply is still being computed.
  const reader: LineReader = { rl, lines: rl[Symbol.asyncIterator](), closed: false, echo: !isTty(input) };
  // In raw mode Ctrl-C reaches readline, not the process: treat it like Ctrl-D.
  rl.on('SIGINT', () => rl.close());
  rl.once('close', () => {
    reader.closed = true;
    readers.delete(input);
  });
  readers.set(input, reader);
  return reader;
}

async function nextLine(reader: LineReader, output: Writable, prompt: string): Promise<string | null> {
  if (reader.closed) return null;
  reader.rl.setPrompt(prompt);
  reader.rl.prompt();
  const next = await reader.lines.next();
  if (next.done) return null;
  if (reader.echo) output.write(`${next.value}\n`);
  return next.value;
}

/** Reads one line after showing a prompt; null at the end of the input (Ctrl-D, pipe closed) or on abort. */
export async function readLine(
  input: Readable,
  output: Writable,
  prompt = PROMPT,
  signal?: AbortSignal,
): Promise<string | null> {
  if (signal?.aborted) return null;
  const reader = lineReader(input, output);
  const stop = () => reader.rl.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    return await nextLine(reader, output, prompt);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

export interface TerminalChatOptions {
  chat: ChatService;
  /** The persona key: the TERMINAL channel identity's externalId ("inventor", "enterprise" …). */
  persona: string;
  input: Readable;
  output: Writable;
  /**
   * For the terminal's own words (the goodbye); core localizes its replies itself. A function is
   * asked when the words are needed, so that a /lang during the session is respected.
   */
  locale: Locale | (() => Locale | Promise<Locale>);
  /** Prints the replies; pass the one the job layer sends through, so both share the keys. */
  channel?: TerminalChannel;
  /** Stops the chat after the line being handled (SIGINT, SIGTERM). */
  signal?: AbortSignal;
}

export type TerminalChatEnd = 'quit' | 'eof' | 'aborted';

type LineMeaning =
  | { kind: 'event'; event: IncomingEvent }
  /** `/file <path>`: the terminal's way to send a file (a list to import), read from this machine. */
  | { kind: 'file'; path: string }
  | { kind: 'quit' }
  | { kind: 'ignore' };

const QUIT_COMMANDS = new Set(['quit', 'exit']);
const FILE_COMMAND = 'file';

const MIME_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The file at `typed` (relative to the working directory, `~` for home) as a chat upload, or null. */
export async function terminalFileEvent(typed: string): Promise<IncomingEvent | null> {
  const unquoted = typed.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (unquoted === '') return null;
  const resolved = path.resolve(unquoted.replace(/^~(?=$|[\\/])/, os.homedir()));
  const info = await stat(resolved).catch(() => null);
  if (!info?.isFile()) return null;
  return {
    kind: 'file',
    fileName: path.basename(resolved),
    mimeType: MIME_TYPES[path.extname(resolved).toLowerCase()] ?? null,
    size: info.size,
    open: async () => createReadStream(resolved),
  };
}

/** What a typed line means, given the buttons on screen. */
export function interpretLine(raw: string, channel: TerminalChannel): LineMeaning {
  const line = raw.trim();
  const action = channel.actionFor(line);
  if (action !== undefined) return { kind: 'event', event: { kind: 'action', action } };
  if (line.length > 1 && line.startsWith('/')) {
    const [, command = '', args = ''] = /^\/(\S+)\s*(.*)$/s.exec(line) ?? [];
    if (QUIT_COMMANDS.has(command.toLowerCase())) return { kind: 'quit' };
    if (command.toLowerCase() === FILE_COMMAND) return { kind: 'file', path: args };
    return { kind: 'event', event: { kind: 'command', command, args } };
  }
  if (line === '') {
    // An empty answer skips an optional question; anywhere else an empty line is just Enter.
    return channel.expectsTypedAnswer()
      ? { kind: 'event', event: { kind: 'text', text: '' } }
      : { kind: 'ignore' };
  }
  return { kind: 'event', event: { kind: 'text', text: line } };
}

export async function runTerminalChat(options: TerminalChatOptions): Promise<TerminalChatEnd> {
  const { chat, persona, input, output, locale, signal } = options;
  const channel =
    options.channel ?? new TerminalChannel({ output, ...(typeof locale === 'string' ? { locale } : {}) });
  channel.persona = persona;
  const reader = lineReader(input, output);
  const stop = () => reader.rl.close();
  signal?.addEventListener('abort', stop, { once: true });
  channel.onProactive = () => {
    if (!reader.closed) reader.rl.prompt(true);
  };

  const send = async (event: IncomingEvent) => {
    const message: IncomingMessage = { channel: 'TERMINAL', userId: persona, chatIsPrivate: true, event };
    channel.show(await chat.handle(message));
  };

  let end: TerminalChatEnd = 'eof';
  try {
    if (signal?.aborted) return 'aborted';
    // Core resumes an open questionnaire exactly where it stopped, or shows the menu.
    await send({ kind: 'command', command: 'start', args: '' });
    for (;;) {
      const line = await nextLine(reader, output, PROMPT);
      if (signal?.aborted) {
        end = 'aborted';
        break;
      }
      if (line === null) break;
      const meaning = interpretLine(line, channel);
      if (meaning.kind === 'quit') {
        end = 'quit';
        break;
      }
      if (meaning.kind === 'event') await send(meaning.event);
      if (meaning.kind === 'file') {
        const event = await terminalFileEvent(meaning.path);
        if (event) await send(event);
        else {
          const words = typeof locale === 'function' ? await locale() : locale;
          const key = meaning.path.trim() === '' ? 'terminal:chat.file_usage' : 'terminal:chat.file_missing';
          output.write(`${t(words, key, { path: meaning.path.trim() })}\n`);
        }
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    channel.onProactive = null;
    reader.rl.close();
  }
  const finalLocale = typeof locale === 'function' ? await locale() : locale;
  output.write(`\n${t(finalLocale, 'terminal:chat.goodbye')}\n`);
  return end;
}
