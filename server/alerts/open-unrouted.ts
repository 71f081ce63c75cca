import type { Config } from "../config";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { createIncident } from "../incidents/create-incident";
import { loadRunbook } from "../runbooks/catalog";
import { appendEvent } from "../timeline/append-event";
import { alertView } from "./alert-views";
import { fillVariables } from "./receive-alerts";

/** A person opens an unrouted alert on a runbook they chose: the incident gets the alert and its variables, as if routed. */
export async function openUnroutedAlert(
  db: PrismaClient,
  cfg: Config,
  actor: string,
  input: { alertId: string; runbookSlug: string },
): Promise<{ id: string }> {
  const row = await db.alert.findUnique({ where: { id: input.alertId } });
  if (!row) throw new AppError("NOT_FOUND", `No alert ${input.alertId}.`);
  if (row.incidentId) throw new AppError("CONFLICT", `This alert was opened already, as incident ${row.incidentId}.`);
  const runbook = await loadRunbook(cfg.runbooksDir, input.runbookSlug);
  if (!runbook) throw new AppError("NOT_FOUND", `No runbook "${input.runbookSlug}".`);
  const alert = alertView(row);
  const { id } = await createIncident(db, runbook, actor, { severity: alert.labels.severity });
  // Taken by the first person only: a second one gets the conflict, with an incident of their own to close.
  const { count } = await db.alert.updateMany({ where: { id: row.id, incidentId: null }, data: { incidentId: id } });
  if (count === 0) throw new AppError("CONFLICT", "Someone else opened this alert a moment ago.");
  await appendEvent(db, {
    incidentId: id,
    actor,
    body: { type: "note.added", payload: { text: `Opened by hand for alert ${alert.alertname} (no runbook names it in alerts:).` } },
  });
  await fillVariables(db, cfg, id, runbook, alert, actor);
  return { id };
}
