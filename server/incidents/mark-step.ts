import { z } from "zod";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { appendEvent } from "../timeline/append-event";

export const ZMarkStepInput = z.object({
  incidentId: z.string(),
  stepId: z.string().min(1).max(300),
  state: z.enum(["done", "skipped", "reopened"]),
  reason: z.string().trim().max(2000, "A reason is at most 2000 characters.").optional(),
});

/** Marks a runbook step done or skipped (a skip says why), or reopens it. */
export async function markStep(db: PrismaClient, actor: string, input: z.infer<typeof ZMarkStepInput>): Promise<void> {
  const incident = await db.incident.findUnique({ where: { id: input.incidentId }, select: { runbookContent: true } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
  const step = (await parseContent(incident.runbookContent)).runbook.sections.find((s) => s.id === input.stepId);
  if (!step) throw new AppError("NOT_FOUND", "This runbook has no such step. Reload the page.");
  if (input.state === "skipped" && !input.reason)
    throw new AppError("BAD_REQUEST", "Skipping a step needs a reason, for whoever reads the timeline later.");
  await appendEvent(db, {
    incidentId: input.incidentId,
    actor,
    body: { type: "step.marked", payload: { stepId: step.id, title: step.title, state: input.state, reason: input.reason || null } },
  });
}
