// Which Telegram message currently shows each slot ('question', 'progress', 'menu') of a person's
// private chat, kept in the database so that a restarted or second bot instance edits the same
// message. One row per person and slot in its own table, TelegramMessageSlot: core owns the
// Conversation row and rewrites it whole, so nothing it writes can lose a slot.
//
// The map is read before core handles an update (loadFor) and written after the replies went out
// (save). A lost entry only means that the next reply is sent as a new message instead of an edit.
import { z } from 'zod';
import type { OutgoingMessage } from '../../core/channel/messages.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/database.ts';

export type Slot = NonNullable<OutgoingMessage['slot']>;

const SLOTS = ['question', 'progress', 'menu'] as const satisfies readonly Slot[];
const slotEntry = z.object({
  chatId: z.number().int(),
  messageId: z.number().int().positive(),
  /** Sent with protect_content: an edit cannot add the protection later. */
  protected: z.boolean(),
});
export type SlotEntry = z.infer<typeof slotEntry>;
export type SlotMap = Partial<Record<Slot, SlotEntry>>;

interface SlotRow {
  personId: string;
  slot: string | null;
  chatId: bigint | number | string | null;
  messageId: number | null;
  protected: boolean | null;
}

/** The rows of one person (none, or one per slot) as a map; rows that do not fit are left out. */
function toSlotMap(rows: readonly SlotRow[]): SlotMap {
  const slots: SlotMap = {};
  for (const row of rows) {
    if (!(SLOTS as readonly string[]).includes(row.slot ?? '')) continue;
    const entry = slotEntry.safeParse({
      chatId: row.chatId === null ? null : Number(row.chatId),
      messageId: row.messageId,
      protected: row.protected,
    });
    if (entry.success) slots[row.slot as Slot] = entry.data;
  }
  return slots;
}

export interface SlotStore {
  /** The person behind a Telegram user id, if they are bound. */
  personOf(userId: string): Promise<string | null>;
  /** The bound person and their slot map, in one query; null for someone not bound. */
  loadFor(userId: string): Promise<{ personId: string; slots: SlotMap } | null>;
  /** Replaces the person's slot map with this one. */
  save(personId: string, slots: SlotMap): Promise<void>;
}

export function createSlotStore(db: Db, clock: Clock): SlotStore {
  return {
    async personOf(userId) {
      const identity = await db.channelIdentity.findUnique({
        where: { channel_externalId: { channel: 'TELEGRAM', externalId: userId } },
        select: { personId: true },
      });
      return identity?.personId ?? null;
    },
    async loadFor(userId) {
      // Raw SQL: one round trip on every update, about five times cheaper than the relation query.
      // One row per slot, or one row of nulls for a bound person without slots.
      const rows = await db.$queryRaw<SlotRow[]>`
        SELECT ci."personId"::text AS "personId", s."slot", s."chatId", s."messageId", s."protected"
        FROM "ChannelIdentity" ci
        LEFT JOIN "TelegramMessageSlot" s ON s."personId" = ci."personId"
        WHERE ci."channel" = 'TELEGRAM'::"Channel" AND ci."externalId" = ${userId}`;
      const first = rows[0];
      return first ? { personId: first.personId, slots: toSlotMap(rows) } : null;
    },
    async save(personId, slots) {
      // One atomic statement: the slots not in the map go, the others are inserted or updated.
      const entries = Object.entries(slots)
        .filter((entry): entry is [Slot, SlotEntry] => entry[1] !== undefined)
        .map(([slot, e]) => ({ slot, chatId: e.chatId, messageId: e.messageId, protected: e.protected }));
      const json = JSON.stringify(entries);
      await db.$executeRaw`
        WITH e AS (
          SELECT * FROM jsonb_to_recordset(${json}::jsonb)
            AS e("slot" text, "chatId" bigint, "messageId" integer, "protected" boolean)
        ), gone AS (
          DELETE FROM "TelegramMessageSlot"
          WHERE "personId" = ${personId}::uuid AND "slot" NOT IN (SELECT "slot" FROM e)
        )
        INSERT INTO "TelegramMessageSlot" ("personId", "slot", "chatId", "messageId", "protected", "updatedAt")
        SELECT ${personId}::uuid, e."slot", e."chatId", e."messageId", e."protected", ${clock.now()}
        FROM e
        ON CONFLICT ("personId", "slot") DO UPDATE
          SET "chatId" = excluded."chatId", "messageId" = excluded."messageId",
              "protected" = excluded."protected", "updatedAt" = excluded."updatedAt"`;
    },
  };
}
