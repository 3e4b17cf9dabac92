// Where a person is in the chat, per channel, kept in the database so that a restart or another
// bot instance continues the same conversation.
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client.ts';
import type { ChannelName } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';

// 'return-comment': a coordinator returning the patent in subjectId; the next text is the comment.
export type Flow = 'self-assessment' | 'evaluation' | 'bulk' | 'bulk-queue' | 'bulk-pick' | 'return-comment';

const conversationData = z.object({
  /** Bulk: the patents picked by hand so far. */
  picked: z.array(z.string()).default([]),
  /** Bulk queue: the bulk response whose members are being confirmed one by one. */
  bulkId: z.string().optional(),
});
export type ConversationData = z.infer<typeof conversationData>;

export interface ConversationState {
  flow: Flow | null;
  subjectId: string | null;
  data: ConversationData;
}

const FLOWS: readonly Flow[] = [
  'self-assessment',
  'evaluation',
  'bulk',
  'bulk-queue',
  'bulk-pick',
  'return-comment',
];

export async function loadConversation(
  db: Db,
  personId: string,
  channel: ChannelName,
): Promise<ConversationState> {
  const row = await db.conversation.findUnique({ where: { personId_channel: { personId, channel } } });
  const flow = row?.flow && (FLOWS as readonly string[]).includes(row.flow) ? (row.flow as Flow) : null;
  const data = conversationData.safeParse(row?.data ?? {});
  return { flow, subjectId: row?.subjectId ?? null, data: data.success ? data.data : { picked: [] } };
}

export async function saveConversation(
  db: Db,
  personId: string,
  channel: ChannelName,
  state: ConversationState,
): Promise<void> {
  const values = {
    flow: state.flow,
    subjectId: state.subjectId,
    data: state.data as unknown as Prisma.InputJsonValue,
  };
  await db.conversation.upsert({
    where: { personId_channel: { personId, channel } },
    create: { personId, channel, ...values },
    update: values,
  });
}

export const idle = (): ConversationState => ({ flow: null, subjectId: null, data: { picked: [] } });
