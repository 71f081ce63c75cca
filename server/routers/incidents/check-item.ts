import { z } from "zod";
import { checkItem, ZCheckItemInput } from "../../incidents/check-item";
import { ZIncidentId } from "../../shared/ids";
import { responderProcedure } from "../../trpc/init";

export const checkItemProcedure = responderProcedure
  .input(ZCheckItemInput.extend({ incidentId: ZIncidentId }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await checkItem(ctx.db, ctx.actor, input);
    return { ok: true as const };
  });
