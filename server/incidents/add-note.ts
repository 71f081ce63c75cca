import { z } from "zod";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { appendEvent } from "../timeline/append-event";

export const NOTE_MAX_BYTES = 10_000;

export const ZAddNoteInput = z.object({
  incidentId: z.string(),
  text: z
    .string()
    .trim()
    .min(1, "The note is empty.")
    .superRefine((t, ctx) => {
      const bytes = Buffer.byteLength(t);
      if (bytes > NOTE_MAX_BYTES)
        ctx.addIssue({
          code: "custom",
          message: `A note is at most 10 kB; this one is ${bytes} bytes. Split it, or keep long output in a command run.`,
        });
    }),
});

export async function addNote(db: PrismaClient, actor: string, input: z.infer<typeof ZAddNoteInput>): Promise<void> {
  const incident = await db.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.incidentId}.`);
  await appendEvent(db, { incidentId: input.incidentId, actor, body: { type: "note.added", payload: { text: input.text } } });
}
