import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getIncident } from "../../incidents/get-incident";
import { ZIncidentId } from "../../shared/ids";
import { viewerProcedure } from "../../trpc/init";

export const ZGetIncidentRequest = z.object({ id: ZIncidentId });

export const getIncidentProcedure = viewerProcedure.input(ZGetIncidentRequest).query(async ({ ctx, input }) => {
  const view = await getIncident(ctx.db, input.id, ctx.cfg.commandEnvPassThrough);
  if (!view) throw new TRPCError({ code: "NOT_FOUND", message: `No incident ${input.id}.` });
  return view;
});
