import { z } from "zod";
import { changeStatus, ZChangeStatusInput } from "../../incidents/change-status";
import { ZIncidentId } from "../../shared/ids";
import { commanderProcedure } from "../../trpc/init";

export const changeStatusProcedure = commanderProcedure
  .input(ZChangeStatusInput.extend({ incidentId: ZIncidentId }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await changeStatus(ctx.db, ctx.actor, input);
    return { ok: true as const };
  });
