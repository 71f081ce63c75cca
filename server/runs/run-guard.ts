import type { Config } from "../config";
import { AppError } from "../errors";
import { analyzeShellBlock } from "../runbooks/shell/analyze-block";
import { loadBashParser } from "../runbooks/shell/bash-parser";
import { editDisguise } from "../runbooks/shell/edit-disguise";
import { riskiest, type RunbookMeta, type Runnable } from "../shared/runbook";

import type { Risk } from "../shared/risk";

/** What must happen before a run starts, from the riskiest thing it would do. */
export interface Guard {
  risk: Risk;
  /** For destructive runs: the word the person types to confirm (the command's program). */
  confirmWord: string | null;
  /** A commander's approval first (four-eyes). */
  needsApproval: boolean;
  /** Why it needs one: it can destroy data, or it is an edit nobody reviewed in the runbook. */
  approvalReason: "destructive" | "edited" | "target" | null;
}

/**
 * The guard for running `runnable` (or the runner's edit of it) in an incident of `severity`.
 * An edit is judged by the riskier of the runbook's text and the edited one, and is never less
 * than mutating: nobody reviewed it in the runbook.
 */
export async function guardFor(
  runnable: Runnable,
  text: string,
  edited: boolean,
  meta: RunbookMeta,
  severity: string,
  cfg: Config,
  /** What the target asks a commander's approval for, whatever the incident's severity. */
  targetApproval: string = "none",
): Promise<Guard> {
  let risk = runnable.risk;
  if (edited) {
    await loadBashParser();
    const disguised = (await editDisguise(text)) !== null;
    risk = riskiest([
      risk,
      "mutating",
      ...(disguised ? ["destructive" as const] : []),
      ...analyzeShellBlock(text, true).commands.map((c) => c.risk),
    ]);
  }
  const destructive = risk === "destructive";
  const bySeverity = cfg.approvalSeverities.some((s) => severity.toLowerCase().includes(s));
  const approvals = meta.approval !== "never" && (meta.approval === "always" || bySeverity);
  const byTarget = (targetApproval === "mutating" && risk !== "read-only") || (targetApproval === "destructive" && destructive);
  const byIncident = approvals && (destructive || edited);
  return {
    risk,
    confirmWord: destructive ? confirmWordFor(text) : null,
    // Where approvals apply, an edit needs one whatever its words look like: risk can be disguised.
    needsApproval: byIncident || byTarget,
    approvalReason: byIncident ? (destructive ? "destructive" : "edited") : byTarget ? "target" : null,
  };
}

/** The program the command starts with (past sudo and variable assignments): what the person types. */
export function confirmWordFor(text: string): string {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => !/^[A-Za-z_]\w*=/.test(w) && w !== "sudo");
  return (words[0] ?? "run").replace(/[^\w./-]/g, "") || "run";
}

export interface Confirmation {
  /** The risk the person saw and confirmed. */
  confirmed?: Risk;
  /** What they typed for a destructive run. */
  confirmWord?: string;
}

/** Refuses a run the person has not confirmed as its risk asks (the page asks first; this is the server's word). */
export function checkConfirmation(guard: Guard, c: Confirmation): void {
  if (guard.risk === "read-only") return;
  if (guard.risk === "mutating" && c.confirmed !== "mutating" && c.confirmed !== "destructive") {
    throw new AppError("PRECONDITION_FAILED", "This command changes things: confirm it before it runs.");
  }
  if (guard.risk === "destructive") {
    if (c.confirmed !== "destructive")
      throw new AppError("PRECONDITION_FAILED", "This command can destroy data: confirm it before it runs.");
    if (c.confirmWord?.trim() !== guard.confirmWord)
      throw new AppError("PRECONDITION_FAILED", `Type "${guard.confirmWord}" to confirm this destructive command.`);
  }
}
