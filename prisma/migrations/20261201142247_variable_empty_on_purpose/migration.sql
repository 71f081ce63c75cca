-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IncidentVariable" (
    "incidentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "secret" BOOLEAN NOT NULL DEFAULT false,
    "emptyOnPurpose" BOOLEAN NOT NULL DEFAULT false,
    "setBy" TEXT NOT NULL,
    "setAt" DATETIME NOT NULL,

    PRIMARY KEY ("incidentId", "name"),
    CONSTRAINT "IncidentVariable_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_IncidentVariable" ("incidentId", "name", "secret", "setAt", "setBy", "value") SELECT "incidentId", "name", "secret", "setAt", "setBy", "value" FROM "IncidentVariable";
DROP TABLE "IncidentVariable";
ALTER TABLE "new_IncidentVariable" RENAME TO "IncidentVariable";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
