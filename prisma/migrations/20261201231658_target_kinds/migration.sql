-- AlterTable
ALTER TABLE "Target" ADD COLUMN "container" TEXT;
ALTER TABLE "Target" ADD COLUMN "jump" TEXT;
ALTER TABLE "Target" ADD COLUMN "kubeContext" TEXT;
ALTER TABLE "Target" ADD COLUMN "namespace" TEXT;
ALTER TABLE "Target" ADD COLUMN "pod" TEXT;
ALTER TABLE "Target" ADD COLUMN "via" TEXT;
