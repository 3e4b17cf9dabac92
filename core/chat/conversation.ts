// Where a person is in the chat, per channel, kept in the database so that a restart or another
// bot instance continues the same conversation. This module is the only writer of the Conversation
// row: the state is a versioned zod union keyed by the flow, loaded once per turn (ChatContext.
// conversation) and written only with an optimistic guard on the row's revision, so two updates
// handled at once cannot both apply to the same state.
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client.ts';
import type { ChannelName } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { enterpriseProfileDraft, enterpriseRegistrationDraft } from '../enterprises/chat-state.ts';
import { expertProfileField } from '../experts/chat-state.ts';
import { institutionRegistrationDraft } from '../institutions/chat-state.ts';
import { roadshowDraftSchema } from '../roadshows/create-draft-state.ts';

const id = z.uuid();

export const conversationState = z.discriminatedUnion('flow', [
  z.object({ flow: z.literal('idle') }),
  /** Answering a patent's self-assessment. */
  z.object({ flow: z.literal('self-assessment'), responseId: id }),
  /** An enterprise answering its evaluation of a pushed patent. */
  z.object({ flow: z.literal('evaluation'), responseId: id }),
  /** The shared part of a bulk self-assessment (`responseId` is the bulk response). */
  z.object({ flow: z.literal('bulk'), responseId: id }),
  /** After the shared part: each patent of the bulk group confirmed one by one. */
  z.object({ flow: z.literal('bulk-queue'), responseId: id, bulkId: id }),
  /** Picking the patents of a bulk self-assessment by hand. */
  z.object({ flow: z.literal('bulk-pick'), picked: z.array(id) }),
  /** A coordinator returning a patent: the next text is the comment. */
  z.object({ flow: z.literal('return-comment'), patentId: id }),
  /** A coordinator's roadshow wizard. */
  z.object({ flow: z.literal('roadshow-create'), draft: roadshowDraftSchema }),
  /** Registering an enterprise (core/enterprises/register-chat.ts), from a public link or /register. */
  z.object({ flow: z.literal('enterprise-register'), draft: enterpriseRegistrationDraft }),
  /** An enterprise administrator editing its profile (/profile). */
  z.object({ flow: z.literal('enterprise-profile'), draft: enterpriseProfileDraft }),
  /** An administrator registering an institution (core/institutions/register-chat.ts, /institution). */
  z.object({ flow: z.literal('institution-register'), draft: institutionRegistrationDraft }),
  /** An expert editing their own profile (core/experts/profile-chat.ts): the next text is this field. */
  z.object({ flow: z.literal('expert-profile'), field: expertProfileField }),
  /** Picking experts to ask for an evaluation of a patent (core/expert-evaluation). */
  z.object({ flow: z.literal('expert-pick'), patentId: id, picked: z.array(id).max(5) }),
  /** An expert answering an evaluation request's questionnaire (core/expert-evaluation). */
  z.object({ flow: z.literal('expert-evaluation'), requestId: id }),
  /** An expert declining a request: the next text is the reason. */
  z.object({ flow: z.literal('expert-decline'), requestId: id }),
  /**
   * A file matched several kinds of list and the person chose one (core/chat/uploads): the next file
   * they send is imported as that kind. The file itself cannot be kept: a platform's file is opened
   * only while its message is handled.
   */
  z.object({ flow: z.literal('upload-kind'), kind: z.string().regex(/^[a-z-]{1,24}$/) }),
  /**
   * A coordinator attaching a deal's contract (core/deals/contract-chat.ts): the next file sent is
   * the contract; `replace` once they confirmed replacing the one the deal has.
   */
  z.object({ flow: z.literal('deal-contract'), dealId: id, replace: z.boolean() }),
]);
export type ConversationState = z.output<typeof conversationState>;
export type Flow = ConversationState['flow'];
export type StateOf<F extends Flow> = Extract<ConversationState, { flow: F }>;

/** The version of the stored shape: `data = { v, state }`. Rows without `v` predate it. */
const STORED_VERSION = 1;
const stored = z.object({ v: z.literal(STORED_VERSION), state: z.unknown() });

export const IDLE: ConversationState = { flow: 'idle' };

/** A state as loaded: `revision` is what a write must still find (null: no row yet). */
export interface LoadedConversation {
  state: ConversationState;
  revision: number | null;
}

/** Another update of the same person's conversation was written first. */
export class ConversationChanged extends Error {
  constructor() {
    super('conversation changed meanwhile');
  }
}

