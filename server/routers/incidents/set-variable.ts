import { secretBox } from "../../secrets/secret-box";
import { z } from "zod";
import { setVariable, ZSetVariableInput } from "../../incidents/set-variable";
import { nudgeRunAlls } from "../../runall/run-all-actions";
import { ZIncidentId } from "../../shared/ids";
import { responderProcedure } from "../../trpc/init";

export const setVariableProcedure = responderProcedure
  .input(ZSetVariableInput.extend({ incidentId: ZIncidentId }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await setVariable(ctx.db, ctx.actor, input, secretBox(ctx.cfg));
    // A run-all waiting for this variable goes on.
    await nudgeRunAlls(ctx.db, ctx.cfg, input.incidentId);
    return { ok: true as const };
  });
