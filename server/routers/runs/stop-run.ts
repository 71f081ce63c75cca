import { z } from "zod";
import { stopRun } from "../../runs/stop-run";
import { ZIncidentId, ZRunId } from "../../shared/ids";
import { responderProcedure } from "../../trpc/init";

export const stopRunProcedure = responderProcedure
  .input(z.object({ incidentId: ZIncidentId, runId: ZRunId }))
  .output(z.object({ stopping: z.literal(true) }))
  .mutation(({ ctx, input }) => stopRun(ctx.db, ctx.cfg, ctx.actor, input));
