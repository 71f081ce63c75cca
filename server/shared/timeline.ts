import { z } from "zod";

// Each timeline event type with its payload. Stored as JSON and validated on write and read.
export const ZIncidentOpened = z.object({
  type: z.literal("incident.opened"),
  payload: z.object({ title: z.string(), runbookSlug: z.string(), runbookSha256: z.string() }),
});
export const ZCommandStarted = z.object({
  type: z.literal("command.started"),
  payload: z.object({ commandId: z.string(), text: z.string(), section: z.array(z.string()) }),
});
export const ZCommandFinished = z.object({
  type: z.literal("command.finished"),
  payload: z.object({
    commandId: z.string(),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    durationMs: z.number().int().nonnegative(),
    outputBytes: z.number().int().nonnegative(),
  }),
});

export const ZTimelineEventBody = z.discriminatedUnion("type", [ZIncidentOpened, ZCommandStarted, ZCommandFinished]);
export type TimelineEventBody = z.infer<typeof ZTimelineEventBody>;
export type TimelineEventType = TimelineEventBody["type"];

export const ZTimelineEvent = z.intersection(
  z.object({
    id: z.string(),
    seq: z.number().int().nonnegative(),
    actor: z.string(),
    at: z.date(),
    runId: z.string().nullable(),
  }),
  ZTimelineEventBody,
);
export type TimelineEvent = z.infer<typeof ZTimelineEvent>;
