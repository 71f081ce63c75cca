import { z } from "zod";
import { markStep, ZMarkStepInput } from "../../incidents/mark-step";
import { ZIncidentId } from "../../shared/ids";
import { responderProcedure } from "../../trpc/init";

export const markStepProcedure = responderProcedure
  .input(ZMarkStepInput.extend({ incidentId: ZIncidentId }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => (await markStep(ctx.db, ctx.actor, input), { ok: true as const }));
