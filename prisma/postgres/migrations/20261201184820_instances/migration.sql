-- runlog: reaches the schema with sha256 9b47378f882cf404d5409319242333ef81aa10915c5725d30631ddefaa4a67af
-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "instanceId" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Run_instanceId_status_idx" ON "Run"("instanceId", "status");
