import { z } from "zod";
import { startRun } from "../../runs/start-run";
import { ZCommandId, ZIncidentId, ZRunId } from "../../shared/ids";
import { commanderProcedure, responderProcedure } from "../../trpc/init";
import { decideApproval, requestApproval, resolveRun, ZDecideApprovalInput } from "../../runs/approvals";
import { checkConfirmation } from "../../runs/run-guard";

export const ZStartRunRequest = z.object({
  incidentId: ZIncidentId,
  /** A command's id, or a code block's id to run the whole block as one script. */
  commandId: ZCommandId,
  /** Only for "Edit and run": the text to run instead of the runbook's; both are recorded. */
  editedText: z
    .string()
    .min(1, "The edited command is empty.")
    .max(64 * 1024, "The edited command is longer than 64 KiB.")
    .optional(),
  cols: z.number().int().min(20).max(500).default(120),
  rows: z.number().int().min(5).max(200).default(24),
  /** The risk the person confirmed in the page (mutating and destructive commands ask first). */
  confirmed: z.enum(["read-only", "mutating", "destructive"]).optional(),
  /** What they typed to confirm a destructive command. */
  confirmWord: z.string().max(200).optional(),
  approvalId: z.string().max(60).optional(),
});

export const startRunProcedure = responderProcedure
  .input(ZStartRunRequest)
  .output(z.object({ runId: ZRunId, runnerToken: z.string() }))
  .mutation(async ({ ctx, input }) => {
    // The guard is the server's: a request that skipped the page's confirmation is refused here.
    const { guard } = await resolveRun(ctx.db, ctx.cfg, input);
    checkConfirmation(guard, input);
    return startRun(ctx.db, ctx.cfg, ctx.actor, { ...input, runnerUserId: ctx.user.id, needsApproval: guard.needsApproval });
  });

/** What running a command takes (risk, confirmation word, approval), for the page to ask before. */
export const runGuardProcedure = responderProcedure
  .input(ZStartRunRequest.pick({ incidentId: true, commandId: true, editedText: true }))
  .query(async ({ ctx, input }) => (await resolveRun(ctx.db, ctx.cfg, input)).guard);

export const requestApprovalProcedure = responderProcedure
  .input(ZStartRunRequest.pick({ incidentId: true, commandId: true, editedText: true }))
  .output(z.object({ approvalId: z.string() }))
  .mutation(({ ctx, input }) => requestApproval(ctx.db, ctx.cfg, ctx.actor, input));

export const decideApprovalProcedure = commanderProcedure
  .input(ZDecideApprovalInput)
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => (await decideApproval(ctx.db, ctx.actor, input), { ok: true as const }));
