-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "InstitutionKind" AS ENUM ('UNIVERSITY', 'RESEARCH_INSTITUTE', 'HOSPITAL', 'COLLEGE');

-- CreateEnum
CREATE TYPE "MilestoneMetric" AS ENUM ('INVENTORIED_SHARE', 'EVALUATED_SHARE');

-- CreateEnum
CREATE TYPE "EmploymentStatus" AS ENUM ('SERVING', 'STUDENT', 'RETIRED', 'LEFT');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('INVENTOR', 'COLLEGE_COORDINATOR', 'UNIVERSITY_COORDINATOR', 'ENTERPRISE_STAFF', 'EXPERT', 'BUREAU_OFFICER', 'ADMIN');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('TELEGRAM', 'SLACK', 'TERMINAL');

-- CreateEnum
CREATE TYPE "PatentType" AS ENUM ('INVENTION', 'UTILITY_MODEL', 'DESIGN');

-- CreateEnum
CREATE TYPE "LegalStatus" AS ENUM ('VALID', 'LAPSED', 'INVALIDATED', 'PENDING');

-- CreateEnum
CREATE TYPE "InventoryStatus" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'SUBMITTED', 'COLLEGE_APPROVED', 'RETURNED', 'IN_POOL', 'SCREENED_OUT');

-- CreateEnum
CREATE TYPE "ResponseStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'RETURNED');

-- CreateEnum
CREATE TYPE "ScreeningLevel" AS ENUM ('COLLEGE', 'UNIVERSITY');

-- CreateEnum
CREATE TYPE "ScreeningOutcome" AS ENUM ('APPROVED', 'RETURNED', 'SCREENED_OUT');

-- CreateEnum
CREATE TYPE "EnterpriseType" AS ENUM ('IP_DEMONSTRATION', 'SPECIALIZED_SME', 'HIGH_TECH', 'STATE_OWNED', 'OTHER');

-- CreateEnum
CREATE TYPE "MatchStatus" AS ENUM ('PENDING', 'SENT', 'VIEWED', 'EVALUATED', 'DECLINED', 'INTERESTED');

-- CreateEnum
CREATE TYPE "RoadshowStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'CANCELLED', 'FINISHED');

-- CreateEnum
CREATE TYPE "Rsvp" AS ENUM ('PENDING', 'YES', 'NO', 'MAYBE', 'WAITLIST');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'DEAD');

-- CreateTable
CREATE TABLE "Institution" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT,
    "kind" "InstitutionKind" NOT NULL,
    "province" TEXT NOT NULL,
    "parentId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "province" TEXT,
    "grantedBefore" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "metric" "MilestoneMetric" NOT NULL DEFAULT 'INVENTORIED_SHARE',
    "dueDate" DATE NOT NULL,
    "targetPercent" INTEGER NOT NULL,

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "mobile" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "employment" "EmploymentStatus" NOT NULL DEFAULT 'SERVING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "institutionId" UUID,
    "enterpriseId" UUID,
    "province" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelIdentity" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "externalId" TEXT NOT NULL,
    "address" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "flow" TEXT,
    "subjectId" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Patent" (
    "id" UUID NOT NULL,
    "applicationNumber" TEXT NOT NULL,
    "publicationNumber" TEXT,
    "title" TEXT NOT NULL,
    "abstract" TEXT,
    "type" "PatentType" NOT NULL,
    "ipcCodes" TEXT[],
    "locarnoClass" TEXT,
    "applicationDate" DATE NOT NULL,
    "grantDate" DATE,
    "legalStatus" "LegalStatus" NOT NULL,
    "patentees" TEXT[],
    "institutionId" UUID NOT NULL,
    "collegeId" UUID,
    "responsibleInventorId" UUID,
    "inventoryStatus" "InventoryStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Patent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatentInventor" (
    "patentId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "personId" UUID,

    CONSTRAINT "PatentInventor_pkey" PRIMARY KEY ("patentId","position")
);

