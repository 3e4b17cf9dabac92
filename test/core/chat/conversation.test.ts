// The conversation is written only through core/chat/conversation.ts: a versioned union keyed by the
// flow, guarded by the row's revision; rows from before the versioned shape are still read.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversationChanged,
  ConversationCursor,
  IDLE,
  loadConversation,
} from '../../../core/chat/conversation.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('conversation state on %s', (kind) => {
  let db: TestDatabase;
  let personId: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    personId = (await db.prisma.person.create({ data: { name: '王会话' } })).id;
  });
  afterAll(() => db?.close());

  it('starts idle, stores each flow and reads it back', async () => {
    const cursor = await ConversationCursor.open(db.prisma, personId, 'TERMINAL');
    expect(cursor.state).toEqual(IDLE);
    const responseId = randomUUID();
    const bulkId = randomUUID();
    await cursor.set({ flow: 'bulk-queue', responseId, bulkId });
    expect((await loadConversation(db.prisma, personId, 'TERMINAL')).state).toEqual({
      flow: 'bulk-queue',
      responseId,
      bulkId,
    });
    const row = await db.prisma.conversation.findUniqueOrThrow({
      where: { personId_channel: { personId, channel: 'TERMINAL' } },
    });
    expect(row).toMatchObject({ flow: 'bulk-queue', subjectId: responseId, revision: 1 });
    await cursor.set(IDLE);
    expect((await loadConversation(db.prisma, personId, 'TERMINAL')).state).toEqual(IDLE);
  });

  it('refuses the second of two writes made from the same state', async () => {
    const first = await ConversationCursor.open(db.prisma, personId, 'SLACK');
    const second = await ConversationCursor.open(db.prisma, personId, 'SLACK');
    await first.set({ flow: 'bulk-pick', picked: [randomUUID()] });
    await expect(second.set({ flow: 'bulk-pick', picked: [] })).rejects.toBeInstanceOf(ConversationChanged);
    const stored = await loadConversation(db.prisma, personId, 'SLACK');
    expect(stored.state).toEqual(first.state);
    // The same holds once the row exists: the revision, not the row's existence, is the guard.
    const third = await ConversationCursor.open(db.prisma, personId, 'SLACK');
    await first.set(IDLE);
    await expect(third.set({ flow: 'bulk-pick', picked: [] })).rejects.toBeInstanceOf(ConversationChanged);
  });

  it('recomputes an update on the state another write left', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const stale = await ConversationCursor.open(db.prisma, personId, 'TELEGRAM');
    const other = await ConversationCursor.open(db.prisma, personId, 'TELEGRAM');
    await other.set({ flow: 'bulk-pick', picked: [a] });
    const seen: unknown[] = [];
    await stale.update(async (state) => {
      seen.push(state);
      const picked = state.flow === 'bulk-pick' ? state.picked : [];
      return { next: { flow: 'bulk-pick', picked: [...picked, b] }, result: null };
    });
    expect(seen).toEqual([IDLE, { flow: 'bulk-pick', picked: [a] }]);
    expect((await loadConversation(db.prisma, personId, 'TELEGRAM')).state).toEqual({
      flow: 'bulk-pick',
      picked: [a, b],
    });
  });

  it('reads rows written before the versioned shape, and unreadable ones as idle', async () => {
    const legacy = (await db.prisma.person.create({ data: { name: '旧会话' } })).id;
    const responseId = randomUUID();
    const bulkId = randomUUID();
    await db.prisma.conversation.create({
      data: {
        personId: legacy,
        channel: 'TERMINAL',
        flow: 'bulk-queue',
        subjectId: responseId,
        data: { picked: [], bulkId },
      },
    });
    expect((await loadConversation(db.prisma, legacy, 'TERMINAL')).state).toEqual({
      flow: 'bulk-queue',
      responseId,
      bulkId,
    });
    await db.prisma.conversation.create({
      data: { personId: legacy, channel: 'SLACK', flow: 'return-comment', subjectId: null, data: {} },
    });
    expect((await loadConversation(db.prisma, legacy, 'SLACK')).state).toEqual(IDLE);
    await db.prisma.conversation.create({
      data: { personId: legacy, channel: 'TELEGRAM', data: { v: 1, state: { flow: 'time-travel' } } },
    });
    expect((await loadConversation(db.prisma, legacy, 'TELEGRAM')).state).toEqual(IDLE);
  });
});
