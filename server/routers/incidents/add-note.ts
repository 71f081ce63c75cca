import { z } from "zod";
import { addNote, ZAddNoteInput } from "../../incidents/add-note";
import { ZIncidentId } from "../../shared/ids";
import { responderProcedure } from "../../trpc/init";

export const addNoteProcedure = responderProcedure
  .input(ZAddNoteInput.extend({ incidentId: ZIncidentId }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await addNote(ctx.db, ctx.actor, input);
    return { ok: true as const };
  });
