// What a feature adds to the chat: a handler for each of its button codecs (`on()`), its commands,
// the flows it runs and the kinds of list it imports from a file sent in the chat, exported as one
// ChatFeature from the feature's `routes.ts`. The chat service composes the features; adding a
// button, a command or a kind of list touches only its feature folder.
import type { IncomingEvent, IncomingMessage, OutgoingMessage } from '../channel/messages.ts';
import type { Actor } from '../people/actor.ts';
import type { EngineInput } from '../questionnaire/engine.ts';
import type { RawAnswer } from '../questionnaire/parsers/index.ts';
import type { ButtonCodec } from './buttons.ts';
import type { ChatContext } from './context.ts';
import type { Flow } from './conversation.ts';

type Replies = OutgoingMessage[] | Promise<OutgoingMessage[]>;

/** A button's handler: what pressing it does. */
export interface ButtonRoute {
  readonly code: string;
  /** The replies to a press, or null when the wire id does not decode (forged or stale). */
  press(ctx: ChatContext, raw: string): Replies | null;
}

export function on<P>(codec: ButtonCodec<P>, handle: (ctx: ChatContext, params: P) => Replies): ButtonRoute {
  return {
    code: codec.code,
    press(ctx, raw) {
      const params = codec.decode(raw);
      return params === null ? null : handle(ctx, params);
    },
  };
}

/** What a flow does with input while a person is in it (see conversation.ts for the flows). */
export interface FlowHandler {
  /** A questionnaire input: an engine button, typed text as an answer, /back, /skip, /review, /submit. */
  input?(ctx: ChatContext, input: EngineInput): Promise<OutgoingMessage[] | null>;
  /** Typed text, when the flow reads it as something other than an answer. */
  text?(ctx: ChatContext, text: string): Promise<OutgoingMessage[]>;
  /** The current page as a form (platforms with forms). */
  openForm?(ctx: ChatContext): Promise<OutgoingMessage[] | null>;
  submitForm?(
    ctx: ChatContext,
    formId: string,
    values: Record<string, RawAnswer>,
  ): Promise<OutgoingMessage[]>;
  /** Waits for one text only: any button or command leaves the flow before it is handled. */
  textOnly?: boolean;
  /** A file sent while in the flow, when the flow waits for one (instead of a list to import). */
  file?(ctx: ChatContext, file: FileEvent, message: IncomingMessage): Promise<OutgoingMessage[]>;
}

export type CommandHandler = (ctx: ChatContext, args: string, name: string) => Replies;

export type FileEvent = Extract<IncomingEvent, { kind: 'file' }>;

/**
 * One kind of list a person may send as a file (a patent list, a staff list …). A file sent in the
 * chat is read up to its header row and imported as the one kind whose headers it has
 * (core/chat/uploads/dispatch.ts); several features contribute kinds.
 */
export interface UploadKind {
  /** Unique across features; names the kind in messages (`chat:upload.kind.<kind>`) and buttons. */
  readonly kind: string;
  /**
   * How well one candidate header row fits this list: null when a required header is missing,
   * otherwise the number of columns this list knows (the kind that knows most columns wins).
   */
  recognise(headerCells: readonly string[]): number | null;
  /**
   * Why this person may not import this kind from chat (the use case's own refusal, as a full
   * message key), or null when they may. The import itself authorizes again.
   */
  refusal(actor: Actor): string | null;
  /** The headers this list needs and may have, in the reader's language (for an unrecognised file). */
  headers(ctx: ChatContext): { required: string[]; optional: string[] };
  /** Imports the file for the caller: progress in slot "progress", then the report. */
  run(ctx: ChatContext, file: FileEvent, message: IncomingMessage): Promise<OutgoingMessage[]>;
}

/** What a feature adds to the chat: its buttons, its commands, the flows it runs, the lists it imports. */
export interface ChatFeature {
  buttons?: ButtonRoute[];
  commands?: Record<string, CommandHandler>;
  flows?: Partial<Record<Flow, FlowHandler>>;
  uploads?: UploadKind[];
}

export interface ComposedChat {
  buttons: ReadonlyMap<string, ButtonRoute>;
  commands: ReadonlyMap<string, CommandHandler>;
  flows: Partial<Record<Flow, FlowHandler>>;
  /** In the order the features were composed (help lists them in this order). */
  uploads: readonly UploadKind[];
}

/**
 * The features together; a button code, command, flow or upload kind claimed twice is a
 * programming error.
 */
export function composeFeatures(...features: ChatFeature[]): ComposedChat {
  const buttons = new Map<string, ButtonRoute>();
  const commands = new Map<string, CommandHandler>();
  const flows: Partial<Record<Flow, FlowHandler>> = {};
  const uploads: UploadKind[] = [];
  for (const feature of features) {
    for (const kind of feature.uploads ?? []) {
      if (uploads.some((u) => u.kind === kind.kind))
        throw new Error(`upload kind declared twice: ${kind.kind}`);
      uploads.push(kind);
    }
    for (const route of feature.buttons ?? []) {
      if (buttons.has(route.code)) throw new Error(`button code declared twice: ${route.code}`);
      buttons.set(route.code, route);
    }
    for (const [name, handler] of Object.entries(feature.commands ?? {})) {
      if (commands.has(name)) throw new Error(`command declared twice: ${name}`);
      commands.set(name, handler);
    }
    for (const [flow, handler] of Object.entries(feature.flows ?? {}) as [Flow, FlowHandler][]) {
      if (flows[flow]) throw new Error(`flow declared twice: ${flow}`);
      flows[flow] = handler;
    }
  }
  return { buttons, commands, flows, uploads };
}
