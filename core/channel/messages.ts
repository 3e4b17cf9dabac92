// The channel port: what core receives from a chat platform and what it answers with.
// Core never sees Telegram or Slack objects; adapters translate to and from these shapes.
import type { RawAnswer } from '../questionnaire/parsers/index.ts';

export type ChannelName = 'TELEGRAM' | 'SLACK' | 'TERMINAL';

export type IncomingEvent =
  /** "/start abc", "/help", "/lang en", "/menu" — command without the slash, arguments as typed. */
  | { kind: 'command'; command: string; args: string }
  | { kind: 'text'; text: string }
  /** A button press; `action` is the opaque id core put on the button (≤ 64 bytes). */
  | { kind: 'action'; action: string }
  /**
   * Something sent that the bot cannot read (a sticker, photo, voice message, location…): answered
   * with a hint rather than silence. `what` is the platform's name for it, for logs only.
   */
  | { kind: 'unsupported'; what: string }
  /** A form (Slack modal page) submitted with its field values, keyed by question id. */
  | { kind: 'form'; formId: string; values: Record<string, RawAnswer> }
  /** An uploaded file (an import list); the adapter downloads it only when core asks. */
  | {
      kind: 'file';
      fileName: string;
      mimeType: string | null;
      size: number | null;
      open(): Promise<NodeJS.ReadableStream>;
    };

export interface IncomingMessage {
  channel: ChannelName;
  /** Platform user id (Telegram user id; Slack "<team>:<user>"; terminal persona key). */
  userId: string;
  /** Group chats and channels never receive confidential content. */
  chatIsPrivate: boolean;
  event: IncomingEvent;
  /** The platform's language hint for people not yet known. */
  languageHint?: string;
  /** Where proactive messages reach this person (Telegram private chat id, Slack DM channel). */
  address?: string | null;
  /** The adapter can show a questionnaire page as a form (OutgoingMessage.form) and send 'form' events. */
  supportsForms?: boolean;
  /**
   * For long operations (an import): sends or updates in place a message with slot 'progress'
   * before the final replies. Adapters that cannot edit messages may omit it.
   */
  progress?: (message: OutgoingMessage) => Promise<void>;
}

export interface Button {
  label: string;
  action: string;
}

/** A page of questions for platforms with forms (Slack modals). */
export interface FormField {
  id: string;
  label: string;
  help?: string;
  required: boolean;
  kind: 'single' | 'multi' | 'text' | 'multiline' | 'number' | 'date' | 'yes_no' | 'scale' | 'trl';
  options?: { id: string; label: string; description?: string }[];
  initial?: RawAnswer;
  placeholder?: string;
  maxLength?: number;
}

export interface FormView {
  formId: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** e.g. "2 / 5" */
  progress: string;
  /** Per-field messages when a submitted page was refused; nothing of it was stored. */
  errors?: Record<string, string>;
}

export interface OutgoingMessage {
  text: string;
  /** Rows of buttons. */
  buttons?: Button[][];
  /**
   * Messages with the same slot replace the previous one in place where the platform can edit
   * messages (a question being answered), instead of flooding the chat.
   */
  slot?: 'question' | 'progress' | 'menu';
  /** Assessment data: never to a group chat, protected from forwarding where supported. */
  confidential?: boolean;
  /** Present when the reply is better shown as a form (Slack); text/buttons remain the fallback. */
  form?: FormView;
  /** What the respondent is expected to type, for placeholders and terminal prompts. */
  expects?: 'text' | 'number' | 'date' | 'choice';
  /** A file to send with the message (an export, an import's error file), read from `path`. */
  attachment?: { fileName: string; path: string; mimeType: string };
  /**
   * A picture to show with the message (a chart), read from `path` (a private chat file): a photo
   * on Telegram, an uploaded image on Slack, the path in the terminal. `alt` describes it in words.
   */
  image?: { fileName: string; path: string; mimeType: string; alt: string };
}

/** Where a proactive message goes: the person's identity on one channel. */
export interface RecipientAddress {
  channel: ChannelName;
  userId: string;
  /** Private chat / DM id when it differs from the user id. */
  address?: string | null;
}

/** Implemented by each adapter (terminal, Telegram, Slack); the job layer sends through it. */
export interface ChannelPort {
  readonly channel: ChannelName;
  /**
   * `deliveryKey` is the outbox idempotency key; adapters that implement `findDelivered` attach it to
   * the message so that it can be found after a crash.
   */
  send(
    to: RecipientAddress,
    message: OutgoingMessage,
    /** `paidBroadcast`: Telegram's paid broadcast for this message (allowed and within the cap). */
    options?: { deliveryKey?: string; paidBroadcast?: boolean },
  ): Promise<{ messageId: string }>;
  /**
   * Replaces a message sent earlier (a broadcast's progress message) in place. An unchanged text
   * is not an error. Adapters that cannot edit omit it.
   */
  edit?(to: RecipientAddress, messageId: string, message: OutgoingMessage): Promise<void>;
  /**
   * After a crash between sending and recording: the id of a message this adapter sent with
   * `deliveryKey` (its idempotency key) since `since`, or null when none was. Only adapters whose
   * platform can be asked (Slack's message metadata) implement it; for the others it is unknown.
   */
  findDelivered?(to: RecipientAddress, deliveryKey: string, since: Date): Promise<string | null>;
}
