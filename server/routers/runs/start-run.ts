import { z } from "zod";
import { decideApproval, requestApproval, ZDecideApprovalInput } from "../../runs/approvals";
import { planRun } from "../../runs/run-plan";
import { startRun } from "../../runs/start-run";
import { ZCommandId, ZIncidentId, ZRunId } from "../../shared/ids";
import { ZRisk } from "../../shared/risk";
import { commanderProcedure, responderProcedure } from "../../trpc/init";

/** An edited command is at most this long (it travels in a POST body, never in a URL). */
export const EDITED_TEXT_MAX = 64 * 1024;

export const ZRunRequest = z.object({
  incidentId: ZIncidentId,
  /** A command's id, or a code block's id to run the whole block as one script. */
  commandId: ZCommandId,
  /** Only for "Edit and run": the text to run instead of the runbook's; both are recorded. */
  editedText: z
    .string()
    .min(1, "The edited command is empty.")
    .max(EDITED_TEXT_MAX, "The edited command is longer than 64 KiB.")
    .optional(),
});

export const ZStartRunRequest = ZRunRequest.extend({
  cols: z.number().int().min(20).max(500).default(120),
  rows: z.number().int().min(5).max(200).default(24),
  /** The risk the person confirmed in the page (mutating and destructive commands ask first). */
  confirmed: ZRisk.optional(),
  /** What they typed to confirm a destructive command. */
  confirmWord: z.string().max(200).optional(),
  approvalId: z.string().max(60).optional(),
});

export const startRunProcedure = responderProcedure
  .input(ZStartRunRequest)
  .output(z.object({ runId: ZRunId, runnerToken: z.string() }))
  .mutation(({ ctx, input }) => startRun(ctx.db, ctx.cfg, ctx.actor, { ...input, runnerUserId: ctx.user.id }));

/**
 * What running a command takes (risk, confirmation word, approval, variables to set first), for
 * the page to ask before. A mutation only so that it goes by POST: an edit can be 64 KiB.
 */
export const runGuardProcedure = responderProcedure
  .input(ZRunRequest)
  .output(
    z.object({
      risk: ZRisk,
      confirmWord: z.string().nullable(),
      needsApproval: z.boolean(),
      approvalReason: z.enum(["destructive", "edited", "target"]).nullable(),
      missingVariables: z.array(z.object({ name: z.string(), setEarlierInBlock: z.boolean() })),
      /** Where it would run: the confirmation says so. */
      target: z.object({ name: z.string(), where: z.string() }).nullable(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const plan = await planRun(ctx.db, ctx.cfg, input);
    const target = plan.target ? { name: plan.target.name, where: plan.target.where } : null;
    return { ...plan.guard, missingVariables: plan.missing, target };
  });

export const requestApprovalProcedure = responderProcedure
  .input(ZRunRequest)
  .output(z.object({ approvalId: z.string() }))
  .mutation(({ ctx, input }) => requestApproval(ctx.db, ctx.cfg, ctx.actor, input));

export const decideApprovalProcedure = commanderProcedure
  .input(ZDecideApprovalInput)
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => (await decideApproval(ctx.db, ctx.actor, input), { ok: true as const }));
