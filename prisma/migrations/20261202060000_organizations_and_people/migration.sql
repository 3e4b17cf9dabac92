-- CreateEnum
CREATE TYPE "EnterpriseStatus" AS ENUM ('PENDING', 'VERIFIED', 'REJECTED');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'ENTERPRISE_ADMIN';

-- AlterTable
ALTER TABLE "Institution" ADD COLUMN     "city" TEXT,
ADD COLUMN     "creditCode" TEXT,
ADD COLUMN     "deactivatedAt" TIMESTAMP(3),
ADD COLUMN     "updatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "deactivatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ChannelIdentity" ADD COLUMN     "allRoles" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "grantedRoles" "Role"[] DEFAULT ARRAY[]::"Role"[];

-- AlterTable
ALTER TABLE "Enterprise" ADD COLUMN     "industries" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "needs" TEXT,
ADD COLUMN     "status" "EnterpriseStatus" NOT NULL DEFAULT 'PENDING',
ADD COLUMN     "updatedAt" TIMESTAMP(3),
ADD COLUMN     "verifiedAt" TIMESTAMP(3),
ADD COLUMN     "verifiedById" UUID;

-- AlterTable
ALTER TABLE "Expert" ADD COLUMN     "affiliation" TEXT,
ADD COLUMN     "enterpriseId" UUID,
ADD COLUMN     "title" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Invite" ADD COLUMN     "province" TEXT;

-- CreateTable
CREATE TABLE "StaffRecord" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "staffNumber" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "collegeId" UUID,
    "employment" "EmploymentStatus" NOT NULL DEFAULT 'SERVING',
    "email" TEXT,
    "phone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffRecord_personId_idx" ON "StaffRecord"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffRecord_institutionId_staffNumber_key" ON "StaffRecord"("institutionId", "staffNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Institution_creditCode_key" ON "Institution"("creditCode");

-- AddForeignKey
ALTER TABLE "StaffRecord" ADD CONSTRAINT "StaffRecord_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffRecord" ADD CONSTRAINT "StaffRecord_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffRecord" ADD CONSTRAINT "StaffRecord_collegeId_fkey" FOREIGN KEY ("collegeId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Data: enterprises registered before verification existed keep receiving what they received.
UPDATE "Enterprise" SET "status" = 'VERIFIED';
