import { secretBox } from "../../secrets/secret-box";
import { z } from "zod";
import { setVariable, ZSetVariableInput } from "../../incidents/set-variable";
import { ZIncidentId } from "../../shared/ids";
import { responderProcedure } from "../../trpc/init";

export const setVariableProcedure = responderProcedure
  .input(ZSetVariableInput.extend({ incidentId: ZIncidentId }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await setVariable(ctx.db, ctx.actor, input, secretBox(ctx.cfg));
    return { ok: true as const };
  });
