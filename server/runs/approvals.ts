import { z } from "zod";
import type { Config } from "../config";
import { AppError } from "../errors";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { newId } from "../shared/new-id";
import { findRunnable, type Runnable } from "../shared/runbook";
import { appendEvent } from "../timeline/append-event";
import { guardFor, type Guard } from "./run-guard";

export const ZDecideApprovalInput = z.object({
  approvalId: z.string().regex(/^apr_[a-z0-9]{8,40}$/, "Not an approval id."),
  approve: z.boolean(),
  reason: z.string().trim().max(2000, "A reason is at most 2000 characters.").optional(),
});

/** The incident's command (or block), the text that would run, and what running it takes. */
export async function resolveRun(
  db: PrismaClient,
  cfg: Config,
  input: { incidentId: string; commandId: string; editedText?: string },
): Promise<{ runnable: Runnable; text: string; guard: Guard }> {
  const incident = await db.incident.findUnique({ where: { id: input.incidentId }, select: { runbookContent: true, severity: true } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
  const { runbook } = await parseContent(incident.runbookContent);
  const runnable = findRunnable(runbook.sections, input.commandId);
  if (!runnable) throw new AppError("NOT_FOUND", `This incident's runbook has no command ${input.commandId}. Reload the page.`);
  const text = input.editedText ?? runnable.text;
  const guard = await guardFor(
    runnable,
    text,
    input.editedText !== undefined && input.editedText !== runnable.text,
    runbook.meta,
    incident.severity,
    cfg,
  );
  return { runnable, text, guard };
}

/** A responder asks a commander to approve one destructive run of exactly this text. */
export async function requestApproval(
  db: PrismaClient,
  cfg: Config,
  actor: string,
  input: { incidentId: string; commandId: string; editedText?: string },
): Promise<{ approvalId: string }> {
  const { runnable, text, guard } = await resolveRun(db, cfg, input);
  if (!guard.needsApproval) throw new AppError("BAD_REQUEST", "This command does not need an approval: run it.");
  const approvalId = newId("apr");
  await db.$transaction(async (tx) => {
    await tx.approval.create({
      data: { id: approvalId, incidentId: input.incidentId, commandId: runnable.id, text, requestedBy: actor, requestedAt: new Date() },
    });
    await appendEvent(tx, {
      incidentId: input.incidentId,
      actor,
      body: { type: "approval.requested", payload: { approvalId, commandId: runnable.id, text } },
    });
  });
  return { approvalId };
}

/** A commander approves or refuses; never their own request (four eyes). */
export async function decideApproval(db: PrismaClient, actor: string, input: z.infer<typeof ZDecideApprovalInput>): Promise<void> {
  await db.$transaction(async (tx) => {
    const approval = await tx.approval.findUnique({ where: { id: input.approvalId } });
    if (!approval) throw new AppError("NOT_FOUND", `No approval ${input.approvalId}.`);
    if (approval.decision) throw new AppError("CONFLICT", `${approval.decidedBy} already ${approval.decision} this.`);
    if (approval.requestedBy === actor)
      throw new AppError("FORBIDDEN", "You asked for this approval: another commander must decide (four eyes).");
    if (!input.approve && !input.reason)
      throw new AppError("BAD_REQUEST", "Say why you refuse, for the person waiting and for the timeline.");
    const decision = input.approve ? "approved" : "refused";
    await tx.approval.update({
      where: { id: approval.id },
      data: { decision, decidedBy: actor, decidedAt: new Date(), reason: input.reason || null },
    });
    await appendEvent(tx, {
      incidentId: approval.incidentId,
      actor,
      body: {
        type: "approval.decided",
        payload: {
          approvalId: approval.id,
          commandId: approval.commandId,
          decision,
          requestedBy: approval.requestedBy,
          reason: input.reason || null,
        },
      },
    });
  });
}

/** Uses an approval for the run being started, in its transaction: once, by its requester, for exactly the approved text. */
export async function consumeApproval(
  tx: Prisma.TransactionClient,
  use: { approvalId: string | undefined; incidentId: string; commandId: string; text: string; actor: string; runId: string },
): Promise<void> {
  if (!use.approvalId)
    throw new AppError("PRECONDITION_FAILED", "This destructive command needs a commander's approval first: request it.");
  const approval = await tx.approval.findUnique({ where: { id: use.approvalId } });
  if (!approval || approval.incidentId !== use.incidentId || approval.commandId !== use.commandId)
    throw new AppError("PRECONDITION_FAILED", "That approval is for another command.");
  if (approval.decision !== "approved")
    throw new AppError(
      "PRECONDITION_FAILED",
      approval.decision === "refused" ? `${approval.decidedBy} refused this run.` : "The approval is still pending.",
    );
  if (approval.text !== use.text) throw new AppError("PRECONDITION_FAILED", "The command changed since it was approved: ask again.");
  if (approval.requestedBy !== use.actor) throw new AppError("FORBIDDEN", "Only the person who asked for the approval may use it.");
  if (approval.usedByRunId) throw new AppError("CONFLICT", "This approval was already used for a run: ask again.");
  await tx.approval.update({ where: { id: approval.id }, data: { usedByRunId: use.runId } });
}
