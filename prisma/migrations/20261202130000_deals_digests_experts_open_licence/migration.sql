-- CreateEnum
CREATE TYPE "ExpertRequestStatus" AS ENUM ('INVITED', 'ACCEPTED', 'DECLINED', 'SUBMITTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "OpenLicenceFeeMode" AS ENUM ('FREE', 'ONE_OFF', 'ROYALTY');

-- AlterEnum
ALTER TYPE "TransformationKind" ADD VALUE 'OTHER';

-- AlterTable
ALTER TABLE "MatchPush" ADD COLUMN     "openedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "TransformationRecord" ADD COLUMN     "contractFile" TEXT,
ADD COLUMN     "enterpriseId" UUID,
ADD COLUMN     "openLicenceClaimId" UUID,
ADD COLUMN     "recordedById" UUID;

-- CreateTable
CREATE TABLE "DigestPreference" (
    "personId" UUID NOT NULL,
    "weekday" INTEGER NOT NULL DEFAULT 1,
    "hour" INTEGER NOT NULL DEFAULT 9,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DigestPreference_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "DigestSnapshot" (
    "scope" TEXT NOT NULL,
    "weekStart" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestSnapshot_pkey" PRIMARY KEY ("scope","weekStart")
);

-- CreateTable
CREATE TABLE "ExpertEvaluationRequest" (
    "id" UUID NOT NULL,
    "patentId" UUID NOT NULL,
    "expertId" UUID NOT NULL,
    "requestedById" UUID NOT NULL,
    "requesterEnterpriseId" UUID,
    "status" "ExpertRequestStatus" NOT NULL DEFAULT 'INVITED',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "declineReason" TEXT,
    "respondedAt" TIMESTAMP(3),
    "reassignedToId" UUID,
    "questionnaireId" TEXT,
    "questionnaireVersion" INTEGER,
    "state" JSONB,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "valueGrade" TEXT,
    "releasedAt" TIMESTAMP(3),
    "releasedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExpertEvaluationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertEvaluationAnswer" (
    "requestId" UUID NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertEvaluationAnswer_pkey" PRIMARY KEY ("requestId","questionId")
);

-- CreateTable
CREATE TABLE "OpenLicenceDeclaration" (
    "patentId" UUID NOT NULL,
    "feeMode" "OpenLicenceFeeMode" NOT NULL,
    "amountWanYuan" DECIMAL(14,2),
    "royaltyPercent" DECIMAL(5,2),
    "royaltyBase" TEXT,
    "termYears" INTEGER,
    "evaluationReport" BOOLEAN NOT NULL DEFAULT false,
    "declaredById" UUID NOT NULL,
    "declaredAt" TIMESTAMP(3) NOT NULL,
    "releasedAt" TIMESTAMP(3),
    "releasedById" UUID,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "OpenLicenceDeclaration_pkey" PRIMARY KEY ("patentId")
);

-- CreateTable
CREATE TABLE "OpenLicenceClaim" (
    "id" UUID NOT NULL,
    "patentId" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "claimedById" UUID NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "feeReceivedAt" TIMESTAMP(3),
    "feeConfirmedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenLicenceClaim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExpertEvaluationRequest_expertId_status_idx" ON "ExpertEvaluationRequest"("expertId", "status");

-- CreateIndex
CREATE INDEX "ExpertEvaluationRequest_status_dueAt_idx" ON "ExpertEvaluationRequest"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExpertEvaluationRequest_patentId_expertId_key" ON "ExpertEvaluationRequest"("patentId", "expertId");

-- CreateIndex
CREATE UNIQUE INDEX "OpenLicenceClaim_patentId_enterpriseId_key" ON "OpenLicenceClaim"("patentId", "enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "TransformationRecord_openLicenceClaimId_key" ON "TransformationRecord"("openLicenceClaimId");

-- CreateIndex
CREATE INDEX "TransformationRecord_enterpriseId_idx" ON "TransformationRecord"("enterpriseId");

-- Records of patents deleted before this foreign key existed have nothing left to describe.
DELETE FROM "TransformationRecord" t WHERE NOT EXISTS (SELECT 1 FROM "Patent" p WHERE p.id = t."patentId");

-- AddForeignKey
ALTER TABLE "TransformationRecord" ADD CONSTRAINT "TransformationRecord_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TransformationRecord" ADD CONSTRAINT "TransformationRecord_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestPreference" ADD CONSTRAINT "DigestPreference_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertEvaluationRequest" ADD CONSTRAINT "ExpertEvaluationRequest_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertEvaluationRequest" ADD CONSTRAINT "ExpertEvaluationRequest_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertEvaluationAnswer" ADD CONSTRAINT "ExpertEvaluationAnswer_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ExpertEvaluationRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLicenceDeclaration" ADD CONSTRAINT "OpenLicenceDeclaration_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLicenceClaim" ADD CONSTRAINT "OpenLicenceClaim_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "OpenLicenceDeclaration"("patentId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLicenceClaim" ADD CONSTRAINT "OpenLicenceClaim_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

