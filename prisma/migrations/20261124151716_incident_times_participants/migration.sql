-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "commander" TEXT;
ALTER TABLE "Incident" ADD COLUMN "mitigatedAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "resolvedAt" DATETIME;

-- CreateTable
CREATE TABLE "IncidentParticipant" (
    "incidentId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "firstAt" DATETIME NOT NULL,
    "lastAt" DATETIME NOT NULL,
    "events" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("incidentId", "actor"),
    CONSTRAINT "IncidentParticipant_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Backfill from the timeline of incidents opened before these columns existed.
INSERT INTO "IncidentParticipant" ("incidentId", "actor", "firstAt", "lastAt", "events")
SELECT "incidentId", "actor", MIN("at"), MAX("at"), COUNT(*) FROM "TimelineEvent" WHERE "actor" <> 'runlog' GROUP BY "incidentId", "actor";
UPDATE "Incident" SET "commander" = (
  SELECT json_extract(e."payload", '$.commander') FROM "TimelineEvent" e
  WHERE e."incidentId" = "Incident"."id" AND e."type" = 'commander.assigned' ORDER BY e."seq" DESC LIMIT 1
);
UPDATE "Incident" SET "mitigatedAt" = (
  SELECT e."at" FROM "TimelineEvent" e
  WHERE e."incidentId" = "Incident"."id" AND e."type" = 'status.changed' AND json_extract(e."payload", '$.to') IN ('mitigated', 'resolved') ORDER BY e."seq" ASC LIMIT 1
) WHERE "status" IN ('mitigated', 'resolved');
UPDATE "Incident" SET "resolvedAt" = (
  SELECT e."at" FROM "TimelineEvent" e
  WHERE e."incidentId" = "Incident"."id" AND e."type" = 'status.changed' AND json_extract(e."payload", '$.to') = 'resolved' ORDER BY e."seq" DESC LIMIT 1
) WHERE "status" = 'resolved';
