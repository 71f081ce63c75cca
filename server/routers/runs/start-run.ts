import { z } from "zod";
import { startRun } from "../../runs/start-run";
import { ZCommandId, ZIncidentId, ZRunId } from "../../shared/ids";
import { publicProcedure } from "../../trpc/init";

export const ZStartRunRequest = z.object({
  incidentId: ZIncidentId,
  commandId: ZCommandId,
  cols: z.number().int().min(20).max(500).default(120),
  rows: z.number().int().min(5).max(200).default(24),
});

export const startRunProcedure = publicProcedure
  .input(ZStartRunRequest)
  .output(z.object({ runId: ZRunId }))
  .mutation(({ ctx, input }) => startRun(ctx.db, ctx.cfg, ctx.actor, input));
