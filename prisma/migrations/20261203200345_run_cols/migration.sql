-- AlterTable
ALTER TABLE "Run" ADD COLUMN "cols" INTEGER;
