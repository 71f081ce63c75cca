-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "commandId" TEXT NOT NULL,
    "commandText" TEXT NOT NULL,
    "originalText" TEXT,
    "startedBy" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "exitCode" INTEGER,
    "signal" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "output" BLOB,
    "outputGzip" BOOLEAN NOT NULL DEFAULT false,
    "outputText" TEXT,
    "outputTail" TEXT,
    "outputTailCut" BOOLEAN NOT NULL DEFAULT false,
    "outputBytes" INTEGER NOT NULL DEFAULT 0,
    "checkPassed" BOOLEAN,
    "runAllId" TEXT,
    "instanceId" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Run_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("checkPassed", "commandId", "commandText", "exitCode", "finishedAt", "id", "incidentId", "instanceId", "originalText", "output", "outputBytes", "outputTail", "outputTailCut", "outputText", "runAllId", "signal", "startedAt", "startedBy", "status") SELECT "checkPassed", "commandId", "commandText", "exitCode", "finishedAt", "id", "incidentId", "instanceId", "originalText", "output", "outputBytes", "outputTail", "outputTailCut", "outputText", "runAllId", "signal", "startedAt", "startedBy", "status" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_incidentId_startedAt_idx" ON "Run"("incidentId", "startedAt");
CREATE INDEX "Run_status_idx" ON "Run"("status");
CREATE INDEX "Run_instanceId_status_idx" ON "Run"("instanceId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
