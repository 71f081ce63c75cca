import { z } from "zod";
import type { Config } from "../config";
import { AppError } from "../errors";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { newId } from "../shared/new-id";
import { appendEvent } from "../timeline/append-event";
import { bindingChanges, ZApprovalBinding, type ApprovalBinding } from "./approval-binding";
import { planRun, shownText, type RunRequest } from "./run-plan";

export const ZDecideApprovalInput = z.object({
  approvalId: z.string().regex(/^apr_[a-z0-9]{8,40}$/, "Not an approval id."),
  approve: z.boolean(),
  reason: z.string().trim().max(2000, "A reason is at most 2000 characters.").optional(),
});

/** A responder asks a commander to approve one destructive run of exactly this text. */
export async function requestApproval(db: PrismaClient, cfg: Config, actor: string, input: RunRequest): Promise<{ approvalId: string }> {
  const plan = await planRun(db, cfg, input);
  const { runnable, guard } = plan;
  if (!guard.needsApproval) throw new AppError("BAD_REQUEST", "This command does not need an approval: run it.");
  // Stored and shown to the commander as the run will record it: secrets pasted into an edit masked.
  const text = shownText(plan);
  const approvalId = newId("apr");
  await db.$transaction(async (tx) => {
    await tx.approval.create({
      data: {
        id: approvalId,
        incidentId: input.incidentId,
        commandId: runnable.id,
        text,
        binding: JSON.stringify(plan.binding),
        requestedBy: actor,
        requestedAt: new Date(),
      },
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
  use: {
    approvalId: string | undefined;
    incidentId: string;
    commandId: string;
    text: string;
    binding: ApprovalBinding;
    actor: string;
    runId: string;
  },
): Promise<void> {
  if (!use.approvalId) throw new AppError("PRECONDITION_FAILED", "This command needs a commander's approval first: request it.");
  const approval = await tx.approval.findUnique({ where: { id: use.approvalId } });
  if (!approval || approval.incidentId !== use.incidentId || approval.commandId !== use.commandId)
    throw new AppError("PRECONDITION_FAILED", "That approval is for another command.");
  if (approval.decision !== "approved")
    throw new AppError(
      "PRECONDITION_FAILED",
      approval.decision === "refused" ? `${approval.decidedBy} refused this run.` : "The approval is still pending.",
    );
  if (approval.text !== use.text) throw new AppError("PRECONDITION_FAILED", "The command changed since it was approved: ask again.");
  const approved = ZApprovalBinding.safeParse(JSON.parse(approval.binding || "{}"));
  const changes = approved.success
    ? bindingChanges(approved.data, use.binding)
    : ["it was approved before approvals recorded what the run depends on"];
  if (changes.length) throw new AppError("PRECONDITION_FAILED", `The run changed since it was approved: ${changes.join("; ")}. Ask again.`);
  if (approval.requestedBy !== use.actor) throw new AppError("FORBIDDEN", "Only the person who asked for the approval may use it.");
  // Compare-and-set: of two starts racing (two instances), the second finds it used.
  const used = await tx.approval.updateMany({ where: { id: approval.id, usedByRunId: null }, data: { usedByRunId: use.runId } });
  if (used.count !== 1) throw new AppError("CONFLICT", "This approval was already used for a run: ask again.");
}
