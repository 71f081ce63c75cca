import { z } from "zod";
import { findAccount } from "../auth/accounts";
import { AppError } from "../errors";
import { hasRole } from "../shared/roles";
import type { PrismaClient } from "../generated/prisma/client";
import { appendEvent } from "../timeline/append-event";

export const ZChangeSeverityInput = z.object({
  incidentId: z.string(),
  severity: z.string().trim().min(1, "Say which severity.").max(40, "A severity is at most 40 characters."),
  reason: z.string().trim().max(2000).optional(),
});
export const ZAssignCommanderInput = z.object({
  incidentId: z.string(),
  /** The commander's account, by email: a person who can sign in and act as one. */
  commander: z.email("Name the commander by the email of their Runlog account.").max(320),
});
export const ZEscalateInput = z.object({ incidentId: z.string(), to: z.string().trim().min(1, "Say who was paged or told.").max(200) });
export const ZFlagMomentInput = z.object({
  incidentId: z.string(),
  seq: z.number().int().nonnegative(),
  label: z.string().trim().min(1, "Say why it matters.").max(200),
});

export async function changeSeverity(db: PrismaClient, actor: string, input: z.infer<typeof ZChangeSeverityInput>): Promise<void> {
  await db.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { severity: true } });
    if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
    if (incident.severity === input.severity) throw new AppError("CONFLICT", `The severity is already ${input.severity}.`);
    await tx.incident.update({ where: { id: input.incidentId }, data: { severity: input.severity } });
    await appendEvent(tx, {
      incidentId: input.incidentId,
      actor,
      body: { type: "severity.changed", payload: { from: incident.severity, to: input.severity, reason: input.reason || null } },
    });
  });
}

/** The event is the record; the incident row keeps the current commander for lists. */
export async function assignCommander(db: PrismaClient, actor: string, input: z.infer<typeof ZAssignCommanderInput>): Promise<void> {
  const account = await findAccount(db, input.commander);
  if (!account || account.banned)
    throw new AppError("NOT_FOUND", `No active Runlog account ${input.commander}: the commander must be able to sign in.`);
  if (!hasRole(account.role, "commander"))
    throw new AppError(
      "BAD_REQUEST",
      `${account.email} is a ${account.role ?? "viewer"}: only an account with the commander role can command.`,
    );
  await db.$transaction(async (tx) => {
    if (!(await tx.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } })))
      throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
    await tx.incident.update({ where: { id: input.incidentId }, data: { commander: account.email } });
    await appendEvent(tx, {
      incidentId: input.incidentId,
      actor,
      body: { type: "commander.assigned", payload: { commander: account.email } },
    });
  });
}

/** Marks an earlier event as a key moment for the postmortem: a new event, the old one untouched. */
export async function flagMoment(db: PrismaClient, actor: string, input: z.infer<typeof ZFlagMomentInput>): Promise<void> {
  const target = await db.timelineEvent.findUnique({
    where: { incidentId_seq: { incidentId: input.incidentId, seq: input.seq } },
    select: { id: true },
  });
  if (!target) throw new AppError("NOT_FOUND", `Incident ${input.incidentId} has no event #${input.seq}.`);
  await appendEvent(db, {
    incidentId: input.incidentId,
    actor,
    body: { type: "moment.flagged", payload: { seq: input.seq, label: input.label } },
  });
}

/** Records that the incident was escalated, and to whom. */
export async function escalate(db: PrismaClient, actor: string, input: z.infer<typeof ZEscalateInput>): Promise<void> {
  if (!(await db.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } })))
    throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
  await appendEvent(db, { incidentId: input.incidentId, actor, body: { type: "escalation.escalated", payload: { to: input.to } } });
}
