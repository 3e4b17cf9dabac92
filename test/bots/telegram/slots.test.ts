// The Telegram message slots in their own table, on both databases: one query to load, a save that
// replaces the map, nothing core writes to Conversation can lose a slot, and the migration that moved
// the slots out of Conversation.data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlotStore, type SlotMap, type SlotStore } from '../../../bots/telegram/slots.ts';
import { ConversationCursor, IDLE, loadConversation } from '../../../core/chat/conversation.ts';
import { applyMigrations, loadMigrations } from '../../../prisma/migrator.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import {
  createEmptyTestDatabase,
  createTestDatabase,
  DATABASE_KINDS,
  type TestDatabase,
} from '../../support/databases.ts';

const SLOTS_MIGRATION = '20261202000000_telegram_message_slots';
/** Telegram user ids (and so private chat ids) no longer fit in 32 bits. */
const BIG_CHAT = 8_123_456_789;

describe.each(DATABASE_KINDS)('Telegram message slots on %s', (kind) => {
  let db: TestDatabase;
  let store: SlotStore;
  let personId: string;
  const clock = testClock();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    store = createSlotStore(db.prisma, clock);
    const person = await db.prisma.person.create({
      data: {
        name: '槽位测试',
        identities: {
          create: { channel: 'TELEGRAM', externalId: String(BIG_CHAT), address: String(BIG_CHAT) },
        },
      },
    });
    personId = person.id;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('loads nothing for someone not bound, and an empty map for a person without slots', async () => {
    expect(await store.loadFor('424242')).toBeNull();
    expect(await store.personOf('424242')).toBeNull();
    expect(await store.personOf(String(BIG_CHAT))).toBe(personId);
    expect(await store.loadFor(String(BIG_CHAT))).toEqual({ personId, slots: {} });
  });

  it('saves a map and loads it back, with 64-bit chat ids, in its own table', async () => {
    const slots: SlotMap = {
      question: { chatId: BIG_CHAT, messageId: 11, protected: true },
      menu: { chatId: BIG_CHAT, messageId: 12, protected: false },
    };
    await store.save(personId, slots);
    expect(await store.loadFor(String(BIG_CHAT))).toEqual({ personId, slots });
    const rows = await db.prisma.telegramMessageSlot.findMany({
      where: { personId },
      orderBy: { slot: 'asc' },
    });
    expect(rows.map((r) => [r.slot, r.chatId, r.messageId, r.protected])).toEqual([
      ['menu', BigInt(BIG_CHAT), 12, false],
      ['question', BigInt(BIG_CHAT), 11, true],
    ]);
    // written at the program's clock, not the database's
    expect(rows.every((r) => r.updatedAt.getTime() === TEST_NOW.getTime())).toBe(true);
    // the slots need no Conversation row any more
    expect(await db.prisma.conversation.count({ where: { personId } })).toBe(0);
  });

  it('replaces the map: a slot left out is gone, the others are updated', async () => {
    await store.save(personId, {
      question: { chatId: BIG_CHAT, messageId: 11, protected: true },
      progress: { chatId: BIG_CHAT, messageId: 20, protected: false },
      menu: { chatId: BIG_CHAT, messageId: 12, protected: false },
    });
    await store.save(personId, { menu: { chatId: BIG_CHAT, messageId: 30, protected: true } });
    expect((await store.loadFor(String(BIG_CHAT)))?.slots).toEqual({
      menu: { chatId: BIG_CHAT, messageId: 30, protected: true },
    });
    await store.save(personId, {});
    expect((await store.loadFor(String(BIG_CHAT)))?.slots).toEqual({});
  });

  it("cannot lose a slot when core writes the person's conversation", async () => {
    const slots: SlotMap = { question: { chatId: BIG_CHAT, messageId: 41, protected: true } };
    await store.save(personId, slots);
    const picked = ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'];
    const cursor = await ConversationCursor.open(db.prisma, personId, 'TELEGRAM');
    await cursor.set({ flow: 'bulk-pick', picked });
    expect((await store.loadFor(String(BIG_CHAT)))?.slots).toEqual(slots);
    await cursor.set(IDLE);
    expect((await store.loadFor(String(BIG_CHAT)))?.slots).toEqual(slots);
    // and saving slots leaves core's conversation as core wrote it
    await cursor.set({ flow: 'bulk-pick', picked });
    await store.save(personId, { ...slots, menu: { chatId: BIG_CHAT, messageId: 42, protected: false } });
    expect((await loadConversation(db.prisma, personId, 'TELEGRAM')).state).toEqual({
      flow: 'bulk-pick',
      picked,
    });
    const row = await db.prisma.conversation.findUniqueOrThrow({
      where: { personId_channel: { personId, channel: 'TELEGRAM' } },
    });
    expect(row.data).not.toHaveProperty('telegramSlots');
    // the cursor's guard saw no other writer: the slots do not touch the Conversation row
    await cursor.set(IDLE);
  });

  it('leaves out rows that do not fit the map (an unknown slot)', async () => {
    await db.prisma.telegramMessageSlot.create({
      data: {
        personId,
        slot: 'sidebar',
        chatId: BigInt(BIG_CHAT),
        messageId: 5,
        protected: false,
        updatedAt: TEST_NOW,
      },
    });
    const loaded = await store.loadFor(String(BIG_CHAT));
    expect(Object.keys(loaded?.slots ?? {}).sort()).toEqual(['menu', 'question']);
  });
});

