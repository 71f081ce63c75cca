import type { TimelineEvent } from "./timeline";

/** Key figures of an incident, from its events: milliseconds from opening, null until they happen. */
export function keyFigures(events: TimelineEvent[]): {
  toFirstCommand: number | null;
  toMitigated: number | null;
  toResolved: number | null;
} {
  const opened = events.find((e) => e.type === "incident.opened")?.at.getTime();
  const since = (e: TimelineEvent | undefined) => (e && opened !== undefined ? e.at.getTime() - opened : null);
  const statusTo = (s: string) => events.filter((e) => e.type === "status.changed" && e.payload.to === s);
  return {
    toFirstCommand: since(events.find((e) => e.type === "command.started")),
    toMitigated: since(statusTo("mitigated")[0]),
    // A resolved incident that was reopened is resolved when it was last resolved.
    toResolved: since(statusTo("resolved").at(-1)),
  };
}

/**
 * The runbook step each event belongs to (commands carry their section path; whatever a run
 * recorded belongs to its command's step), by event id.
 */
export function stepsOf(events: TimelineEvent[]): Map<string, string | null> {
  const byRun = new Map<string, string | null>();
  const out = new Map<string, string | null>();
  for (const e of events) {
    if (e.type === "command.started") {
      const step = e.payload.section.join(" / ") || null;
      if (e.runId) byRun.set(e.runId, step);
      out.set(e.id, step);
    } else {
      out.set(e.id, e.runId ? (byRun.get(e.runId) ?? null) : null);
    }
  }
  return out;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
