-- AlterTable
ALTER TABLE "Roadshow" ADD COLUMN     "broadcastQueuedAt" TIMESTAMP(3),
ADD COLUMN     "paidBroadcastAllowedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "requeues" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "resolvedAt" TIMESTAMP(3);


-- Broadcasts published before this column existed had all their invitations written by then.
UPDATE "Roadshow" SET "broadcastQueuedAt" = "createdAt" WHERE "status" <> 'DRAFT';
