import { z } from "zod";
import { startRun } from "../../runs/start-run";
import { ZCommandId, ZIncidentId, ZRunId } from "../../shared/ids";
import { publicProcedure } from "../../trpc/init";

export const ZStartRunRequest = z.object({
  incidentId: ZIncidentId,
  /** A command's id, or a code block's id to run the whole block as one script. */
  commandId: ZCommandId,
  /** Only for "Edit and run": the text to run instead of the runbook's; both are recorded. */
  editedText: z.string().min(1, "The edited command is empty.").max(64 * 1024, "The edited command is longer than 64 KiB.").optional(),
  cols: z.number().int().min(20).max(500).default(120),
  rows: z.number().int().min(5).max(200).default(24),
});

export const startRunProcedure = publicProcedure
  .input(ZStartRunRequest)
  .output(z.object({ runId: ZRunId, runnerToken: z.string() }))
  .mutation(({ ctx, input }) => startRun(ctx.db, ctx.cfg, ctx.actor, input));
