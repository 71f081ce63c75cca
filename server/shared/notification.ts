import { z } from "zod";

/** The events that go out: what someone not watching the page needs to know. */
export const NOTIFIED_EVENTS = [
  "incident.opened",
  "status.changed",
  "severity.changed",
  "escalation.due",
  "approval.requested",
  "runall.stopped",
] as const;
export const ZNotifiedEvent = z.enum(NOTIFIED_EVENTS);
export type NotifiedEvent = z.infer<typeof ZNotifiedEvent>;

/** Runlog's own notification body (format `runlog`). Secret values never appear: events never hold them. */
export const ZNotification = z
  .object({
    version: z.literal(1),
    id: z.string().describe("unique per notification: a receiver can drop a repeat delivery"),
    event: ZNotifiedEvent,
    at: z.iso.datetime(),
    actor: z.string(),
    summary: z.string().describe("one line, as the timeline says it"),
    incident: z.object({
      id: z.string(),
      title: z.string(),
      severity: z.string(),
      status: z.string(),
      runbook: z.string(),
      url: z.string().describe("the incident page under RUNLOG_BASE_URL"),
    }),
    details: z.record(z.string(), z.unknown()).describe("the timeline event's payload"),
  })
  .describe("Runlog notification");
export type Notification = z.infer<typeof ZNotification>;
