-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Approval" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "commandId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "binding" TEXT NOT NULL DEFAULT '{}',
    "requestedBy" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "decision" TEXT,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "reason" TEXT,
    "usedByRunId" TEXT,
    CONSTRAINT "Approval_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Approval" ("commandId", "decidedAt", "decidedBy", "decision", "id", "incidentId", "reason", "requestedAt", "requestedBy", "text", "usedByRunId") SELECT "commandId", "decidedAt", "decidedBy", "decision", "id", "incidentId", "reason", "requestedAt", "requestedBy", "text", "usedByRunId" FROM "Approval";
DROP TABLE "Approval";
ALTER TABLE "new_Approval" RENAME TO "Approval";
CREATE UNIQUE INDEX "Approval_usedByRunId_key" ON "Approval"("usedByRunId");
CREATE INDEX "Approval_incidentId_idx" ON "Approval"("incidentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
