import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createIncident } from "../../incidents/create-incident";
import { loadRunbook } from "../../runbooks/catalog";
import { ZRunbookSlug } from "../../shared/runbook";
import { responderProcedure } from "../../trpc/init";

export const ZCreateIncidentRequest = z.object({ runbookSlug: ZRunbookSlug });

export const createIncidentProcedure = responderProcedure
  .input(ZCreateIncidentRequest)
  .output(z.object({ id: z.string() }))
  .mutation(async ({ ctx, input }) => {
    let loaded;
    try {
      loaded = await loadRunbook(ctx.cfg.runbooksDir, input.runbookSlug);
    } catch (err) {
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: `Runbook "${input.runbookSlug}" cannot be parsed: ${(err as Error).message}`,
      });
    }
    if (!loaded) throw new TRPCError({ code: "NOT_FOUND", message: `No runbook "${input.runbookSlug}".` });
    return createIncident(ctx.db, loaded, ctx.actor);
  });
