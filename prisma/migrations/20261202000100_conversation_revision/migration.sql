-- Conversation rows are written only through core/chat/conversation.ts, guarded by this revision.
ALTER TABLE "Conversation" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 0;
