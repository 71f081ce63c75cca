import { describeStop, describeWait } from "./run-all";
import type { TimelineEvent } from "./timeline";

type RunAllEvent = Extract<
  TimelineEvent,
  { type: "runall.started" | "runall.paused" | "runall.resumed" | "runall.skipped" | "runall.stopped" | "runall.completed" }
>;

export const isRunAllEvent = (e: TimelineEvent): e is RunAllEvent => e.type.startsWith("runall.");

const firstLine = (s: string | null) => {
  if (s === null) return "";
  const [line, ...rest] = s.split("\n");
  return rest.length ? `${line} …` : line!;
};

/** One line per run-all event, for the timeline, the commander's view and the export alike. */
export function summarizeRunAllEvent(e: RunAllEvent): string {
  switch (e.type) {
    case "runall.started":
      return `${e.payload.scope === "step" ? "Run step" : "Run all from"} “${e.payload.fromTitle}” (${e.payload.commands} command${e.payload.commands === 1 ? "" : "s"})`;
    case "runall.paused":
      return `Run all paused: ${describeWait(e.payload.why)} ${firstLine(e.payload.text)}`.trimEnd();
    case "runall.resumed":
      return `Run all resumed${e.payload.text ? ` at ${firstLine(e.payload.text)}` : ""}`;
    case "runall.skipped":
      return `Run all skipped ${firstLine(e.payload.text ?? e.payload.commandId)}: ${e.payload.reason}`;
    case "runall.stopped":
      return `Run all stopped${e.payload.text ? ` at ${firstLine(e.payload.text)}` : ""}: ${describeStop(e.payload.reason)}`;
    case "runall.completed":
      return `Run all completed: ${e.payload.ran} ran, ${e.payload.skipped} skipped${e.payload.openChecks.length ? `; still open: ${e.payload.openChecks.join("; ")}` : ""}`;
  }
}
