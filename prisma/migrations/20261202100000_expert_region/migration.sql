-- AlterTable
ALTER TABLE "Expert" ADD COLUMN     "region" TEXT;

