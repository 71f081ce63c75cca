import { z } from "zod";
import { ZRunAllScope, ZRunAllStop, ZRunAllWait } from "./run-all";

// Each timeline event type with its payload. Stored as JSON and validated on write and read.
export const ZIncidentOpened = z.object({
  type: z.literal("incident.opened"),
  payload: z.object({ title: z.string(), runbookSlug: z.string(), runbookSha256: z.string() }),
});
export const ZRunStatus = z.enum(["running", "exited", "cancelled", "timed-out", "interrupted", "connection-lost"]);
export type RunStatus = z.infer<typeof ZRunStatus>;

export const ZCommandStarted = z.object({
  type: z.literal("command.started"),
  payload: z.object({
    commandId: z.string(),
    text: z.string(),
    section: z.array(z.string()),
    /** A single command, or a whole code block run as one script. */
    kind: z.enum(["command", "block"]).default("command"),
    /** Set when the runner edited the command: the runbook's text, next to what actually ran. */
    originalText: z.string().nullable().default(null),
    /** Where it ran: the target's name and how it was reached ("ssh deploy@db-1:22"); null: the Runlog server. */
    target: z.object({ name: z.string(), where: z.string() }).nullable().default(null),
  }),
});
export const ZCommandFinished = z.object({
  type: z.literal("command.finished"),
  payload: z.object({
    commandId: z.string(),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    durationMs: z.number().int().nonnegative(),
    outputBytes: z.number().int().nonnegative(),
    status: ZRunStatus.default("exited"),
    /** Who pressed Cancel, when someone did. */
    stoppedBy: z.string().nullable().default(null),
  }),
});
/** The actor of events Runlog records by itself (escalation due, runs cut by a restart). */
export const SYSTEM_ACTOR = "runlog";

export const INCIDENT_STATUSES = ["investigating", "identified", "mitigated", "resolved"] as const;
export const ZIncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof ZIncidentStatus>;

export const ZStatusChanged = z.object({
  type: z.literal("status.changed"),
  payload: z.object({ from: z.string(), to: ZIncidentStatus, reason: z.string().nullable() }),
});
export const ZNoteAdded = z.object({
  type: z.literal("note.added"),
  payload: z.object({ text: z.string() }),
});
export const ZEscalationDue = z.object({
  type: z.literal("escalation.due"),
  payload: z.object({ afterMinutes: z.number().int().positive(), rule: z.string() }),
});
export const ZEscalated = z.object({
  type: z.literal("escalation.escalated"),
  /** Who was paged or told, as the person escalating wrote it. */
  payload: z.object({ to: z.string() }),
});
export const ZChecklistChecked = z.object({
  type: z.literal("checklist.checked"),
  payload: z.object({ itemId: z.string(), text: z.string(), checked: z.boolean() }),
});
export const ZSeverityChanged = z.object({
  type: z.literal("severity.changed"),
  payload: z.object({ from: z.string(), to: z.string(), reason: z.string().nullable() }),
});
export const ZCommanderAssigned = z.object({
  type: z.literal("commander.assigned"),
  payload: z.object({ commander: z.string() }),
});
export const ZMomentFlagged = z.object({
  type: z.literal("moment.flagged"),
  /** The event that was a key moment, and why. */
  payload: z.object({ seq: z.number().int().nonnegative(), label: z.string() }),
});
export const ZStepMarked = z.object({
  type: z.literal("step.marked"),
  /** A person's word on a step: done, skipped (with a reason), or reopened. */
  payload: z.object({
    stepId: z.string(),
    title: z.string(),
    state: z.enum(["done", "skipped", "reopened"]),
    reason: z.string().nullable(),
  }),
});
export const ZStepChanged = z.object({
  type: z.literal("step.changed"),
  /** What the step's commands did to it: its first run started it, the last ones completed or failed it. */
  payload: z.object({ stepId: z.string(), title: z.string(), state: z.enum(["started", "completed", "failed"]), commandId: z.string() }),
});
export const ZCommandEdited = z.object({
  type: z.literal("command.edited"),
  /** The runner changed the runbook's command before running it: both texts, side by side. */
  payload: z.object({ commandId: z.string(), originalText: z.string(), text: z.string() }),
});
export const ZApprovalRequested = z.object({
  type: z.literal("approval.requested"),
  /** A destructive command waits for a commander: exactly this text, for one run. */
  payload: z.object({ approvalId: z.string(), commandId: z.string(), text: z.string() }),
});
export const ZApprovalDecided = z.object({
  type: z.literal("approval.decided"),
  payload: z.object({
    approvalId: z.string(),
    commandId: z.string(),
    decision: z.enum(["approved", "refused"]),
    requestedBy: z.string(),
    reason: z.string().nullable(),
  }),
});
const ZCheckPayload = z.object({
  commandId: z.string(),
  /** Every check of the command, as the runbook page reads it (`expects: accepting connections`). */
  expected: z.array(z.string()),
  /** The checks that did not hold (empty when it passed). */
  failed: z.array(z.string()),
  /** The first line that matched (passed), or the last lines the output ended with (failed). */
  evidence: z.string(),
});
export const ZCheckPassed = z.object({ type: z.literal("check.passed"), payload: ZCheckPayload });
export const ZCheckFailed = z.object({ type: z.literal("check.failed"), payload: ZCheckPayload });

