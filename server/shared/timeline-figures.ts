import type { TimelineEvent } from "./timeline";

/** Key figures of an incident, from its events: milliseconds from opening, null until they happen. */
export function keyFigures(events: TimelineEvent[]): { toFirstCommand: number | null; toMitigated: number | null; toResolved: number | null } {
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

/** The runbook step an event belongs to (commands carry their section path), or null. */
export function stepOf(event: TimelineEvent, events: TimelineEvent[]): string | null {
  if (event.type === "command.started") return event.payload.section.join(" / ") || null;
  if (event.type === "command.finished" && event.runId) {
    const started = events.find((e) => e.type === "command.started" && e.runId === event.runId);
    return started ? stepOf(started, events) : null;
  }
  return null;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
