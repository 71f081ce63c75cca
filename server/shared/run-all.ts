import { z } from "zod";
import { ZRisk } from "./risk";

/** Run step: one step's commands. Run all from here: that step's and every later step's. */
export const ZRunAllScope = z.enum(["step", "from-here"]);
export type RunAllScope = z.infer<typeof ZRunAllScope>;

/** running: a command runs or is about to; waiting: for a person; stopped: resumable; superseded: a newer run-all took over. */
export const ZRunAllState = z.enum(["running", "waiting", "stopped", "completed", "superseded"]);
export type RunAllState = z.infer<typeof ZRunAllState>;

/** What a paused run-all waits for. It waits as long as it takes: nothing times out or runs on its own. */
export const ZRunAllWait = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("confirm"),
    risk: ZRisk,
    /** The command as it will run (secrets masked). */
    text: z.string(),
    confirmWord: z.string().nullable(),
    needsApproval: z.boolean(),
    /** Why it needs one (older rows: destructive). */
    approvalReason: z.enum(["destructive", "edited", "target"]).nullable().default(null),
    /** Where it will run (a target), null: the Runlog server. */
    target: z.object({ name: z.string(), where: z.string() }).nullable().default(null),
  }),
  z.object({ kind: z.literal("variables"), names: z.array(z.string()).min(1) }),
]);
export type RunAllWait = z.infer<typeof ZRunAllWait>;

/** Why a run-all stopped at a command. */
export const ZRunAllStop = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("exit"), exitCode: z.number().int().nullable(), signal: z.string().nullable() }),
  z.object({ kind: z.literal("check"), failed: z.array(z.string()) }),
  z.object({ kind: z.literal("cancelled"), by: z.string().nullable() }),
  z.object({ kind: z.literal("timed-out") }),
  z.object({ kind: z.literal("interrupted") }),
  z.object({ kind: z.literal("connection-lost") }),
  z.object({ kind: z.literal("stopped"), by: z.string() }),
  z.object({ kind: z.literal("error"), message: z.string() }),
]);
export type RunAllStop = z.infer<typeof ZRunAllStop>;

export function describeStop(s: RunAllStop): string {
  switch (s.kind) {
    case "exit":
      return s.exitCode !== null ? `exit ${s.exitCode}` : `killed by ${s.signal ?? "a signal"}`;
    case "check":
      return `check failed: ${s.failed.join("; ").replace(/^expects/, "expected")}`;
    case "cancelled":
      return s.by ? `cancelled by ${s.by}` : "cancelled";
    case "timed-out":
      return "timed out";
    case "interrupted":
      return "interrupted (the server stopped while it ran)";
    case "connection-lost":
      return "the connection to its target was lost";
    case "stopped":
      return `stopped by ${s.by}`;
    case "error":
      return `could not start: ${s.message}`;
  }
}

export function describeWait(w: RunAllWait): string {
  if (w.kind === "variables") return `set ${w.names.map((n) => `$${n}`).join(", ")}`;
  if (w.needsApproval) return "confirm and get a commander's approval for";
  return w.confirmWord !== null ? `type "${w.confirmWord}" to confirm` : "confirm";
}
