import { z } from "zod";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { appendEvent } from "../timeline/append-event";

export const ZCheckItemInput = z.object({ incidentId: z.string(), itemId: z.string().min(1).max(300), checked: z.boolean() });

/** Ticks (or unticks) a check item of the incident's runbook; the timeline records it. */
export async function checkItem(db: PrismaClient, actor: string, input: z.infer<typeof ZCheckItemInput>): Promise<void> {
  const incident = await db.incident.findUnique({ where: { id: input.incidentId }, select: { runbookContent: true } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
  const { runbook } = await parseContent(incident.runbookContent);
  const item = runbook.sections
    .flatMap((s) => s.content.flatMap((c) => (c.kind === "checklist" ? c.items : [])))
    .find((i) => i.id === input.itemId);
  if (!item) throw new AppError("NOT_FOUND", "This runbook has no such check item. Reload the page.");
  await appendEvent(db, {
    incidentId: input.incidentId,
    actor,
    body: { type: "checklist.checked", payload: { itemId: item.id, text: item.text.split("\n")[0]!, checked: input.checked } },
  });
}
