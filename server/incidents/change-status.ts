import { z } from "zod";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { INCIDENT_STATUSES, ZIncidentStatus, type IncidentStatus } from "../shared/timeline";
import { appendEvent } from "../timeline/append-event";

export const ZChangeStatusInput = z.object({
  incidentId: z.string(),
  status: ZIncidentStatus,
  reason: z.string().trim().max(2000, "A reason is at most 2000 characters.").optional(),
});

/**
 * Moves an incident along investigating -> identified -> mitigated -> resolved. Going back
 * (a resolved incident that recurs) is allowed with a reason, which the timeline keeps.
 */
export async function changeStatus(db: PrismaClient, actor: string, input: z.infer<typeof ZChangeStatusInput>): Promise<void> {
  await db.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { status: true, mitigatedAt: true } });
    if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
    const from = incident.status;
    if (from === input.status) throw new AppError("CONFLICT", `The incident is already ${from}.`);
    const backwards = INCIDENT_STATUSES.indexOf(input.status) < INCIDENT_STATUSES.indexOf(from as (typeof INCIDENT_STATUSES)[number]);
    const reason = input.reason ? input.reason : null;
    if (backwards && !reason)
      throw new AppError("BAD_REQUEST", `Going back from ${from} to ${input.status} needs a reason: say what happened.`);
    const now = new Date();
    await tx.incident.update({
      where: { id: input.incidentId },
      data: { status: input.status, ...milestoneTimes(incident.mitigatedAt, input.status, now) },
    });
    await appendEvent(tx, {
      incidentId: input.incidentId,
      actor,
      at: now,
      body: { type: "status.changed", payload: { from, to: input.status, reason } },
    });
  });
}

/**
 * The milestones stored on the incident (for lists), by the definition of `keyFigures`: the first
 * mitigation stays when an incident is reopened; the resolution is cleared until it is resolved again.
 */
export function milestoneTimes(mitigatedAt: Date | null, to: IncidentStatus, now: Date): { mitigatedAt?: Date; resolvedAt: Date | null } {
  const reachesMitigated = INCIDENT_STATUSES.indexOf(to) >= INCIDENT_STATUSES.indexOf("mitigated");
  return { ...(mitigatedAt === null && reachesMitigated ? { mitigatedAt: now } : {}), resolvedAt: to === "resolved" ? now : null };
}
