-- CreateTable
CREATE TABLE "TelegramMessageSlot" (
    "personId" UUID NOT NULL,
    "slot" TEXT NOT NULL,
    "chatId" BIGINT NOT NULL,
    "messageId" INTEGER NOT NULL,
    "protected" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TelegramMessageSlot_pkey" PRIMARY KEY ("personId","slot")
);

-- AddForeignKey
ALTER TABLE "TelegramMessageSlot" ADD CONSTRAINT "TelegramMessageSlot_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: the slots kept so far in Conversation.data under "telegramSlots"
-- ({ "v": 1, "slots": { "<slot>": { "chatId", "messageId", "protected" } } }) move here; entries
-- that do not fit (unknown slot, malformed ids) are dropped, as the bot's reader ignored them. A lost
-- entry only means that the next reply is sent as a new message instead of an edit.
INSERT INTO "TelegramMessageSlot" ("personId", "slot", "chatId", "messageId", "protected", "updatedAt")
SELECT c."personId", s.key, (s.value->>'chatId')::bigint, (s.value->>'messageId')::integer,
       (s.value->>'protected')::boolean, c."updatedAt"
FROM "Conversation" c
CROSS JOIN LATERAL jsonb_each(
  CASE WHEN jsonb_typeof(c."data"->'telegramSlots'->'slots') = 'object'
       THEN c."data"->'telegramSlots'->'slots' ELSE '{}'::jsonb END
) AS s
WHERE c."channel" = 'TELEGRAM'
  AND c."data"->'telegramSlots'->>'v' = '1'
  AND s.key IN ('question', 'progress', 'menu')
  AND jsonb_typeof(s.value) = 'object'
  AND jsonb_typeof(s.value->'protected') = 'boolean'
  AND (s.value->>'chatId') ~ '^-?[0-9]{1,18}$'
  -- the cast only once the pattern matched: SQL does not promise to evaluate AND left to right
  AND CASE WHEN (s.value->>'messageId') ~ '^[0-9]{1,10}$'
           THEN (s.value->>'messageId')::bigint BETWEEN 1 AND 2147483647 ELSE false END
ON CONFLICT ("personId", "slot") DO NOTHING;

UPDATE "Conversation" SET "data" = "data" - 'telegramSlots'
WHERE "data"->'telegramSlots' IS NOT NULL;
