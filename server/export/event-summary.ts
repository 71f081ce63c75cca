import { summarizeRunAllEvent } from "../shared/run-all-summary";
import type { TimelineEvent } from "../shared/timeline";

const firstLine = (s: string) => {
  const [line, ...rest] = s.split("\n");
  return rest.length ? `${line} …` : line!;
};

/** How a run ended, in a word or two: "exit 0", "exit 127", "cancelled", "timed-out". */
export function runResult(status: string, exitCode: number | null, signal: string | null): string {
  return status === "exited" ? (exitCode === 0 ? "exit 0" : `exit ${exitCode ?? signal ?? "?"}`) : status;
}

/** One line per timeline event, as a person would write it in the log. */
export function summarizeEvent(e: TimelineEvent, commandOfRun: (runId: string | null) => string | undefined): string {
  switch (e.type) {
    case "incident.opened":
      return `Incident opened from runbook ${e.payload.runbookSlug}`;
    case "command.started":
      return `${e.payload.kind === "block" ? "Ran block" : e.payload.originalText !== null ? "Ran edited" : "Ran"}${e.payload.target ? ` on ${e.payload.target.name} (${e.payload.target.where})` : ""}: ${firstLine(e.payload.text)}`;
    case "command.finished": {
      const how = runResult(e.payload.status, e.payload.exitCode, e.payload.signal);
      return `Finished (${how}): ${firstLine(commandOfRun(e.runId) ?? e.payload.commandId)}${e.payload.stoppedBy ? ` (stopped by ${e.payload.stoppedBy})` : ""} in ${e.payload.durationMs} ms, ${e.payload.outputBytes} bytes`;
    }
    case "command.edited":
      return `Edited before running: ${firstLine(e.payload.originalText)} ⇒ ${firstLine(e.payload.text)}`;
    case "variable.set":
      return `Set $${e.payload.name}${e.payload.secret ? " (secret)" : ` = ${e.payload.value}`}`;
    case "status.changed":
      return `Status ${e.payload.from} → ${e.payload.to}${e.payload.reason ? `: ${e.payload.reason}` : ""}`;
    case "severity.changed":
      return `Severity ${e.payload.from} → ${e.payload.to}${e.payload.reason ? `: ${e.payload.reason}` : ""}`;
    case "note.added":
      return `Note: ${e.payload.text}`;
    case "escalation.due":
      return `Escalation due: ${e.payload.rule}`;
    case "escalation.escalated":
      return `Escalated to ${e.payload.to}`;
    case "checklist.checked":
      return `${e.payload.checked ? "Checked" : "Unchecked"} “${e.payload.text}”`;
    case "commander.assigned":
      return `Incident commander: ${e.payload.commander}`;
    case "moment.flagged":
      return `Key moment #${e.payload.seq}: ${e.payload.label}`;
    case "step.marked":
      return `Step “${e.payload.title}” ${e.payload.state === "reopened" ? "reopened" : `marked ${e.payload.state}`}${e.payload.reason ? `: ${e.payload.reason}` : ""}`;
    case "step.changed":
      return `Step “${e.payload.title}” ${e.payload.state}`;
    case "check.passed":
      return `Check passed: ${e.payload.expected.join("; ")}`;
    case "check.failed":
      return `Check failed: ${e.payload.failed.join("; ")}; seen: ${firstLine(e.payload.evidence)}`;
    case "approval.requested":
      return `Asked for approval to run: ${firstLine(e.payload.text)}`;
    case "approval.decided":
      return `${e.payload.decision === "approved" ? "Approved" : "Refused"} ${e.payload.requestedBy}'s command${e.payload.reason ? `: ${e.payload.reason}` : ""}`;
    case "alert.resolved":
      return `Alert ${e.payload.alertname} resolved (ended ${e.payload.at})`;
    case "alert.refired":
      return `Alert ${e.payload.alertname} fired again (since ${e.payload.at})`;
    case "runall.started":
    case "runall.paused":
    case "runall.resumed":
    case "runall.skipped":
    case "runall.stopped":
    case "runall.completed":
      return summarizeRunAllEvent(e);
  }
}