describe.each(DATABASE_KINDS)('the telegram_message_slots migration on %s', (kind) => {
  it('moves the slots out of Conversation.data, keeping core keys and dropping what does not fit', async () => {
    const empty = await createEmptyTestDatabase(kind);
    const conn = await empty.connect();
    try {
      const migrations = await loadMigrations();
      const at = migrations.findIndex((m) => m.name === SLOTS_MIGRATION);
      expect(at).toBeGreaterThan(0);
      await applyMigrations(conn, migrations.slice(0, at));
      const people = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
      const slots = (entries: object) => JSON.stringify({ v: 1, slots: entries });
      await conn.exec(`
        INSERT INTO "Person" ("id", "name", "updatedAt") VALUES
          ('${people[0]}', 'A', '2026-11-30 08:00:00'), ('${people[1]}', 'B', '2026-11-30 08:00:00');
        INSERT INTO "Conversation" ("id", "personId", "channel", "flow", "data", "updatedAt") VALUES
          (gen_random_uuid(), '${people[0]}', 'TELEGRAM', 'bulk-pick',
           '{"picked": ["x"], "telegramSlots": ${slots({
             question: { chatId: BIG_CHAT, messageId: 7, protected: true },
             menu: { chatId: -5, messageId: 8, protected: false },
             sidebar: { chatId: 1, messageId: 9, protected: false },
             progress: { chatId: 1, messageId: 'x', protected: false },
           })}}', '2026-11-30 09:00:00'),
          (gen_random_uuid(), '${people[1]}', 'TELEGRAM', NULL,
           '{"telegramSlots": {"v": 2, "slots": {"menu": {"chatId": 1, "messageId": 1, "protected": true}}}}',
           '2026-11-30 09:00:00'),
          (gen_random_uuid(), '${people[1]}', 'SLACK', NULL, '{"picked": []}', '2026-11-30 09:00:00');
      `);
      await applyMigrations(conn, migrations);
      const rows = await conn.query<{ personId: string; slot: string; chatId: string; messageId: number }>(
        `SELECT "personId"::text AS "personId", "slot", "chatId"::text AS "chatId", "messageId", "protected"
         FROM "TelegramMessageSlot" ORDER BY "slot"`,
      );
      expect(rows).toEqual([
        { personId: people[0], slot: 'menu', chatId: '-5', messageId: 8, protected: false },
        { personId: people[0], slot: 'question', chatId: String(BIG_CHAT), messageId: 7, protected: true },
      ]);
      const data = await conn.query<{ personId: string; channel: string; data: unknown }>(
        `SELECT "personId"::text AS "personId", "channel"::text AS "channel", "data"
         FROM "Conversation" ORDER BY "personId", "channel"::text`,
      );
      expect(data).toEqual([
        { personId: people[0], channel: 'TELEGRAM', data: { picked: ['x'] } },
        { personId: people[1], channel: 'SLACK', data: { picked: [] } },
        { personId: people[1], channel: 'TELEGRAM', data: {} },
      ]);
    } finally {
      await conn.close();
      await empty.close();
    }
  }, 60_000);
});
