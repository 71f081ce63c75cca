import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { toEvent } from "../timeline/read-events";
import { runAllCoverage } from "./run-all-commands";
import type { RunAllView } from "./run-all-store";

/** The run-all's steps' check items nobody has ticked: a command cannot do them, a person must. */
export async function openCheckItems(db: PrismaClient, ra: RunAllView): Promise<string[]> {
  const incident = await db.incident.findUniqueOrThrow({ where: { id: ra.incidentId }, select: { runbookContent: true } });
  const { runbook } = await parseContent(incident.runbookContent);
  const { checkItems } = runAllCoverage(runbook.sections, ra.fromStepId, ra.scope);
  const rows = await db.timelineEvent.findMany({
    where: { incidentId: ra.incidentId, type: "checklist.checked" },
    orderBy: { seq: "asc" },
  });
  const ticked = new Map<string, boolean>();
  for (const e of rows.map(toEvent)) if (e.type === "checklist.checked") ticked.set(e.payload.itemId, e.payload.checked);
  return checkItems.filter((i) => !ticked.get(i.id)).map((i) => i.text);
}

/** How many commands people skipped in this run-all. */
export async function skippedBy(db: PrismaClient, ra: Pick<RunAllView, "id" | "incidentId">): Promise<number> {
  const rows = await db.timelineEvent.findMany({ where: { incidentId: ra.incidentId, type: "runall.skipped" } });
  return rows.map(toEvent).filter((e) => e.type === "runall.skipped" && e.payload.runAllId === ra.id).length;
}