-- CreateTable
CREATE TABLE "BulkAssessment" (
    "id" UUID NOT NULL,
    "respondentId" UUID NOT NULL,
    "questionnaireId" TEXT NOT NULL,
    "questionnaireVersion" INTEGER NOT NULL,
    "status" "ResponseStatus" NOT NULL DEFAULT 'DRAFT',
    "state" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BulkAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfAssessment" (
    "id" UUID NOT NULL,
    "patentId" UUID NOT NULL,
    "respondentId" UUID NOT NULL,
    "questionnaireId" TEXT NOT NULL,
    "questionnaireVersion" INTEGER NOT NULL,
    "status" "ResponseStatus" NOT NULL DEFAULT 'DRAFT',
    "state" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "bulkId" UUID,
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SelfAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfAssessmentAnswer" (
    "assessmentId" UUID NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SelfAssessmentAnswer_pkey" PRIMARY KEY ("assessmentId","questionId")
);

-- CreateTable
CREATE TABLE "ScreeningDecision" (
    "id" UUID NOT NULL,
    "assessmentId" UUID NOT NULL,
    "level" "ScreeningLevel" NOT NULL,
    "outcome" "ScreeningOutcome" NOT NULL,
    "comment" TEXT,
    "deciderId" UUID NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScreeningDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enterprise" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "creditCode" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "types" "EnterpriseType"[],
    "ipcInterests" TEXT[],
    "keywords" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnterpriseEvaluation" (
    "id" UUID NOT NULL,
    "patentId" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "evaluatorId" UUID NOT NULL,
    "questionnaireId" TEXT NOT NULL,
    "questionnaireVersion" INTEGER NOT NULL,
    "status" "ResponseStatus" NOT NULL DEFAULT 'DRAFT',
    "state" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EnterpriseEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationAnswer" (
    "evaluationId" UUID NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvaluationAnswer_pkey" PRIMARY KEY ("evaluationId","questionId")
);

-- CreateTable
CREATE TABLE "Expert" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "institutionId" UUID,
    "ipcFields" TEXT[],
    "keywords" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Expert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatchPush" (
    "id" UUID NOT NULL,
    "patentId" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reasons" JSONB NOT NULL,
    "status" "MatchStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MatchPush_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Roadshow" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "location" TEXT,
    "onlineUrl" TEXT,
    "capacity" INTEGER,
    "status" "RoadshowStatus" NOT NULL DEFAULT 'DRAFT',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Roadshow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoadshowPatent" (
    "roadshowId" UUID NOT NULL,
    "patentId" UUID NOT NULL,

    CONSTRAINT "RoadshowPatent_pkey" PRIMARY KEY ("roadshowId","patentId")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "roadshowId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "rsvp" "Rsvp" NOT NULL DEFAULT 'PENDING',
    "respondedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "providerMessageId" TEXT,
    "notBefore" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "actorId" UUID,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "institutionId" UUID,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Institution_code_key" ON "Institution"("code");

-- CreateIndex
CREATE INDEX "Institution_parentId_idx" ON "Institution"("parentId");

-- CreateIndex
CREATE INDEX "Institution_province_idx" ON "Institution"("province");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_campaignId_metric_dueDate_key" ON "Milestone"("campaignId", "metric", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE INDEX "RoleAssignment_institutionId_role_idx" ON "RoleAssignment"("institutionId", "role");

