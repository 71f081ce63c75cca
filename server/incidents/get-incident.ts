import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { readEvents } from "../timeline/read-events";

export type IncidentView = NonNullable<Awaited<ReturnType<typeof getIncident>>>;

/** The incident with its runbook snapshot parsed, its runs and its timeline; null if unknown. */
export async function getIncident(db: PrismaClient, id: string) {
  const incident = await db.incident.findUnique({ where: { id } });
  if (!incident) return null;
  const [runs, events] = await Promise.all([
    db.run.findMany({
      where: { incidentId: id },
      orderBy: { startedAt: "asc" },
      select: {
        id: true,
        commandId: true,
        commandText: true,
        startedBy: true,
        startedAt: true,
        finishedAt: true,
        exitCode: true,
        signal: true,
        outputText: true,
        outputBytes: true,
      },
    }),
    readEvents(db, id),
  ]);
  const { runbook } = await parseContent(incident.runbookContent);
  const { runbookContent: _content, ...header } = incident;
  return { incident: header, runbook, runs, events };
}