export async function loadConversation(
  db: Db,
  personId: string,
  channel: ChannelName,
): Promise<LoadedConversation> {
  const row = await db.conversation.findUnique({ where: { personId_channel: { personId, channel } } });
  if (!row) return { state: IDLE, revision: null };
  return { state: readState(row), revision: row.revision };
}

/** Anything unreadable (a state from a newer or broken version) is idle: the person starts over. */
function readState(row: { flow: string | null; subjectId: string | null; data: unknown }): ConversationState {
  const current = stored.safeParse(row.data);
  const candidate = current.success ? current.data.state : legacyState(row);
  const parsed = conversationState.safeParse(candidate);
  return parsed.success ? parsed.data : IDLE;
}

/** Rows written before the versioned shape: the flow and subject in columns, extras in `data`. */
function legacyState(row: { flow: string | null; subjectId: string | null; data: unknown }): unknown {
  const data = (row.data ?? {}) as { picked?: unknown; bulkId?: unknown; roadshow?: unknown };
  switch (row.flow) {
    case 'self-assessment':
    case 'evaluation':
    case 'bulk':
      return { flow: row.flow, responseId: row.subjectId };
    case 'bulk-queue':
      return { flow: row.flow, responseId: row.subjectId, bulkId: data.bulkId };
    case 'bulk-pick':
      return { flow: row.flow, picked: data.picked ?? [] };
    case 'return-comment':
      return { flow: row.flow, patentId: row.subjectId };
    case 'roadshow-create':
      return { flow: row.flow, draft: data.roadshow };
    default:
      return IDLE;
  }
}

/** The subject the columns show (for an operator reading the table), whatever the flow. */
function subjectOf(state: ConversationState): string | null {
  switch (state.flow) {
    case 'self-assessment':
    case 'evaluation':
    case 'bulk':
    case 'bulk-queue':
      return state.responseId;
    case 'return-comment':
    case 'expert-pick':
      return state.patentId;
    case 'expert-evaluation':
    case 'expert-decline':
      return state.requestId;
    case 'deal-contract':
      return state.dealId;
    default:
      return null;
  }
}

/**
 * Writes `next` if the row is still at the revision `loaded` read; the new loaded state, or null
 * when another update wrote first (nothing is written then).
 */
export async function writeConversation(
  db: Db,
  personId: string,
  channel: ChannelName,
  loaded: LoadedConversation,
  next: ConversationState,
): Promise<LoadedConversation | null> {
  const state = conversationState.parse(next);
  const values = {
    flow: state.flow === 'idle' ? null : state.flow,
    subjectId: subjectOf(state),
    data: { v: STORED_VERSION, state } as unknown as Prisma.InputJsonValue,
  };
  if (loaded.revision === null) {
    const { count } = await db.conversation.createMany({
      data: [{ personId, channel, ...values, revision: 1 }],
      skipDuplicates: true,
    });
    return count === 1 ? { state, revision: 1 } : null;
  }
  const { count } = await db.conversation.updateMany({
    where: { personId, channel, revision: loaded.revision },
    data: { ...values, revision: { increment: 1 } },
  });
  return count === 1 ? { state, revision: loaded.revision + 1 } : null;
}

/** One person's conversation during one turn: loaded once, every write guarded against it. */
export class ConversationCursor {
  constructor(
    private readonly db: Db,
    private readonly personId: string,
    private readonly channel: ChannelName,
    private loaded: LoadedConversation,
  ) {}

  static async open(db: Db, personId: string, channel: ChannelName): Promise<ConversationCursor> {
    return new ConversationCursor(db, personId, channel, await loadConversation(db, personId, channel));
  }

  get state(): ConversationState {
    return this.loaded.state;
  }

  /** Moves to `next`; throws ConversationChanged when another update wrote since this turn read. */
  async set(next: ConversationState): Promise<void> {
    const written = await writeConversation(this.db, this.personId, this.channel, this.loaded, next);
    if (!written) throw new ConversationChanged();
    this.loaded = written;
  }

  /**
   * Applies `change` to the current state and stores its result, recomputed on the fresh state when
   * another update got there first (for changes that are safe to recompute, like a wizard's draft).
   */
  async update<T>(change: (state: ConversationState) => Promise<{ next: ConversationState; result: T }>) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { next, result } = await change(this.loaded.state);
      if (next === this.loaded.state) return result;
      const written = await writeConversation(this.db, this.personId, this.channel, this.loaded, next);
      if (written) {
        this.loaded = written;
        return result;
      }
      this.loaded = await loadConversation(this.db, this.personId, this.channel);
    }
    throw new ConversationChanged();
  }
}
