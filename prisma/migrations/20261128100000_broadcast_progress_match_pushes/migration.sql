-- AlterTable
ALTER TABLE "MatchPush" ADD COLUMN     "pushedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Roadshow" ADD COLUMN     "broadcastFinishedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "MatchPush_status_pushedAt_idx" ON "MatchPush"("status", "pushedAt");

