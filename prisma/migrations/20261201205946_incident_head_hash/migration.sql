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
    "mitigatedAt" DATETIME,
    "resolvedAt" DATETIME,
    "commander" TEXT,
    "nextEventSeq" INTEGER NOT NULL DEFAULT 0,
    "headHash" TEXT NOT NULL DEFAULT '',
    "shellState" TEXT NOT NULL DEFAULT '',
    "shellCwd" TEXT,
    "shellVars" TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO "new_Incident" ("commander", "id", "mitigatedAt", "nextEventSeq", "openedAt", "openedBy", "resolvedAt", "runbookContent", "runbookSha256", "runbookSlug", "severity", "shellCwd", "shellState", "shellVars", "status", "title") SELECT "commander", "id", "mitigatedAt", "nextEventSeq", "openedAt", "openedBy", "resolvedAt", "runbookContent", "runbookSha256", "runbookSlug", "severity", "shellCwd", "shellState", "shellVars", "status", "title" FROM "Incident";
DROP TABLE "Incident";
ALTER TABLE "new_Incident" RENAME TO "Incident";
CREATE INDEX "Incident_openedAt_idx" ON "Incident"("openedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
