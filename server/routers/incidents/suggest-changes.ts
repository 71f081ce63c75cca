import { z } from "zod";
import { suggestRunbookChanges } from "../../export/suggest-runbook-changes";
import { ZIncidentId } from "../../shared/ids";
import { responderProcedure } from "../../trpc/init";

/** The runbook diff the incident suggests (empty when it suggests nothing). Responders and up: it quotes commands as they ran. */
export const suggestChangesProcedure = responderProcedure
  .input(z.object({ id: ZIncidentId }))
  .output(z.object({ diff: z.string(), changes: z.number().int(), file: z.string() }))
  .query(({ ctx, input }) => suggestRunbookChanges(ctx.db, input.id));
