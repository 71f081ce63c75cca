import { z } from "zod";
import { runOutput } from "../../runs/run-output";
import { ZIncidentId, ZRunId } from "../../shared/ids";
import { viewerProcedure } from "../../trpc/init";

export const runOutputProcedure = viewerProcedure
  .input(z.object({ incidentId: ZIncidentId, runId: ZRunId }))
  .output(z.object({ runId: ZRunId, running: z.boolean(), text: z.string(), bytes: z.number().int(), capped: z.boolean() }))
  .query(({ ctx, input }) => runOutput(ctx.db, ctx.cfg, input));
