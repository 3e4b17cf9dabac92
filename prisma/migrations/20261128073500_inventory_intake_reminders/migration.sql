-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "TransformationKind" AS ENUM ('TRANSFER', 'LICENCE', 'EQUITY', 'SELF_IMPLEMENTATION', 'INDUSTRIALIZATION');

-- CreateEnum
CREATE TYPE "IntroductionStatus" AS ENUM ('REQUESTED', 'CONTACTED', 'CLOSED');

-- AlterTable
ALTER TABLE "Roadshow" ADD COLUMN     "audience" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "actorId" UUID,
    "fileName" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'RUNNING',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invite" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "institutionId" UUID,
    "enterpriseId" UUID,
    "role" "Role" NOT NULL,
    "createdById" UUID,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedChannel" "Channel",
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TransformationRecord" (
    "id" UUID NOT NULL,
    "patentId" UUID NOT NULL,
    "kind" "TransformationKind" NOT NULL,
    "licenceType" TEXT,
    "counterparty" TEXT,
    "contractDate" DATE,
    "filingNumber" TEXT,
    "filedAt" DATE,
    "amountWanYuan" DECIMAL(14,2),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransformationRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "source" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedUpdate_pkey" PRIMARY KEY ("source","key")
);

-- CreateTable
CREATE TABLE "ReminderMute" (
    "personId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderMute_pkey" PRIMARY KEY ("personId","kind")
);

-- CreateTable
CREATE TABLE "Introduction" (
    "id" UUID NOT NULL,
    "patentId" UUID NOT NULL,
    "requesterId" UUID NOT NULL,
    "roadshowId" UUID,
    "status" "IntroductionStatus" NOT NULL DEFAULT 'REQUESTED',
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Introduction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportRun_institutionId_startedAt_idx" ON "ImportRun"("institutionId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invite_tokenHash_key" ON "Invite"("tokenHash");

-- CreateIndex
CREATE INDEX "Invite_personId_idx" ON "Invite"("personId");

-- CreateIndex
CREATE INDEX "Invite_institutionId_idx" ON "Invite"("institutionId");

-- CreateIndex
CREATE INDEX "TransformationRecord_patentId_idx" ON "TransformationRecord"("patentId");

-- CreateIndex
CREATE INDEX "ProcessedUpdate_processedAt_idx" ON "ProcessedUpdate"("processedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Introduction_patentId_requesterId_roadshowId_key" ON "Introduction"("patentId", "requesterId", "roadshowId");


-- A role is unique per person and scope, including unscoped roles (NULL scope columns), which a
-- plain unique index would treat as distinct. Prisma's schema language cannot say NULLS NOT DISTINCT.
DROP INDEX "RoleAssignment_personId_role_institutionId_enterpriseId_pro_key";
CREATE UNIQUE INDEX "RoleAssignment_personId_role_institutionId_enterpriseId_pro_key"
  ON "RoleAssignment"("personId", "role", "institutionId", "enterpriseId", "province") NULLS NOT DISTINCT;

-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'SKIPPED';

-- Interest expressed outside any roadshow (roadshowId NULL) must also be recorded once.
DROP INDEX "Introduction_patentId_requesterId_roadshowId_key";
CREATE UNIQUE INDEX "Introduction_patentId_requesterId_roadshowId_key"
  ON "Introduction"("patentId", "requesterId", "roadshowId") NULLS NOT DISTINCT;
