-- CreateTable
CREATE TABLE "IncidentVariable" (
    "incidentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "secret" BOOLEAN NOT NULL DEFAULT false,
    "setBy" TEXT NOT NULL,
    "setAt" DATETIME NOT NULL,

    PRIMARY KEY ("incidentId", "name"),
    CONSTRAINT "IncidentVariable_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "runbookSlug" TEXT NOT NULL,
    "runbookSha256" TEXT NOT NULL,
    "runbookContent" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'investigating',
    "openedBy" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextEventSeq" INTEGER NOT NULL DEFAULT 0,
    "shellState" TEXT NOT NULL DEFAULT '',
    "shellCwd" TEXT,
    "shellVars" TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO "new_Incident" ("id", "nextEventSeq", "openedAt", "openedBy", "runbookContent", "runbookSha256", "runbookSlug", "severity", "status", "title") SELECT "id", "nextEventSeq", "openedAt", "openedBy", "runbookContent", "runbookSha256", "runbookSlug", "severity", "status", "title" FROM "Incident";
DROP TABLE "Incident";
ALTER TABLE "new_Incident" RENAME TO "Incident";
CREATE INDEX "Incident_openedAt_idx" ON "Incident"("openedAt");
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
    "outputText" TEXT,
    "outputBytes" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Run_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("commandId", "commandText", "exitCode", "finishedAt", "id", "incidentId", "output", "outputBytes", "outputText", "signal", "startedAt", "startedBy") SELECT "commandId", "commandText", "exitCode", "finishedAt", "id", "incidentId", "output", "outputBytes", "outputText", "signal", "startedAt", "startedBy" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_incidentId_startedAt_idx" ON "Run"("incidentId", "startedAt");
CREATE INDEX "Run_status_idx" ON "Run"("status");
-- Runs recorded before statuses existed: finished ones exited, the others never will.
UPDATE "Run" SET "status" = CASE WHEN "finishedAt" IS NOT NULL THEN 'exited' ELSE 'interrupted' END;
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
