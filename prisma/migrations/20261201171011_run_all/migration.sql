-- AlterTable
ALTER TABLE "Run" ADD COLUMN "checkPassed" BOOLEAN;
ALTER TABLE "Run" ADD COLUMN "runAllId" TEXT;

-- CreateTable
CREATE TABLE "RunAll" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "fromStepId" TEXT NOT NULL,
    "commandIds" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL,
    "currentRunId" TEXT,
    "wait" TEXT,
    "stopReason" TEXT,
    "stopRequestedBy" TEXT,
    "driver" TEXT NOT NULL,
    "startedBy" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "RunAll_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RunAll_incidentId_startedAt_idx" ON "RunAll"("incidentId", "startedAt");

-- CreateIndex
CREATE INDEX "RunAll_state_idx" ON "RunAll"("state");