-- CreateIndex
CREATE INDEX "RoleAssignment_enterpriseId_idx" ON "RoleAssignment"("enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleAssignment_personId_role_institutionId_enterpriseId_pro_key" ON "RoleAssignment"("personId", "role", "institutionId", "enterpriseId", "province");

-- CreateIndex
CREATE INDEX "ChannelIdentity_personId_idx" ON "ChannelIdentity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelIdentity_channel_externalId_key" ON "ChannelIdentity"("channel", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_personId_channel_key" ON "Conversation"("personId", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "Patent_applicationNumber_key" ON "Patent"("applicationNumber");

-- CreateIndex
CREATE INDEX "Patent_institutionId_inventoryStatus_idx" ON "Patent"("institutionId", "inventoryStatus");

-- CreateIndex
CREATE INDEX "Patent_collegeId_inventoryStatus_idx" ON "Patent"("collegeId", "inventoryStatus");

-- CreateIndex
CREATE INDEX "Patent_responsibleInventorId_idx" ON "Patent"("responsibleInventorId");

-- CreateIndex
CREATE INDEX "PatentInventor_personId_idx" ON "PatentInventor"("personId");

-- CreateIndex
CREATE INDEX "SelfAssessment_respondentId_status_idx" ON "SelfAssessment"("respondentId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SelfAssessment_patentId_key" ON "SelfAssessment"("patentId");

-- CreateIndex
CREATE INDEX "ScreeningDecision_assessmentId_idx" ON "ScreeningDecision"("assessmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Enterprise_creditCode_key" ON "Enterprise"("creditCode");

-- CreateIndex
CREATE UNIQUE INDEX "EnterpriseEvaluation_patentId_enterpriseId_key" ON "EnterpriseEvaluation"("patentId", "enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "Expert_personId_key" ON "Expert"("personId");

-- CreateIndex
CREATE INDEX "MatchPush_enterpriseId_status_idx" ON "MatchPush"("enterpriseId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MatchPush_patentId_enterpriseId_key" ON "MatchPush"("patentId", "enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_roadshowId_personId_key" ON "Invitation"("roadshowId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_idempotencyKey_key" ON "Delivery"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Delivery_status_notBefore_idx" ON "Delivery"("status", "notBefore");

-- CreateIndex
CREATE INDEX "AuditLog_subjectType_subjectId_idx" ON "AuditLog"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "AuditLog_institutionId_createdAt_idx" ON "AuditLog"("institutionId", "createdAt");

-- AddForeignKey
ALTER TABLE "Institution" ADD CONSTRAINT "Institution_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelIdentity" ADD CONSTRAINT "ChannelIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patent" ADD CONSTRAINT "Patent_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patent" ADD CONSTRAINT "Patent_collegeId_fkey" FOREIGN KEY ("collegeId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patent" ADD CONSTRAINT "Patent_responsibleInventorId_fkey" FOREIGN KEY ("responsibleInventorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatentInventor" ADD CONSTRAINT "PatentInventor_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatentInventor" ADD CONSTRAINT "PatentInventor_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfAssessment" ADD CONSTRAINT "SelfAssessment_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfAssessment" ADD CONSTRAINT "SelfAssessment_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfAssessment" ADD CONSTRAINT "SelfAssessment_bulkId_fkey" FOREIGN KEY ("bulkId") REFERENCES "BulkAssessment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfAssessmentAnswer" ADD CONSTRAINT "SelfAssessmentAnswer_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "SelfAssessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScreeningDecision" ADD CONSTRAINT "ScreeningDecision_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "SelfAssessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScreeningDecision" ADD CONSTRAINT "ScreeningDecision_deciderId_fkey" FOREIGN KEY ("deciderId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnterpriseEvaluation" ADD CONSTRAINT "EnterpriseEvaluation_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnterpriseEvaluation" ADD CONSTRAINT "EnterpriseEvaluation_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnterpriseEvaluation" ADD CONSTRAINT "EnterpriseEvaluation_evaluatorId_fkey" FOREIGN KEY ("evaluatorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationAnswer" ADD CONSTRAINT "EvaluationAnswer_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "EnterpriseEvaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Expert" ADD CONSTRAINT "Expert_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Expert" ADD CONSTRAINT "Expert_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchPush" ADD CONSTRAINT "MatchPush_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchPush" ADD CONSTRAINT "MatchPush_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Roadshow" ADD CONSTRAINT "Roadshow_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadshowPatent" ADD CONSTRAINT "RoadshowPatent_roadshowId_fkey" FOREIGN KEY ("roadshowId") REFERENCES "Roadshow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadshowPatent" ADD CONSTRAINT "RoadshowPatent_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_roadshowId_fkey" FOREIGN KEY ("roadshowId") REFERENCES "Roadshow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

