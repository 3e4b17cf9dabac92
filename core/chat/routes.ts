// What a feature adds to the chat: a handler for each of its button codecs (`on()`), its commands
// and the flows it runs, exported as one ChatFeature from the feature's `routes.ts`. The chat
// service composes the features; adding a button or a command touches only its feature folder.
import type { IncomingEvent, IncomingMessage, OutgoingMessage } from '../channel/messages.ts';
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
}

export type CommandHandler = (ctx: ChatContext, args: string, name: string) => Replies;

export type FileEvent = Extract<IncomingEvent, { kind: 'file' }>;
/** A file sent in the chat (one feature takes them: the coordinator's patent list import). */
export type UploadHandler = (ctx: ChatContext, file: FileEvent, message: IncomingMessage) => Replies;

/** What a feature adds to the chat: its buttons, its commands, the flows it runs. */
export interface ChatFeature {
  buttons?: ButtonRoute[];
  commands?: Record<string, CommandHandler>;
  flows?: Partial<Record<Flow, FlowHandler>>;
  upload?: UploadHandler;
}

export interface ComposedChat {
  buttons: ReadonlyMap<string, ButtonRoute>;
  commands: ReadonlyMap<string, CommandHandler>;
  flows: Partial<Record<Flow, FlowHandler>>;
  upload: UploadHandler | null;
}

/** The features together; a button code, command or flow claimed twice is a programming error. */
export function composeFeatures(...features: ChatFeature[]): ComposedChat {
  const buttons = new Map<string, ButtonRoute>();
  const commands = new Map<string, CommandHandler>();
  const flows: Partial<Record<Flow, FlowHandler>> = {};
  let upload: UploadHandler | null = null;
  for (const feature of features) {
    if (feature.upload) {
      if (upload) throw new Error('file uploads claimed twice');
      upload = feature.upload;
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
  return { buttons, commands, flows, upload };
}