export const ZVariableSet = z.object({
  type: z.literal("variable.set"),
  /** A secret's value is never written here. */
  payload: z.object({ name: z.string(), secret: z.boolean(), value: z.string().nullable() }),
});

// Run step / Run all from here. Every event names its run-all, the command it is on and its text.
const ZRunAllAt = z.object({ runAllId: z.string(), commandId: z.string().nullable(), text: z.string().nullable() });
export const ZRunAllStarted = z.object({
  type: z.literal("runall.started"),
  payload: z.object({
    runAllId: z.string(),
    scope: ZRunAllScope,
    fromStepId: z.string(),
    fromTitle: z.string(),
    commands: z.number().int(),
  }),
});
export const ZRunAllPaused = z.object({ type: z.literal("runall.paused"), payload: ZRunAllAt.extend({ why: ZRunAllWait }) });
export const ZRunAllResumed = z.object({
  type: z.literal("runall.resumed"),
  /** After a stop (the failed command runs again), or after a wait someone ended. */
  payload: ZRunAllAt.extend({ from: z.enum(["stop", "wait"]) }),
});
export const ZRunAllSkipped = z.object({ type: z.literal("runall.skipped"), payload: ZRunAllAt.extend({ reason: z.string() }) });
export const ZRunAllStopped = z.object({
  type: z.literal("runall.stopped"),
  payload: ZRunAllAt.extend({ runId: z.string().nullable(), reason: ZRunAllStop }),
});
export const ZRunAllCompleted = z.object({
  type: z.literal("runall.completed"),
  /** `openChecks`: the check items of its steps nobody ticked, which no command can do. */
  payload: z.object({ runAllId: z.string(), ran: z.number().int(), skipped: z.number().int(), openChecks: z.array(z.string()) }),
});

// The alert an incident was opened for: it ended, or it fired again after ending.
const ZAlertChange = z.object({ alertId: z.string(), alertname: z.string(), fingerprint: z.string(), at: z.string() });
export const ZAlertResolved = z.object({ type: z.literal("alert.resolved"), payload: ZAlertChange });
export const ZAlertRefired = z.object({ type: z.literal("alert.refired"), payload: ZAlertChange });

export const ZTimelineEventBody = z.discriminatedUnion("type", [
  ZAlertResolved,
  ZAlertRefired,
  ZRunAllStarted,
  ZRunAllPaused,
  ZRunAllResumed,
  ZRunAllSkipped,
  ZRunAllStopped,
  ZRunAllCompleted,
  ZCheckPassed,
  ZCheckFailed,
  ZIncidentOpened,
  ZCommandStarted,
  ZCommandFinished,
  ZVariableSet,
  ZStatusChanged,
  ZNoteAdded,
  ZEscalationDue,
  ZChecklistChecked,
  ZSeverityChanged,
  ZCommanderAssigned,
  ZMomentFlagged,
  ZStepMarked,
  ZEscalated,
  ZStepChanged,
  ZCommandEdited,
  ZApprovalRequested,
  ZApprovalDecided,
]);
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
